"""Studying on a phone, in Chromium: term cards on tap, review marks, pages read offline.

On the fixture site (exact texts from its front matter), with a phone's screen and touch where
the behaviour is a phone's; both languages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from conftest import PHONE, build_site, make_project
from studynotes.support.browser import serve, worker_results

pytestmark = pytest.mark.browser

VANISHING = "消失勾配は、ディープニューラルネットワークのトレーニング中に発生する問題"
CARD = ".term-card:not([hidden])"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ja-JP", **PHONE)
    yield context.new_page()
    context.close()


def _card_box(page) -> dict:
    return page.eval_on_selector(CARD, "e => { const r = e.getBoundingClientRect(); "
                                       "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom} }")


def _settled(card) -> None:
    """Wait until the card has finished appearing, as a reader's eye does before tapping in it: a tap
    on a card still moving makes Playwright scroll the page just before the tap, and Material's
    instant navigation, seeing the page scrolled less than 100 ms before a link was followed, then
    restores that offset instead of going to the link's fragment."""
    card.evaluate("e => Promise.all(e.getAnimations().map(a => a.finished))")


def _term(page, name: str):
    return page.locator("article a.glossary-link", has_text=name).first


# -- term cards -------------------------------------------------------------------------------------

def test_a_tap_opens_the_card_and_a_second_tap_goes_to_the_term(phone, fixture_url):
    phone.goto(f"{fixture_url}/questions/066/", wait_until="networkidle")
    link = _term(phone, "消失勾配")
    assert link.get_attribute("title") is None  # no tooltip of Material's besides the card
    assert link.get_attribute("aria-haspopup") == "dialog" and link.get_attribute("aria-expanded") == "false"
    requested: list[str] = []
    phone.on("request", lambda r: requested.append(r.url))
    link.tap()
    card = phone.locator(CARD)
    card.wait_for()
    assert requested == []  # the cards are in the page
    assert phone.url == f"{fixture_url}/questions/066/"  # the first tap does not navigate
    assert card.locator(".term-card__name").inner_text().startswith("消失勾配")
    assert card.locator(".term-card__reading").inner_text() == "しょうしつこうばい"
    assert card.locator(".term-card__summary").inner_text().startswith(VANISHING)
    assert re.fullmatch(r"\d+ 問に登場", card.locator(".term-card__where").inner_text())
    assert card.locator(".term-card__go").inner_text() == "用語ページへ"
    assert link.get_attribute("aria-expanded") == "true"
    assert link.get_attribute("aria-describedby") == "term-card-summary"
    assert phone.locator("#term-card-summary").inner_text().startswith(VANISHING)
    box = _card_box(phone)
    assert box["left"] >= 0 and box["right"] <= 375  # fits the phone's screen
    term = link.bounding_box()
    assert box["top"] >= term["y"] + term["height"] or box["bottom"] <= term["y"]  # above or below, not over it
    link.tap()
    phone.wait_for_url(f"{fixture_url}/glossary/vanishing-gradient/")


def test_the_cards_link_goes_to_the_explanation_of_a_term_explained_in_a_question(phone, fixture_url):
    phone.goto(f"{fixture_url}/questions/067/")
    _term(phone, "Amazon SageMaker Debugger").tap()
    card = phone.locator(CARD)
    assert card.locator(".term-card__where").inner_text() == "問題 66 で解説"
    _settled(card)
    go = card.locator(".term-card__go", has_text="解説へ")
    anchor = go.get_attribute("href").partition("#")[2]
    go.tap()
    phone.wait_for_url(re.compile(r"/questions/066/#amazon-sagemaker-debugger"))
    heading = phone.locator(f"article [id='{unquote(anchor)}']")
    expect(heading).to_be_in_viewport()  # the reader lands at the explanation, not at the top of its page


def test_one_card_at_a_time_closed_by_a_tap_outside_escape_or_scrolling_away(phone, fixture_url):
    phone.goto(f"{fixture_url}/questions/066/")
    first, second = _term(phone, "消失勾配"), _term(phone, "未使用の GPU")
    first.tap()
    second.tap()
    assert phone.locator(CARD).count() == 1
    assert phone.locator(CARD + " .term-card__name").inner_text().startswith("GPU の未活用")  # the term, by its title
    assert first.get_attribute("aria-expanded") == "false"
    phone.locator("article h1").tap()  # outside
    phone.locator(CARD).wait_for(state="detached")
    assert phone.url == f"{fixture_url}/questions/066/"
    second.tap()
    phone.keyboard.press("Escape")
    phone.locator(CARD).wait_for(state="detached")
    second.tap()
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    phone.locator(CARD).wait_for(state="detached")


