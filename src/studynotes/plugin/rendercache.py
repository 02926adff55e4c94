"""Pages' Markdown converted once per content while the preview runs: a whole build after a new
title, a new page or a deleted one converts again only the pages whose Markdown changed.

Converting Markdown is nearly half of a build (35 s of 76 s at 2,000 questions), and a change of
the navigation changes no page's Markdown but its own. MkDocs has no event that could skip the
conversion, so the preview (only it: ``make build`` converts every page, as MkDocs does) wraps
``Page.render``, MkDocs' one step that converts a page, with :class:`RenderCache`: the same
Markdown of the same page, with the same files around it (links are resolved against them) and
the same Markdown settings, gives what the conversion gave, and is not converted again. What
``render`` sets on the page is kept: its HTML, a copy of its table of contents (the hooks append
to it), its title from the rendering and its anchors. Entries live for two builds (the last one
and the one running), so the cache holds about one site.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator

from mkdocs.structure.pages import Page


class RenderCache:
    def __init__(self) -> None:
        self.now: dict[tuple, tuple] = {}     # what this build (or update) converted or took
        self.before: dict[tuple, tuple] = {}  # what the last one did
        self.hits = self.misses = 0

    def next_build(self) -> None:
        """A build starts: what the one before it did not use is forgotten."""
        self.before, self.now = self.now, {}
        self.hits = self.misses = 0

    def render(self, convert, page: Page, config, files) -> None:
        """``convert(page, config, files)`` (MkDocs' ``Page.render``), or what it gave before."""
        key = (page.markdown, page.file.src_uri, page.file.url, page.file.dest_uri, _files_key(files),
               _settings(config))
        found = self.now.get(key) or self.before.pop(key, None)
        if found is None:
            convert(page, config, files)
            found = (page.content, copy.deepcopy(page.toc), page._title_from_render,
                     set(page.present_anchor_ids or ()), getattr(page, "links_to_anchors", None))
            self.misses += 1
        else:
            content, toc, title, anchors, links = found
            page.content, page.toc, page._title_from_render = content, copy.deepcopy(toc), title
            page.present_anchor_ids = set(anchors)
            if links is not None:
                page.links_to_anchors = dict(links)
            self.hits += 1
        self.now[key] = found


def _files_key(files) -> int:
    """The files a page's links are resolved against (their paths and addresses), once per Files."""
    key = getattr(files, "_studynotes_render_key", None)
    if key is None:
        key = hash((type(files).__qualname__, tuple(
            (f.src_uri, getattr(f, "norm_src_uri", None), f.url, f.dest_uri) for f in files)))
        files._studynotes_render_key = key
    return key


def _settings(config) -> str:
    return repr((config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"]))


@contextlib.contextmanager
def installed(cache: RenderCache) -> Iterator[RenderCache]:
    """MkDocs' ``Page.render`` goes through ``cache`` while in the block (a preview's life)."""
    convert = Page.render

    def render(page, config, files):
        cache.render(convert, page, config, files)
    Page.render = render
    try:
        yield cache
    finally:
        Page.render = convert
