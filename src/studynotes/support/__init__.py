"""Helpers for the tests, the benchmark and the tools, not used by the build.

Shared here so that none of them imports another: ``browser`` (Chromium: where it is, how it is
started, a quiet local server for a built site, the site's search worker asked directly), ``trees``
(the benchmark's synthetic notes tree, made from the real notes), ``sizes`` (what parts of a
built site weigh for readers), ``events`` (the build's events up to ``on_nav``, and the hooks'
events object with its timings) and ``search_eval`` (recall of our search and of Pagefind on the
same site, for ``make search-eval``). Nothing heavy is imported at module level (Playwright is imported
where a browser is launched).
"""
