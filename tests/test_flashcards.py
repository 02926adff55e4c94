"""What the build writes for the study page (/study/, /en/study/): the cards, the deck's controls,
the vendored scheduler. The learner's session itself is driven in Chromium
(tests/test_flashcards_browser.py).

Exact expectations on the fixture site and on small inputs; over the live site only what holds for
any notes (every term of the glossary's index is a card whose link leads to its explanation).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT, tool_missing
from studynotes import catalog, labels, offline, study
from studynotes.support import vendor
from studynotes.terms import build_term_index

HOSTILE = '<img src=x onerror=alert(1)> " \' & </div><script>alert(2)</script>'


def _cards(site: Path, prefix: str) -> list[dict]:
    return json.loads((site / prefix / study.CARDS_PATH).read_text(encoding="utf-8"))


def _glossary_lines(site: Path, prefix: str) -> list[str]:
    """The terms of the glossary's index, as its lines link them."""
    tree = LexborHTMLParser((site / prefix / "glossary/index.html").read_text(encoding="utf-8"))
    return [li.css_first("a").text() for li in tree.css("article ul > li")]


def _target(site: Path, prefix: str, url: str) -> tuple[Path, str]:
    address, _, anchor = url.partition("#")
    return site / prefix / address / "index.html", anchor


def test_every_term_of_the_glossarys_index_is_one_card_whose_link_leads_to_its_explanation(site):
    for prefix in ("", "en/"):
        cards = _cards(site, prefix)
        assert [c["name"] for c in cards] == _glossary_lines(site, prefix)  # the same terms, the same order
        assert len({c["id"] for c in cards}) == len(cards)
        for card in cards:
            page, anchor = _target(site, prefix, card["url"])
            assert page.is_file(), card
            if anchor:
                tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
                ids = {node.attributes.get("id") for node in tree.css("[id]")}
                assert anchor in ids, card
            assert card["summary"] and card["go"] and card["name"] not in card["names"]


def test_the_fixtures_cards_in_both_languages_are_the_same_cards(fixture_site):
    ja, en = _cards(fixture_site, ""), _cards(fixture_site, "en/")
    assert len(ja) == 18 and sorted(c["id"] for c in ja) == sorted(c["id"] for c in en)
    by_id = {c["id"]: c for c in ja}
    vanishing = by_id["glossary/vanishing-gradient.md"]
    assert vanishing == {
        "id": "glossary/vanishing-gradient.md", "was": ["questions/066.md#2"], "name": "消失勾配",
        "reading": "しょうしつこうばい",
        "summary": "消失勾配は、ディープニューラルネットワークのトレーニング中に発生する問題で、勾配（誤差の微分）が"
                   "非常に小さくなり、ネットワークの初期層のパラメータが効果的に更新されなくなる現象です。",
        "names": ["勾配消失", "vanishing gradient", "勾配消失問題", "vanishing gradient problem", "Vanishing Gradient"],
        "url": "glossary/vanishing-gradient/", "go": "用語ページへ"}
    gradient = {c["id"]: c for c in en}["questions/066.md#1"]  # explained in a question, under its own anchor
    assert (gradient["name"], gradient["reading"], gradient["go"]) == ("Gradient", "", "Go to the explanation")
    assert gradient["url"] == "questions/066/#what-is-a-gradient"
    assert by_id["questions/066.md#1"]["url"] == "questions/066/#勾配とは"


def _catalog(question: str, glossary: str | None = None) -> catalog.Catalog:
    texts = {"questions/066.md": question}
    if glossary:
        texts["glossary/gradient.md"] = glossary
    return catalog.build_catalog(texts)


QUESTION = """---
number: 66
title: 勾配
tags: [x]
terms:
- term: {first}
  aliases: []
  reading: {reading}
  summary: 一つ目。
  anchor: {anchor}
- term: 勾配
  aliases: [gradient]
  reading: こうばい
  summary: {summary}
  anchor: 勾配とは
---

## {first}

## 勾配とは
"""


def _deck(question: str, glossary: str | None = None, language: str = "ja") -> list[dict]:
    notes = _catalog(question, glossary)
    terms = build_term_index(notes)
    urls = {"questions/066.md": "questions/066/", "glossary/gradient.md": "glossary/gradient/"}
    return json.loads(study.cards_data(terms.entries.values(), notes, urls, "", language))


def test_a_cards_id_outlives_a_new_name_and_anchor_and_a_glossary_page_takes_its_progress():
    first = QUESTION.format(first="損失", reading="そんしつ", anchor="損失", summary="二つ目。")
    before = {c["name"]: c["id"] for c in _deck(first)}
    renamed = {c["name"]: c["id"] for c in _deck(QUESTION.format(first="誤差", reading="ごさ", anchor="誤差とは",
                                                                 summary="二つ目。"))}
    assert before == {"損失": "questions/066.md#1", "勾配": "questions/066.md#2"}
    assert renamed == {"誤差": "questions/066.md#1", "勾配": "questions/066.md#2"}  # its place, not its name
    glossary = "---\ntitle: 勾配\naliases: []\nreading: こうばい\nsummary: 用語集の要約。\n---\n\n# 勾配\n"
    promoted = {c["name"]: c for c in _deck(first, glossary)}
    assert promoted["勾配"]["id"] == "glossary/gradient.md"
    assert promoted["勾配"]["was"] == ["questions/066.md#2"]  # the learner's progress on the section follows


