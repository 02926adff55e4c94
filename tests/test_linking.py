"""Cross-linking: matching rules, golden HTML cases, properties, and the term index's errors."""

from __future__ import annotations

import difflib
import html
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from studynotes.catalog import anchor_problems, build_catalog
from studynotes.errors import NotesError
from studynotes.linker import TermLink, link_page
from studynotes.matching import Matcher, same_name_key, spellings
from studynotes.terms import build_term_index

FIXTURES = Path(__file__).parent / "fixtures" / "linking"
NAMES = yaml.safe_load((FIXTURES / "terms.yml").read_text(encoding="utf-8"))
MATCHER = Matcher(NAMES)
DEFINING = {"最小最大正規化とは": {"min-max"}}


def target(key: str) -> TermLink | None:
    return None if key.startswith("self-") else TermLink(f"/{key}/", key)


def linked(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.key) for m in MATCHER.find(text)]


# -- matching -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("消失勾配が起こる", [("消失勾配", "vanishing-gradient")]),
    ("GPUの未活用", [("GPUの未活用", "underutilized-gpu")]),
    ("GPU の未活用", [("GPU の未活用", "underutilized-gpu")]),
    ("ＧＰＵ　の未活用", [("ＧＰＵ　の未活用", "underutilized-gpu")]),
    ("GPUを使う", [("GPU", "gpu")]),
    ("GPUs and gpus", [("GPUs", "gpu"), ("gpus", "gpu")]),
    ("eGPU GPUDirect GPU2", []),
    ("Amazon SageMaker Debugger", [("SageMaker Debugger", "sagemaker-debugger")]),
    ("SageMakerの", [("SageMaker", "sagemaker")]),
    ("最小最大正規化と正規化", [("最小最大正規化", "min-max"), ("正規化", "normalization")]),
    ("VANISHING\nGRADIENT", [("VANISHING\nGRADIENT", "vanishing-gradient")]),
    ("ＧＰＵ\nの未活用", [("ＧＰＵ\nの未活用", "underutilized-gpu")]),
    ("vanishinggradient", []),
])
def test_matching(text, expected):
    assert linked(text) == expected


def test_the_name_key_folds_width_case_and_spaces_next_to_japanese():
    assert same_name_key("ＧＰＵ の未活用") == same_name_key("gpuの未活用") == "gpuの未活用"
    assert same_name_key("SageMaker   Debugger") == "sagemaker debugger"
    assert same_name_key("ｶﾀｶﾅ") == "カタカナ"
    assert spellings("GPU の未活用") == {"gpuの未活用", "gpu の未活用"}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["GPU", "ＧＰＵ", "gpu", "s", "e", " ", "　", "\n", "の未活用", "消失", "勾配",
                                 "SageMaker", "Debugger", "最小最大", "正規化", "ｶﾀｶﾅ", "ß", "é", "e\u0301", "x"]),
                max_size=12).map("".join))
def test_quick_rejection_never_loses_a_match(text):
    assert MATCHER.find(text) == MATCHER.find_exact(text)


# -- golden cases ---------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(p.stem for p in FIXTURES.glob("*.html") if not p.stem.endswith(".expected")))
def test_golden(case):
    source = (FIXTURES / f"{case}.html").read_text(encoding="utf-8")
    expected_file = FIXTURES / f"{case}.expected.html"
    actual = link_page(source, MATCHER, target, DEFINING).html
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "expected", "actual"))
    assert actual == expected, "golden file differs (UPDATE_GOLDEN=1 rewrites it after review):\n" + diff


def test_first_mention_only_and_mentions_recorded_with_their_section():
    page = link_page('<h2 id="a">A</h2><p>GPU GPU</p><h2 id="b">B</h2><p>GPU 勾配</p>', MATCHER, target)
    assert page.html.count("<a ") == 2 and page.linked == ["gpu", "gradient"]
    assert page.mentions == {"gpu": "a", "gradient": "b"}


def test_mentions_in_headings_count_but_are_not_linked():
    page = link_page('<h2 id="x">消失勾配とは</h2><p>消失勾配</p>', MATCHER, target)
    assert page.mentions == {"vanishing-gradient": "x"}
    assert '<p><a class="glossary-link" href="/vanishing-gradient/"' in page.html


# -- properties -----------------------------------------------------------------------------

WORDS = ["GPU", "GPUs", "eGPU", "消失勾配", "勾配", "が", "SageMaker Debugger", "正規化", "最小最大正規化", " ",
         "&amp;", "&lt;", "ドロップアウト", "ＧＰＵ", "の未活用", "。"]
