"""The preview's cache of converted Markdown (studynotes.plugin.rendercache): converted once per
content, files and settings; what the hooks change on a page never reaches the cache. That whole
builds with it write what clean builds write is checked by tests/test_preview.py."""

from __future__ import annotations

from types import SimpleNamespace

from mkdocs.structure.toc import AnchorLink, TableOfContents

from studynotes.plugin.rendercache import RenderCache


class Files(list):
    pass


def _page(markdown: str, url: str = "questions/061/"):
    return SimpleNamespace(markdown=markdown, file=SimpleNamespace(src_uri="questions/061.md", url=url,
                                                                   dest_uri=url + "index.html"))


def _convert(calls):
    def convert(page, config, files):
        calls.append(page.markdown)
        page.content, page.toc = f"<p>{page.markdown}</p>", TableOfContents([AnchorLink("見出し", "a", 1)])
        page.title_found, page.present_anchor_ids, page.links_to_anchors = "題", {"a"}, {}  # any attribute
    return convert


CONFIG = {"markdown_extensions": ["toc"], "mdx_configs": {}, "use_directory_urls": True}


def test_the_same_markdown_is_converted_once_and_the_hooks_changes_stay_on_the_page():
    cache, calls, files = RenderCache(), [], Files([SimpleNamespace(src_uri="a.md", url="a/", dest_uri="a/index.html")])
    first = _page("本文")
    cache.render(_convert(calls), first, CONFIG, files)
    first.toc.items[0].children.append(AnchorLink("関連用語", "related", 2))  # as the hooks append their sections
    again = _page("本文")
    cache.render(_convert(calls), again, CONFIG, files)
    assert calls == ["本文"] and again.content == "<p>本文</p>" and str(again.toc) == "見出し - #a\n"
    assert (again.title_found, again.present_anchor_ids, again.links_to_anchors) == ("題", {"a"}, {})
    assert again.present_anchor_ids is not first.present_anchor_ids  # a set of its own
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


def test_what_the_conversion_sets_is_learned_and_what_it_removes_is_removed():
    def convert(page, config, files):
        page.content = page.markdown
        if page.markdown == "題あり":
            page.title_found = "題"
        else:
            page.title_found = None  # the same object as before: learned from another page all the same
        del page.stale

    cache, files = RenderCache(), Files()
    for markdown in ("題あり", "題なし"):
        page = _page(markdown)
        page.title_found, page.stale = None, "前の値"
        cache.render(convert, page, CONFIG, files)
    again = _page("題なし")
    again.title_found, again.stale = "ほかの値", "前の値"
    cache.render(convert, again, CONFIG, files)
    assert cache.hits == 1 and again.content == "題なし" and again.title_found is None and not hasattr(again, "stale")
