"""The preview's cache of converted Markdown (studynotes.plugin.rendercache): converted once per
content, files and settings; what the hooks change on a page never reaches the cache. That whole
builds with it write what clean builds write is checked by tests/test_preview.py."""

from __future__ import annotations

from types import SimpleNamespace

from studynotes.plugin.rendercache import RenderCache


class Files(list):
    pass


def _page(markdown: str, url: str = "questions/061/"):
    return SimpleNamespace(markdown=markdown, file=SimpleNamespace(src_uri="questions/061.md", url=url,
                                                                   dest_uri=url + "index.html"))


def _convert(calls):
    def convert(page, config, files):
        calls.append(page.markdown)
        page.content, page.toc = f"<p>{page.markdown}</p>", [["見出し"]]
        page._title_from_render, page.present_anchor_ids, page.links_to_anchors = "題", {"a"}, {}
    return convert


CONFIG = {"markdown_extensions": ["toc"], "mdx_configs": {}, "use_directory_urls": True}


def test_the_same_markdown_is_converted_once_and_the_hooks_changes_stay_on_the_page():
    cache, calls, files = RenderCache(), [], Files([SimpleNamespace(src_uri="a.md", url="a/", dest_uri="a/index.html")])
    first = _page("本文")
    cache.render(_convert(calls), first, CONFIG, files)
    first.toc[0].append("関連用語")  # as the hooks append their sections
    again = _page("本文")
    cache.render(_convert(calls), again, CONFIG, files)
    assert calls == ["本文"] and again.content == "<p>本文</p>" and again.toc == [["見出し"]]
    assert (cache.hits, cache.misses) == (1, 1)
    for other, settings, around in [(_page("別の本文"), CONFIG, files),
                                    (_page("本文", "en/questions/061/"), CONFIG, files),
                                    (_page("本文"), {**CONFIG, "markdown_extensions": ["toc", "tables"]}, files),
                                    (_page("本文"), CONFIG, Files(files[:0]))]:
        cache.render(_convert(calls), other, settings, around)
    assert len(calls) == 5  # another text, address, setting or set of files: converted


def test_what_two_builds_did_not_use_is_forgotten():
    cache, calls, files = RenderCache(), [], Files()
    cache.render(_convert(calls), _page("一"), CONFIG, files)
    cache.next_build()
    cache.render(_convert(calls), _page("二"), CONFIG, files)
    cache.next_build()
    cache.render(_convert(calls), _page("二"), CONFIG, files)
    cache.render(_convert(calls), _page("一"), CONFIG, files)
    assert calls == ["一", "二", "一"]