INLINE = st.lists(st.sampled_from(WORDS), max_size=8).map("".join)
BLOCKS = st.one_of(
    INLINE.map(lambda t: f"<p>{t}</p>"),
    INLINE.map(lambda t: f"<p><strong>{t}</strong>{t}</p>"),
    INLINE.map(lambda t: f"<p><code>{t}</code></p>"),
    INLINE.map(lambda t: f"<pre><code>{t}</code></pre>"),
    INLINE.map(lambda t: f'<p><a href="/x/">{t}</a></p>'),
    INLINE.map(lambda t: f'<h2 id="h">{t}</h2>'),
    INLINE.map(lambda t: f'<p><span class="arithmatex"><math><mi>{t}</mi></math></span></p>'),
    INLINE.map(lambda t: f'<p><img alt="{t}" src="a.png"><span title="{t}">{t}</span></p>'),
)
PAGES = st.lists(BLOCKS, max_size=8).map("\n".join)
PROTECTED = re.compile(r"<(code|pre|a|h2|math)\b[^>]*>.*?</\1>", re.S)


def visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def protected_parts(markup: str) -> list[str]:
    return [m.group(0) for m in PROTECTED.finditer(markup) if 'class="glossary-link"' not in m.group(0)]


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_linking_keeps_text_and_never_touches_protected_markup(page):
    out = link_page(page, MATCHER, target, DEFINING).html
    assert visible(out) == visible(page)                                # visible text unchanged
    assert re.sub(r'<a class="glossary-link"[^>]*>|</a>', "", out) == re.sub(r"</a>", "", page)  # only links added
    assert not re.search(r"<a\b[^>]*>(?:(?!</a>).)*<a\b", out, re.S)    # links never nest
    assert protected_parts(out) == protected_parts(page)                # code, pre, links, headings, math untouched
    for attrs in re.findall(r"<(?:img|span)\b([^>]*)>", out):          # attributes untouched
        assert attrs in re.findall(r"<(?:img|span)\b([^>]*)>", page)
    hrefs = re.findall(r'class="glossary-link" href="([^"]+)"', out)
    assert len(hrefs) == len(set(hrefs))                               # each term linked once per page
    assert "/self-dropout/" not in hrefs                               # a page never links to itself


# -- the term index ---------------------------------------------------------------------------

def term_page(title: str, aliases: list[str], reading: str = "") -> str:
    lines = ["---", f"title: {title}", f"aliases: {aliases!r}", *([f"reading: {reading}"] if reading else [])]
    return "\n".join([*lines, "summary: 一文。", "---", "", f"# {title}", ""])


def question_page(number: int, terms: str, body: str = "## 🔹 レイヤー（Layer）とは？\n\n本文。\n") -> str:
    return f"---\nnumber: {number}\ntitle: t\ntags: [a]\n{terms}---\n\n{body}"


def test_alias_claimed_by_two_terms_names_both_files_and_lines():
    with pytest.raises(NotesError) as e:
        build_term_index(build_catalog({
            "glossary/amazon-macie.md": term_page("Amazon Macie", ["Macie"]),
            "glossary/macie.md": term_page("Macie サービス", ["ＭＡＣＩＥ"], "めいしーさーびす")}))
    assert "glossary/macie.md:3: alias 'ＭＡＣＩＥ' is also claimed by glossary/amazon-macie.md:3" in str(e.value)


def test_in_question_term_with_a_glossary_page_becomes_its_explanation():
    catalog = build_catalog({
        "glossary/layer.md": term_page("レイヤー", ["layer"], "れいやー"),
        "questions/062.md": question_page(62, "terms:\n- term: レイヤー\n  aliases: [ネットワーク層]\n"
                                              "  reading: れいやー\n  summary: 層のこと。\n"
                                              "  anchor: レイヤーlayerとは\n")})
    index = build_term_index(catalog)
    assert list(index.entries) == ["glossary/layer.md"]
    entry = index.entries["glossary/layer.md"]
    assert entry.names == ["レイヤー", "layer", "ネットワーク層"]
    assert [(e.number, e.anchor) for e in entry.explanations] == [(62, "レイヤーlayerとは")]


def test_in_question_term_without_glossary_page_links_to_its_section():
    catalog = build_catalog({"questions/062.md": question_page(
        62, "terms:\n- term: レイヤー\n  reading: れいやー\n  summary: 層のこと。\n  anchor: '#レイヤーlayerとは'\n")})
    entry = build_term_index(catalog).entries["questions/062.md#レイヤーlayerとは"]
    assert (entry.path, entry.anchor, entry.summary) == ("questions/062.md", "レイヤーlayerとは", "層のこと。")


def test_an_anchor_must_be_a_heading_of_the_rendered_page():
    catalog = build_catalog({"questions/062.md": question_page(
        62, "terms:\n- term: レイヤー\n  reading: れいやー\n  summary: 層。\n  anchor: layer\n")})
    problems = anchor_problems(catalog.questions[62], ["問題-62-t", "レイヤーlayerとは"])
    assert [str(p) for p in problems] == [
        "questions/062.md:9: anchor 'layer' of term 'レイヤー' is not a heading of this page; its headings are: "
        "問題-62-t, レイヤーlayerとは / 用語 'レイヤー' の anchor 'layer' はこのページの見出しにありません。"
        "見出し: 問題-62-t, レイヤーlayerとは"]
    assert anchor_problems(catalog.questions[62], ["layer"]) == []


