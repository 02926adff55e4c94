"""What a reader's browser does with hostile text and with a copy of the site served elsewhere.

- A term's card shows its summary, and Material fills its tooltips with ``innerHTML`` from the text
  of a truncated navigation or table-of-contents entry. Text from the notes that looks like markup
  must stay text there too (``assets/javascripts/study.js``, ``assets/javascripts/site.js``).
- The site built for ``SITE_URL`` and served at another address (a pull request's preview, a copy on
  a laptop) works there and never asks the ``SITE_URL`` host for anything.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import DESKTOP, build_site, make_project
from studynotes.support.browser import free_port, serve

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=(window.__xss||0)+1">'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    docs = make_project(tmp_path_factory.mktemp("hostile-browser") / "project")
    term = docs / "glossary" / "vanishing-gradient.md"
    text = term.read_text(encoding="utf-8")
    start = text.index("summary: ")
    end = text.index("\n", start)
    summary = f"'{PAYLOAD}を含む要約。'"
    term.write_text(text[:start] + "summary: " + summary + text[end:], encoding="utf-8")
    long_title = f"{PAYLOAD} とても長いタイトルでナビゲーションの幅に収まらず省略されてツールチップが出る問題"
    question = docs / "questions" / "062.md"
    text = question.read_text(encoding="utf-8")
    start = text.index("title: ")
    end = text.index("\n", start)
    question.write_text(text[:start] + f"title: '{long_title}'" + text[end:] +
                        f"\n## `{PAYLOAD}` と長い見出しで目次の幅に収まらず省略されるもの\n\n本文。\n",
                        encoding="utf-8")
    return build_site(docs, tmp_path_factory.mktemp("hostile-browser-site"))


def no_script_ran(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.locator(".md-tooltip2 img, .md-tooltip img").count() == 0


def test_a_summary_with_markup_shows_as_text_in_its_card(browser, hostile_site):
    with serve(hostile_site) as url:
        context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                                      locale="ja-JP")
        page = context.new_page()
        page.goto(f"{url}/questions/066/", wait_until="networkidle")
        page.locator("article a.glossary-link", has_text="消失勾配").first.tap()
        card = page.locator(".term-card:not([hidden])")
        card.wait_for(state="visible", timeout=10_000)
        assert card.locator(".term-card__summary").inner_text().startswith(PAYLOAD)
        assert card.locator("img").count() == 0
        no_script_ran(page)
        context.close()


@pytest.mark.parametrize("where, entry", [
    ("questions/061/", ".md-footer__link--next .md-ellipsis"),  # the next page's title, truncated
    ("questions/062/", ".md-header__topic:last-child .md-ellipsis"),  # the page's title in the header
])
def test_truncated_titles_show_their_text_as_text(browser, hostile_site, where, entry):
    with serve(hostile_site) as url:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        page.goto(f"{url}/{where}", wait_until="networkidle")
        page.mouse.wheel(0, 3000)  # the header shows the page's title once the page is scrolled
        page.wait_for_timeout(500)
        title = page.locator(entry).first
        title.scroll_into_view_if_needed()
        assert title.evaluate("e => e.scrollWidth > e.offsetWidth")  # truncated: Material adds a tooltip
        title.hover()
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible", timeout=10_000)
        assert tooltip.inner_text().startswith("62. " + PAYLOAD)
        no_script_ran(page)
        context.close()


def test_a_copy_served_elsewhere_works_and_never_asks_the_published_address(browser, docs_copy, tmp_path):
    published = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    site = build_site(docs_copy, tmp_path / "site", site_url=published)
    published_host = urlsplit(published).netloc
    with serve(site) as url:
        context = browser.new_context(**DESKTOP)
        requested: list[str] = []
        context.on("request", lambda r: requested.append(r.url))
        page = context.new_page()
        page.goto(f"{url}/questions/064/", wait_until="networkidle")
        page.evaluate("document.documentElement.dataset.loaded = 'first'")
        page.click("nav.md-footer__inner a.md-footer__link--next")  # instant navigation, here too
        page.wait_for_url("**/questions/065/")
        page.wait_for_selector("article h1:has-text('問題 65')")
        assert page.evaluate("document.documentElement.dataset.loaded") == "first"  # no full page load
        page.wait_for_load_state("networkidle")
        page.click(".md-header__option .md-select button")
        page.click('a.md-select__link[hreflang="en"]')               # the language switcher
        page.wait_for_url(f"{url}/en/questions/065/")
        page.wait_for_load_state("networkidle")
        page.click(".md-search__input")
        page.fill(".md-search__input", "warm pools")
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
        page.wait_for_load_state("networkidle")
        context.close()
    assert requested and all(urlsplit(r).netloc != published_host for r in requested), \
        [r for r in requested if urlsplit(r).netloc == published_host]
    assert all(r.startswith((url, "data:", "blob:")) for r in requested)
