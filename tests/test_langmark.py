"""Japanese words on English pages are marked lang="ja" (studynotes.langmark; WCAG 3.1.2)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studynotes.htmlparse import parse_html
from studynotes.langmark import RE_JAPANESE_RUN, mark_language
from util import without_marks


def page(body: str, head: str = "<title>用語集</title>") -> str:
    return f'<!doctype html>\n<html lang="en"><head>{head}</head><body>{body}</body></html>'


def unmarked_japanese(html: str) -> list[str]:
    """Text of the body with Japanese in it, outside elements that say they are Japanese (formulas,
    scripts, styles and SVG aside)."""
    found = []
    body = parse_html(html).body
    for node in body.traverse(include_text=True) if body else ():
        if node.tag != "-text" or not RE_JAPANESE_RUN.search(node.text_content or ""):
            continue
        el, lang, skipped = node.parent, None, False
        while el is not None:
            skipped = skipped or el.tag in {"math", "script", "style", "svg", "textarea", "template"}
            lang = lang or el.attributes.get("lang")
            el = el.parent
        if not skipped and (lang or "").lower().split("-")[0] != "ja":  # a language tag's case is no matter
            found.append(node.text_content)
    return found


def test_a_source_notes_name_is_marked_and_the_head_is_left_alone():
    html = page('<p class="note-source">Source note: AWS機械学習関連用語解説</p>')
    marked = mark_language(html)
    assert '<p class="note-source">Source note: AWS<span lang="ja">機械学習関連用語解説</span></p>' in marked
    assert "<title>用語集</title>" in marked
    assert unmarked_japanese(html) and not unmarked_japanese(marked)


def test_what_already_says_its_language_is_left_alone_and_what_follows_it_is_marked():
    html = page('<div lang="ja"><div><p>未翻訳の本文</p></div><p>続き</p></div><p>After 消失勾配</p>'
                '<a hreflang="ja" lang="ja" href="/">日本語</a>')
    marked = mark_language(html)
    assert '<div lang="ja"><div><p>未翻訳の本文</p></div><p>続き</p></div>' in marked
    assert '<p>After <span lang="ja">消失勾配</span></p>' in marked
    assert '<a hreflang="ja" lang="ja" href="/">日本語</a>' in marked


def test_formulas_scripts_styles_svg_and_attributes_are_never_changed():
    body = ('<math><mtext>正規化</mtext><annotation encoding="application/x-tex">\\text{値}</annotation></math>'
            '<script>var s = "<b>日本語</b>"</script><style>p::before { content: "注" }</style>'
            '<svg><title>図</title></svg><a title="用語" href="#">term</a><textarea>下書き</textarea>')
    assert mark_language(page(body)) == page(body)


def test_a_page_without_japanese_is_returned_as_it_is():
    html = page("<p>Only English here.</p>", head="<title>Glossary</title>")
    assert mark_language(html) is html


FRAGMENTS = ["<p>", "</p>", '<div lang="ja">', '<div lang="en">', "<div>", "</div>", "<span>", "</span>",
             "<br>", "<!-- 注 -->", "<math><mi>値</mi></math>", "<script>x = '<p>字</p>'</script>",
             '<a title="名前" href="#">', "</a>", "正規化", "Normalization", "、", "。", "（", "ｶﾀｶﾅ",
             " ", "&amp;", "a < b", "ー", "最小最大", "ML",
             # What the scan passes over in one go, or must stop at:
             "<DIV>", "</Div >", '<DIV LANG="JA">', '<a hreflang="ja" href="#">', '<span lang="en-US">',
             "<!-- 注", "<!-- <b> 注 -->", "<svg><title>図</title></svg>", "<div-x>", "</div-x>"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_nothing_but_the_spans_is_added_and_every_japanese_word_is_marked(parts):
    html = page("".join(parts))
    marked = mark_language(html)
    assert without_marks(marked) == html  # the spans taken out: the page as it was
    assert unmarked_japanese(marked) == []


def test_every_japanese_word_on_the_english_pages_of_both_sites_is_marked(site, fixture_site):
    found = []
    for built in (site, fixture_site):
        pages = sorted((built / "en").rglob("*.html"))
        assert len(pages) > 10
        for html_file in pages:
            found += [f"{html_file.relative_to(built)}: {text.strip()[:60]!r}"
                      for text in unmarked_japanese(html_file.read_text(encoding="utf-8"))]
    assert found == []
    # The Japanese pages are not marked: Japanese is their language.
    assert '<span lang="ja">' not in (site / "index.html").read_text(encoding="utf-8")