@pytest.mark.parametrize("name", ["の", "Ａ", " x "])
def test_one_character_names_are_refused(name):
    with pytest.raises(NotesError) as e:
        build_term_index(build_catalog({"glossary/gradient.md": term_page("勾配", [name], "こうばい")}))
    assert "glossary/gradient.md:3: name" in str(e.value) and "has only one character" in str(e.value)


@pytest.mark.parametrize("terms, expected", [
    ("terms:\n- term: ''\n  summary: 層。\n  anchor: レイヤーlayerとは\n",
     "questions/062.md:6: 'terms[0].term' must be non-empty text"),
    ("terms:\n- term: レイヤー\n  summary: 層。\n  anchor: レイヤーlayerとは\n",
     "questions/062.md:6: missing 'terms[0].reading'"),
    ("terms:\n- term: レイヤー\n  reading: れいやー\n  anchor: レイヤーlayerとは\n",
     "questions/062.md:6: missing front matter key 'terms[0].summary'"),
    ("terms:\n- term: Layer\n  summary: 層。\n  anchor: レイヤーlayerとは\n  anker: x\n",
     "questions/062.md:9: unknown front matter key 'terms[0].anker'"),
])
def test_bad_in_question_declarations(terms, expected):
    with pytest.raises(NotesError) as e:
        build_catalog({"questions/062.md": question_page(62, terms)})
    assert expected in str(e.value)


def test_empty_glossary_title_is_refused():
    with pytest.raises(NotesError) as e:
        build_catalog({"glossary/x.md": "---\ntitle: ' '\naliases: []\nsummary: 一文。\n---\n"})
    assert "glossary/x.md:2: 'title' must be non-empty text" in str(e.value)


def test_which_names_are_the_same_term():
    # Two glossary pages whose titles differ only in width, case or spaces are one term written twice.
    same = {"glossary/a.md": term_page("ＷＩＤＥ 勾配", [], "わいどこうばい"),
            "glossary/b.md": term_page("wide勾配", [], "わいどこうばい")}
    with pytest.raises(NotesError,
                       match=re.escape("glossary/b.md:2: term 'wide勾配' is also defined by glossary/a.md")):
        build_catalog(same)
    spaced = {"glossary/a.md": term_page("Sage Maker", []), "glossary/b.md": term_page("SageMaker", [])}
    with pytest.raises(NotesError,
                       match=re.escape("glossary/b.md:2: term 'SageMaker' is also defined by glossary/a.md")):
        build_catalog(spaced)
    # Names (aliases, a question's terms) are the same when the matcher cannot tell them apart.
    two = {"glossary/a.md": term_page("Sage Maker", []),
           "glossary/b.md": term_page("Amazon SageMaker", ["Sage  Maker "])}
    with pytest.raises(NotesError, match=re.escape("b.md:3: alias 'Sage  Maker' is also claimed by glossary/a.md:2")):
        build_term_index(build_catalog(two))


def test_names_with_html_special_characters_match_escaped_text():
    matcher = Matcher({"R&D": "rnd", "A<B": "ab"})
    page = link_page("<p>R&amp;D and A&lt;B</p>", matcher, target)
    assert page.html == ('<p><a class="glossary-link" href="/rnd/" data-term="rnd">R&amp;D</a> and '
                         '<a class="glossary-link" href="/ab/" data-term="ab">A&lt;B</a></p>')


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_fast_folding_agrees_with_folding_each_character(text):
    from studynotes.matching import _fold_char, fold_for_matching
    folded, index = fold_for_matching(text)
    assert folded == "".join(_fold_char(ch) for ch in text)
    if index is not None:
        assert len(index) == len(folded) and index == sorted(index)


@pytest.mark.parametrize("text, found", [
    ("ミニバッチで学習する", []),                 # inside a longer katakana word
    ("バッチサイズを決める", []),
    ("バッチ・サイズを決める", ["バッチ"]),        # the middle dot separates words
    ("バッチの大きさ", ["バッチ"]),
    ("勾配降下法を使う", ["勾配"]),               # kanji compounds are words made of words
    ("そのためには", []),                         # a hiragana-only name inside hiragana
    ("「ため」と書く", ["ため"]),
    ("eGPU と GPUs", ["GPU"]),
])
def test_a_name_never_matches_inside_a_word(text, found):
    matcher = Matcher({"バッチ": "batch", "勾配": "gradient", "ため": "tame", "GPU": "gpu"})
    assert [text[m.start:m.end].rstrip("s") for m in matcher.find(text)] == found