def test_hover_and_keyboard_focus_open_cards_on_a_desktop_and_enter_follows_the_link(page, fixture_url):
    page.goto(f"{fixture_url}/questions/066/")
    link = _term(page, "消失勾配")
    link.hover()
    page.locator(CARD).wait_for()
    page.mouse.move(0, 0)
    page.locator(CARD).wait_for(state="detached")
    link.focus()  # as a Tab would: focus without a pointer
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "消失勾配"
    page.locator(CARD).wait_for()
    page.keyboard.press("Escape")  # closes, and stays closed with the focus on the term
    page.locator(CARD).wait_for(state="detached")
    page.wait_for_timeout(300)
    assert page.locator(CARD).count() == 0
    assert page.evaluate("document.activeElement.textContent") == "消失勾配"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # back to the term: open again
    page.locator(CARD).wait_for()
    page.keyboard.press("Tab")  # into the card
    assert page.evaluate("document.activeElement.classList.contains('term-card__go')")
    assert page.eval_on_selector(CARD, "e => getComputedStyle(e).animationName") == "term-card-in"
    page.emulate_media(reduced_motion="reduce")
    assert page.eval_on_selector(CARD, "e => getComputedStyle(e).animationName") == "none"
    page.keyboard.press("Shift+Tab")  # back to the term
    assert page.evaluate("document.activeElement.textContent") == "消失勾配"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{fixture_url}/glossary/vanishing-gradient/")


def test_cards_in_english_in_dark_mode_and_after_instant_navigation(browser, fixture_url):
    context = browser.new_context(locale="en-US", color_scheme="dark", **PHONE)
    page = context.new_page()
    page.goto(f"{fixture_url}/en/questions/068/")
    page.locator("body[data-md-color-scheme=slate]").wait_for()
    _term(page, "Amazon Macie").tap()
    card = page.locator(CARD)
    assert card.locator(".term-card__name").get_attribute("lang") is None  # English: the page's language
    assert card.locator(".term-card__go").inner_text() == "Open term page"
    assert card.locator(".term-card__where").inner_text() == "Mentioned in 1 question"
    assert card.locator(".term-card__reading").count() == 0  # readings are for Japanese pages
    background = card.evaluate("e => getComputedStyle(e).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", background)[:3])) < 3 * 80  # a dark card on a dark page
    # Instant navigation to another question (no full load): its own cards work.
    page.evaluate("window.__loaded = true")
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_function("location.pathname.endsWith('/en/questions/067/')")
    assert page.evaluate("window.__loaded") is True
    _term(page, "Amazon SageMaker Debugger").tap()
    assert page.locator(CARD + " .term-card__go").inner_text() == "Go to the explanation"
    context.close()


def test_a_term_shown_in_japanese_on_an_english_page_says_it_is_japanese(phone, fixture_url):
    # A term whose English page is not written yet: its card on an English page is the Japanese
    # one (here made so as the page arrives). Its Japanese name and summary are marked lang="ja".
    def japanese_card(route):
        body = route.fetch().text()
        body = re.sub(r'"name":"Amazon Macie","reading":"","summary":"[^"]*"',
                      '"name":"アマゾン・メイシー","reading":"","summary":"機密データを見つけるサービスです。"', body)
        route.fulfill(body=body, content_type="text/html; charset=utf-8")
    phone.route("**/en/questions/068/", japanese_card)
    phone.goto(f"{fixture_url}/en/questions/068/")
    _term(phone, "Amazon Macie").tap()
    card = phone.locator(CARD)
    assert card.locator(".term-card__name").inner_text() == "アマゾン・メイシー"
    assert card.locator(".term-card__name").get_attribute("lang") == "ja"
    assert card.locator(".term-card__summary").get_attribute("lang") == "ja"
    assert card.locator(".term-card__where").get_attribute("lang") is None  # "Mentioned in 1 question"


