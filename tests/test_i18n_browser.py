"""The two languages in Chromium: the switcher keeps your page (also after instant navigation), and
search stays within the language of the page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import DESKTOP
from test_search_browser import open_search, term_queries, ui_search

pytestmark = pytest.mark.browser


def switch_language(page, locale: str) -> None:
    page.hover(".md-header .md-select")
    page.click(f".md-header a.md-select__link[hreflang='{locale}']")
    page.wait_for_function("locale => document.documentElement.lang === locale", arg=locale)
    page.wait_for_load_state("networkidle")


def test_switching_language_keeps_the_page_after_instant_navigation(page, fixture_url):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{fixture_url}/questions/064/", wait_until="networkidle")
    page.evaluate("document.documentElement.dataset.loaded = 'first'")
    page.click("a.md-footer__link--next")  # to question 65, by instant navigation
    page.wait_for_url("**/questions/065/")
    page.wait_for_selector("article h1:has-text('問題 65')")  # the address changes before the content
    assert page.evaluate("document.documentElement.dataset.loaded") == "first"  # no full page load
    switch_language(page, "en")
    assert urlsplit(page.url).path == "/en/questions/065/"
    assert page.get_attribute("html", "lang") == "en"
    assert page.get_attribute(".md-search__input", "placeholder") == "Search"
    switch_language(page, "ja")
    assert urlsplit(page.url).path == "/questions/065/"
    assert page.get_attribute("html", "lang") == "ja"
    assert errors == []


@pytest.fixture(scope="module")
def english_search(browser, fixture_url):
    """One English page for the tests that only type queries (``ui_search`` empties the box first)."""
    context = browser.new_context(**DESKTOP)
    yield open_search(context.new_page(), f"{fixture_url}/en/questions/061/")
    context.close()


@pytest.mark.parametrize("query, expected", [
    ("normalize", "en/questions/065/"),           # stemming: the page says "normalization"
    ("min-max normalization", "en/questions/065/"),
    ("vanishing gradients", "en/glossary/vanishing-gradient/"),
    ("SageMaker Debugger", "en/questions/066/"),
    ("FindMatches", "en/questions/061/"),
    ("warm pools", "en/questions/064/"),
])
def test_english_search_finds_english_pages_only(english_search, query, expected):
    found = ui_search(english_search, query)
    assert expected in found[:10]
    assert all(p.startswith("en/") for p in found), found


@pytest.mark.slow
def test_an_english_terms_name_typed_into_the_search_box_lists_its_page_first(english_search):
    # every name of every English term is asked of the worker (test_search_browser.py); here, as read
    names = term_queries("en")
    for name, expected in names[:: max(1, len(names) // 3)][:3]:
        assert ui_search(english_search, name)[:1] == ["en/" + expected], name


def test_japanese_search_finds_japanese_pages_only(page, fixture_url):
    page.goto(f"{fixture_url}/questions/061/", wait_until="networkidle")
    page.click(".md-search__input")
    for query in ["SageMaker", "GPU", "正規化"]:
        found = ui_search(page, query)
        assert found and not any(p.startswith("en/") for p in found), (query, found)


def test_english_partial_matches_are_labelled_in_english(english_search):
    assert ui_search(english_search, "dropout zzzqqq")[0] == "en/questions/062/"
    english_search.wait_for_selector(".md-search-result__item h1 .search-partial:text-is('partial match')")


def test_english_typos_are_corrected_to_the_words_pages_write(english_search):
    # padding → padd by the stemmer; the worker corrects to the word as written, then stems it.
    assert ui_search(english_search, "paddign")[0] == "en/questions/069/"
    english_search.wait_for_selector(".md-search-result__item mark:text-matches('^padding$', 'i')")
