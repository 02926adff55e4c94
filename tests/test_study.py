"""What the build writes for studying on a phone: term cards, review marks, offline reading.

Exact expectations on the fixture site and on small inputs; over the live site only what holds for
any notes (every term link has its card, every question its review toggle, every page is kept).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from conftest import build_site, make_project
from studynotes import cards, offline, study
from studynotes.catalog import Question
from studynotes.support.browser import site_pages
from studynotes.support.sizes import study_kb
from studynotes.terms import TermEntry
from util import term_cards

HOSTILE = '<img src=x onerror=alert(1)> " \' & </div><script>alert(2)</script>'


def _entry(key: str, anchor: str = "", summary: str = "要約。") -> TermEntry:
    return TermEntry(key=key, title="消失勾配", names=["消失勾配"], summary=summary, reading="しょうしつこうばい",
                     path=key.split("#")[0], anchor=anchor)


def test_a_card_carries_the_terms_texts_as_data_and_nothing_as_markup():
    entries = {"glossary/v.md": _entry("glossary/v.md", summary=HOSTILE),
               "questions/066.md#x": _entry("questions/066.md#x", anchor="x")}
    page = ('<p><a class="glossary-link" href="../v/" data-term="glossary/v.md">消失勾配</a> '
            '<a href="#x" data-term="questions/066.md#x">消失勾配</a> <a href="y" data-term="gone.md">y</a></p>')
    out = cards.with_cards(page, entries, {"glossary/v.md": 3}, {"questions/066.md": 66}, "ja")
    assert out.startswith(page)
    added = LexborHTMLParser(out).css("div[data-cards]")
    assert len(added) == 1 and "hidden" in added[0].attributes
    assert "<img" not in out[len(page):] and "<script" not in out[len(page):]  # escaped in the attribute
    assert term_cards(out) == {
        "glossary/v.md": {"name": "消失勾配", "reading": "しょうしつこうばい", "summary": HOSTILE,
                          "where": "3 問に登場", "go": "用語ページへ"},
        "questions/066.md#x": {"name": "消失勾配", "reading": "しょうしつこうばい", "summary": "要約。",
                               "where": "問題 66 で解説", "go": "解説へ"},
    }
    english = term_cards(cards.with_cards(page, entries, {"glossary/v.md": 1}, {}, "en"))
    assert english["glossary/v.md"]["where"] == "Mentioned in 1 question"
    assert english["glossary/v.md"]["reading"] == ""  # readings are for Japanese pages
    assert english["questions/066.md#x"]["go"] == "Go to the explanation"
    assert cards.with_cards("<p>no term</p>", entries, {}, {}, "ja") == "<p>no term</p>"


def test_every_term_link_of_any_page_has_its_card_and_no_tooltip(site):
    linked = 0
    for path in site_pages(site):
        text = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        links = LexborHTMLParser(text).css("article a[data-term]")
        linked += len(links)
        page_cards = term_cards(text)
        for link in links:
            card = page_cards[link.attributes["data-term"]]
            assert card["name"] and card["summary"] and card["go"], (path, link.attributes)
            assert "title" not in link.attributes
    assert linked > 0


def test_every_question_page_has_one_review_toggle_hidden_until_the_script_shows_it(site):
    questions = sorted(site.glob("questions/[0-9]*/index.html")) + sorted(site.glob("en/questions/[0-9]*/index.html"))
    assert questions
    for page in questions:
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        rows = tree.css("article .review-row")
        assert len(rows) == 1 and "hidden" in rows[0].attributes, page
        button = rows[0].css_first("button")
        number = int(re.search(r"\d+", tree.css_first("article h1").text()).group())
        assert button.attributes["data-question"] == str(number)
        assert button.attributes["aria-pressed"] == "false"
        assert button.text() == ("Review later" if "/en/" in str(page) else "要復習")


def test_the_review_list_page_data_and_navigation_in_both_languages(fixture_site):
    for prefix, title, privacy in (("", "復習リスト", "どこにも送信されません"),
                                   ("en/", "Review list", "nothing is sent anywhere")):
        page = (fixture_site / prefix / "review/index.html").read_text(encoding="utf-8")
        tree = LexborHTMLParser(page)
        assert tree.css_first("article h1").text().removesuffix("¶") == title
        assert privacy in tree.css_first("article").text()
        assert tree.css_first(".review-list").text().strip()  # says, without JavaScript, that it needs it
        assert any(a.text().strip() == title for a in tree.css("nav.md-nav--primary a"))
        home = (fixture_site / prefix / "index.html").read_text(encoding="utf-8")
        assert any(a.attributes.get("href") == "review/" for a in LexborHTMLParser(home).css("article a"))
        rows = json.loads((fixture_site / prefix / study.DATA_PATH).read_text(encoding="utf-8"))
        numbers = [row[0] for row in rows]
        assert (numbers == sorted(numbers)
                and len(numbers) == len(list((fixture_site / prefix / "questions").glob("[0-9]*"))))
        for number, address, shown in rows:
            assert (fixture_site / prefix / address / "index.html").is_file()
            assert shown.startswith(f"{number}. ")
    ja = json.loads((fixture_site / study.DATA_PATH).read_text(encoding="utf-8"))
    en = json.loads((fixture_site / "en" / study.DATA_PATH).read_text(encoding="utf-8"))
    assert [ja[1][2], en[1][2]] == ["62. 過学習を抑える：早期停止とドロップアウト",
                                    "62. Reducing overfitting: early stopping and dropout"]


def test_questions_data_escapes_nothing_and_loses_nothing():
    q = Question(number=7, title=HOSTILE, tags=(), path="questions/007.md")
    rows = json.loads(study.questions_data([q], {"questions/007.md": "en/questions/007/"}, "en/", "en"))
    assert rows == [[7, "questions/007/", f"7. {HOSTILE}"]]  # data: the script sets it as text


def test_the_manifest_worker_and_offline_pages_of_a_built_site(fixture_site):
    for prefix, language, name in (("", "ja", "AWS 機械学習 学習ノート"),
                                   ("en/", "en", "AWS Machine Learning Study Notes")):
        manifest = json.loads((fixture_site / prefix / offline.MANIFEST).read_text(encoding="utf-8"))
        assert (manifest["name"], manifest["lang"], manifest["start_url"]) == (name, language, "./")
        for icon in manifest["icons"]:
            assert (fixture_site / prefix / icon["src"]).read_bytes().startswith(b"\x89PNG")
        page = (fixture_site / prefix / offline.TEMPLATE).read_text(encoding="utf-8")
        tree = LexborHTMLParser(page)
        assert tree.css_first("html").attributes["lang"] == language
        assert tree.css_first("article h1").text() == ("オフラインです" if language == "ja" else "You are offline")
        assert tree.css_first(".offline-list") is not None
        # Served in place of any page: every address it uses is absolute.
        assert all(url.startswith(("/", "http", "#", "data:")) for url in re.findall(r'(?:href|src)="([^"]*)"', page))
        home = (fixture_site / prefix / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="manifest" href="{offline.MANIFEST}">' in home
    worker = (fixture_site / offline.WORKER).read_text(encoding="utf-8")
    precache = json.loads(re.search(r"PRECACHE = (\[.*?\])", worker).group(1))
    assert precache[:2] == ["offline.html", "en/offline.html"]
    for url in precache[2:]:
        assert (fixture_site / url.lstrip("/")).is_file(), url
    assert any(url.endswith("study.js") for url in precache) and any(url.endswith(".css") for url in precache)


def test_the_workers_version_changes_with_any_asset_and_only_then(fixture_site, tmp_path):
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(fixture_site, copy)

    def version() -> str:
        return re.search(r'VERSION = "([0-9a-f]{16})"', offline.service_worker(str(copy), ["", "en/"])).group(1)
    first = version()
    assert version() == first  # deterministic
    (copy / "questions/062/index.html").write_text("changed", encoding="utf-8")
    assert version() == first  # pages are fetched network first: no new worker for them
    css = copy / "assets/site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* new */", encoding="utf-8")
    assert version() != first


def test_a_preview_registers_no_worker_and_retires_one_left_at_its_address(tmp_path):
    docs = make_project(tmp_path / "project")
    site = build_site(docs, tmp_path / "site",
                      adjust=lambda config: config.plugins.on_startup(command="serve", dirty=False))
    page = (site / "questions/062/index.html").read_text(encoding="utf-8")
    assert "config.study.sw = null" in page
    assert (site / offline.WORKER).read_text(encoding="utf-8") == offline.retiring_worker()
    built = (Path(__file__).parent.parent / "src/studynotes/data/sw.js").read_text(encoding="utf-8")
    assert "fetch" not in offline.retiring_worker() and "fetch" in built


def test_a_review_button_goes_after_the_heading():
    page = '<h1 id="q">問題 7　x</h1>\n<p>本文</p>'
    out = study.review_button(page, 7, "ja")
    assert out.index("</h1>") < out.index('class="review-row"') < out.index("<p>本文")
    assert html.unescape(LexborHTMLParser(out).css_first("button").text()) == "要復習"


def test_what_studying_on_a_phone_adds_stays_within_ten_kilobytes_gzipped(site):
    assert 1 < study_kb(site) <= 10