def test_navigation_and_contents_links_never_open_cards_and_without_javascript_terms_are_plain_links(
        browser, fixture_url):
    context = browser.new_context(locale="ja-JP", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{fixture_url}/questions/066/")
    assert page.locator(".md-nav a[data-term], .md-sidebar a[data-term]").count() == 0
    _term(page, "消失勾配").tap()
    page.wait_for_url(f"{fixture_url}/glossary/vanishing-gradient/")
    context.close()


# -- review marks -------------------------------------------------------------------------------------

def test_review_marks_are_shared_by_both_languages_listed_and_cleared(phone, fixture_url):
    phone.goto(f"{fixture_url}/questions/066/")
    toggle = phone.locator("button.review-toggle")
    assert toggle.inner_text() == "要復習" and toggle.get_attribute("aria-pressed") == "false"
    toggle.tap()
    assert toggle.get_attribute("aria-pressed") == "true"
    phone.goto(f"{fixture_url}/en/questions/062/")
    toggle = phone.locator("button.review-toggle")
    assert toggle.inner_text() == "Review later"
    toggle.tap()
    phone.goto(f"{fixture_url}/en/questions/066/")
    assert phone.locator("button.review-toggle").get_attribute("aria-pressed") == "true"  # marked in Japanese
    phone.goto(f"{fixture_url}/review/")
    items = phone.locator(".review-list li a")
    items.first.wait_for()
    assert items.all_inner_texts() == ["62. 過学習を抑える：早期停止とドロップアウト",
                                       "66. SageMaker Debugger で消失勾配・GPU の未使用・過学習を監視する"]
    assert phone.locator(".review-list [role=status]").inner_text() == "2 問"
    phone.goto(f"{fixture_url}/en/review/")
    items.first.wait_for()
    assert items.all_inner_texts()[0] == "62. Reducing overfitting: early stopping and dropout"
    assert items.evaluate_all("as => as.map(a => a.href)") == \
        [f"{fixture_url}/en/questions/062/", f"{fixture_url}/en/questions/066/"]
    assert "nothing is sent anywhere" in phone.locator("article").inner_text()
    # The questions index shows what is marked.
    phone.goto(f"{fixture_url}/questions/")
    marked = phone.locator("article li:has(.review-mark) > a")
    marked.first.wait_for()
    assert [re.match(r"\d+", t).group() for t in marked.all_inner_texts()] == ["62", "66"]
    phone.goto(f"{fixture_url}/review/")
    phone.locator(".review-list button", has_text="すべての印を消す").tap()
    assert phone.locator(".review-list [role=status]").inner_text() == "印をすべて消しました。"
    phone.reload()
    assert phone.locator(".review-list [role=status]").inner_text().startswith("まだ印を付けた問題はありません")
    expect(phone.locator(".review-list button", has_text="すべての印を消す")).to_be_hidden()  # nothing to clear
    assert phone.evaluate("localStorage.getItem('studynotes.review')") == "[]"


# -- offline reading ----------------------------------------------------------------------------------

@pytest.fixture
def own_site(fixture_site, tmp_path):
    """A copy of the fixture site to change while it is served (every response revalidated: a
    rewritten file is never taken from the browser's HTTP cache by heuristic freshness)."""
    copy = tmp_path / "site"
    shutil.copytree(fixture_site, copy, copy_function=shutil.copy)
    with serve(copy, revalidate=True) as url:
        yield copy, url


@pytest.fixture
def reader(browser):
    context = browser.new_context(locale="ja-JP", **PHONE)
    yield context
    context.close()


def _read_through_worker(reader, address: str):
    """A page at ``address``, once the service worker is active, loaded again through it (a page
    loaded before the worker ran, and the search worker it started, are not)."""
    page = reader.new_page()
    page.goto(address)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    return page


def _cached(page, path: str) -> bool:
    return page.evaluate("p => caches.match(p).then(r => !!r)", path)


def test_pages_read_open_offline_and_an_unread_page_shows_the_offline_page_in_its_language(reader, own_site):
    _, url = own_site
    page = reader.new_page()
    page.goto(f"{url}/questions/066/")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("p => caches.match(p).then(r => !!r)", arg="/questions/066/", polling=200, timeout=20_000)
    page.goto(f"{url}/questions/062/")
    page.goto(f"{url}/en/questions/068/")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    reader.set_offline(True)
    page.goto(f"{url}/questions/066/")  # the first page read, kept though it was read before the worker ran
    assert page.locator("article h1").inner_text().startswith("問題 66")
    page.goto(f"{url}/questions/062/?h=dropout")  # a search result's address: the same page
    assert page.locator("article h1").inner_text().startswith("問題 62")
    page.goto(f"{url}/questions/061/")  # never read
    assert page.locator("article h1").inner_text() == "オフラインです"
    assert page.evaluate("document.documentElement.lang") == "ja"
    offline = page.locator(".offline-list li a")
    offline.first.wait_for()
    assert offline.evaluate_all("as => as.map(a => new URL(a.href).pathname)") == ["/questions/062/", "/questions/066/"]
    offline.first.tap()  # a page of the list opens
    page.wait_for_function("location.pathname === '/questions/062/'")
    assert page.locator("article h1").inner_text().startswith("問題 62")
    page.goto(f"{url}/en/glossary/")
    assert page.locator("article h1").inner_text() == "You are offline"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator(".offline-list li a").all_inner_texts()[0].startswith("68.")
    reader.set_offline(False)


def test_search_works_offline_for_what_it_fetched(reader, own_site):
    _, url = own_site
    page = _read_through_worker(reader, f"{url}/")
    page.click("label.md-header__button[for='__search']")
    for query in ("消失勾配", "どろっぷあうと"):  # as a reader searches: Material's own search worker
        page.fill(".md-search__input", query)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the files read are put in the cache after they are used
    reader.set_offline(True)
    page.reload()
    found = worker_results(page, ["消失勾配", "どろっぷあうと", "macie"], f"{url}/search/")
    assert found[0][0] == "glossary/vanishing-gradient/" and "questions/062/" in found[1]
    assert found[2] == []  # its files were never read: nothing, and no hang
    reader.set_offline(False)


def test_online_a_new_deploy_shows_at_once_and_old_caches_are_deleted(reader, own_site):
    site, url = own_site
    page = _read_through_worker(reader, f"{url}/questions/062/")
    # The worker's cache (the search worker keeps its own, "studynotes-search", when it has read files).
    old = [name for name in page.evaluate("caches.keys()") if name != "studynotes-search"]
    assert len(old) == 1 and old[0].startswith("studynotes-")
    question = site / "questions" / "062" / "index.html"
    question.write_text(question.read_text(encoding="utf-8").replace("</h1>", "</h1><p id=deployed>new</p>", 1),
                        encoding="utf-8")
    page.reload()
    assert page.locator("#deployed").count() == 1  # network first: never the cached copy online
    worker = site / "sw.js"
    worker.write_text(worker.read_text(encoding="utf-8").replace(old[0].removeprefix("studynotes-"), "0" * 16),
                      encoding="utf-8")  # as a new build's version
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    page.wait_for_function("old => caches.keys().then(k => !k.includes(old) && "
                           "k.includes('studynotes-' + '0'.repeat(16)))",
                           arg=old[0], polling=200, timeout=20_000)


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory) -> Path:
    """The fixture site as `mkdocs serve` builds it (no service worker registered; sw.js retires one)."""
    docs = make_project(tmp_path_factory.mktemp("preview-project") / "project")
    return build_site(docs, tmp_path_factory.mktemp("preview-site"),
                      adjust=lambda config: config.plugins.on_startup(command="serve", dirty=False))


def test_a_preview_is_never_served_by_a_worker_a_build_left_at_its_address(reader, own_site, preview_site):
    site, url = own_site
    page = _read_through_worker(reader, f"{url}/questions/062/")
    shutil.rmtree(site)
    shutil.copytree(preview_site, site, copy_function=shutil.copy)  # `make serve` at the same address
    page.goto(f"{url}/questions/066/")
    page.wait_for_function("Promise.all([navigator.serviceWorker.getRegistrations(), caches.keys()])"
                           ".then(([workers, names]) => workers.length === 0 && names.length === 0)",
                           polling=200, timeout=20_000)
    again = reader.new_page()
    again.goto(f"{url}/questions/062/")
    assert again.evaluate("navigator.serviceWorker.controller") is None
    assert again.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