def test_a_cards_texts_are_data_escaped_nowhere_and_lost_nowhere():
    deck = _deck(QUESTION.format(first="損失", reading="そんしつ", anchor="損失", summary=json.dumps(HOSTILE + "。")))
    assert {c["name"]: c["summary"] for c in deck}["勾配"] == HOSTILE + "。"  # the script sets it as text
    assert {c["name"]: c["names"] for c in deck}["勾配"] == ["gradient"]


def test_the_study_page_holds_the_decks_controls_hidden_until_its_script_runs(fixture_site):
    for prefix, language, title in (("", "ja", "用語カード"), ("en/", "en", "Term cards")):
        tree = LexborHTMLParser((fixture_site / prefix / "study/index.html").read_text(encoding="utf-8"))
        assert tree.css_first("article h1").text().removesuffix("¶") == title
        box = tree.css_first(".study-deck")
        noscript = tree.css_first(".study-deck > p").text().strip()
        assert noscript == labels.label(language, "study_noscript")  # what it says without JavaScript
        ui = box.css_first(".study-deck__ui")
        assert "hidden" in ui.attributes and ui.attributes["data-new-per-day"] == str(study.NEW_CARDS_PER_DAY)
        assert json.loads(ui.attributes["data-labels"]) == {k: labels.template(language, k) for k in study.DECK_LABELS}
        assert tree.css_first(".study-card").attributes["aria-live"] == "polite"
        assert tree.css_first(".study-show").text() == labels.label(language, "study_show")
        ratings = [(b.attributes["data-rating"], b.css_first(".study-rating__name").text())
                   for b in tree.css(".study-rating")]
        assert ratings == [(str(i), labels.label(language, f"study_{name}")) for i, name in enumerate(study.RATINGS, 1)]
        assert [b.text() for b in tree.css(".study-progress button")] == [
            labels.label(language, "study_export"), labels.label(language, "study_import")]
        assert tree.css_first(".review-list") is not None  # the questions marked 「要復習」
        text = tree.css_first("article").text()
        assert str(study.NEW_CARDS_PER_DAY) in text  # the page says the daily limit the deck keeps
        assert any(a.text().strip() == title for a in tree.css("nav.md-nav--primary a"))
        for page in ("index.html", "review/index.html"):  # linked from the home page and the review list
            other = LexborHTMLParser((fixture_site / prefix / page).read_text(encoding="utf-8"))
            assert any(a.attributes.get("href", "").endswith("study/") for a in other.css("article a")), page


def test_only_the_study_page_gets_a_deck_and_a_notes_own_box_gets_none():
    page = '<div class="study-deck">\n<p>JS</p>\n</div>\n<div class="study-progress">\n<p>JS</p>\n</div>'
    out = study.with_deck(page, "en")
    tree = LexborHTMLParser(out)
    assert tree.css_first(".study-deck > .study-deck__ui[data-labels]") is not None
    assert tree.css_first(".study-progress > .study-progress__ui") is not None
    assert study.study_markdown("no marker", "ja") == "no marker"
    # A note may write <div class="study-deck">, never the data- attribute the script starts from.
    script = (ROOT / "docs/assets/javascripts/study.js").read_text(encoding="utf-8")
    assert '".study-deck__ui[data-labels]"' in script


def test_every_label_the_deck_says_exists_in_both_languages_with_the_same_placeholders():
    keys = set(study.DECK_LABELS) | {f"study_{name}" for name in study.RATINGS} | {
        "study_show", "study_due", "study_new", "study_keys", "study_export", "study_import", "study_noscript"}
    for key in keys:
        ja, en = labels.template("ja", key), labels.template("en", key)
        assert ja and en and (ja != en or key == "tag_separator"), key
        assert sorted(re.findall(r"\{\w+\}", ja)) == sorted(re.findall(r"\{\w+\}", en)), key
    script = (ROOT / "docs/assets/javascripts/flashcards.js").read_text(encoding="utf-8")
    for key in re.findall(r"labels\.(\w+)", script):
        assert key in study.DECK_LABELS, key  # every label the script reads is in the page


def test_the_worker_keeps_what_the_deck_needs_offline(fixture_site):
    worker = (fixture_site / offline.WORKER).read_text(encoding="utf-8")
    precache = json.loads(re.search(r"PRECACHE = (\[.*?\])", worker).group(1))
    for name in (*offline.STUDY_FILES, *(p + d for p in ("", "en/") for d in offline.STUDY_DATA)):
        assert name in precache and (fixture_site / name).is_file(), name


def test_the_vendored_scheduler_is_the_version_the_lock_pins():
    target = ROOT / "docs" / vendor.TS_FSRS.target
    text = target.read_text(encoding="utf-8")
    assert vendor.header_version(text) == ("ts-fsrs", vendor.TS_FSRS.lock_version())
    assert "MIT License" in text[:2000] and "sourceMappingURL" not in text
    if not vendor.TS_FSRS.installed().is_dir():
        tool_missing("node_modules/ts-fsrs is not installed (npm ci): the vendored file is not compared")
    assert text == vendor.expected(vendor.TS_FSRS), "run make vendor"


def test_a_vendored_file_names_its_version_and_license_and_drops_its_source_map():
    source = "code();\n//# sourceMappingURL=index.js.map\n"
    out = vendor.vendored_text("lib", "1.2.3", source, "MIT\n\nLine", "dist/x.js")
    assert vendor.header_version(out) == ("lib", "1.2.3")
    assert out.endswith("*/\ncode();\n") and " * MIT\n *\n * Line\n" in out
    assert vendor.header_version("code();") is None
