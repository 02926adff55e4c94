"""A learner's session with the term cards (/study/), in Chromium: on a phone by touch, on a desktop
by the keyboard, in both languages; progress kept across reloads and a day later, exported and
imported into a fresh profile, a bad file refused; offline after one visit; nothing asked of
another origin.

On the fixture site (its 18 terms, below the daily limit of new cards) with a fake clock.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import DESKTOP, PHONE
from studynotes import labels, study

pytestmark = pytest.mark.browser

T0 = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
DECK = ".study-deck__ui:not([hidden])"
KEY = "studynotes.study"


def _context(browser, language: str = "ja", phone: bool = True, **more):
    options = {**(PHONE if phone else DESKTOP), **more, "locale": "ja-JP" if language == "ja" else "en-US"}
    return browser.new_context(**options)


def _open(context, url: str, at: datetime.datetime = T0):
    page = context.new_page()
    page.clock.install(time=at)
    page.goto(url)
    page.wait_for_selector(DECK)
    return page


def _cards(fixture_site, prefix: str = "") -> list[dict]:
    return json.loads((fixture_site / prefix / study.CARDS_PATH).read_text(encoding="utf-8"))


def _progress(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem({KEY!r})") or "null")


def _counts(page) -> tuple[int, int]:
    return (int(page.inner_text(".study-counts__due b")), int(page.inner_text(".study-counts__new b")))


def _name(page) -> str:
    """The card's name as shown (its reading, on Japanese pages, on a line of its own after it)."""
    return page.locator(".study-card__name").evaluate("e => e.firstChild.textContent")


def _study(page, rate, tap: bool = True, limit: int = 200) -> list[str]:
    """Every card shown until none is left, answered with ``rate(n)`` (1–4) for the n-th; the names."""
    shown = []
    while page.locator(".study-show").is_visible():
        assert len(shown) < limit, shown
        shown.append(_name(page))
        if tap:
            page.tap(".study-show")
            page.tap(f".study-rating[data-rating='{rate(len(shown))}']")
        else:
            page.keyboard.press("Space")
            page.keyboard.press(str(rate(len(shown))))
    return shown


def test_a_learners_session_on_a_phone_and_a_day_later_in_fsrss_order(browser, fixture_url, fixture_site):
    context = _context(browser)
    requested = []
    context.on("request", lambda r: requested.append(r.url))
    page = _open(context, f"{fixture_url}/study/")
    cards = _cards(fixture_site)
    assert _counts(page) == (0, len(cards)) and len(cards) <= study.NEW_CARDS_PER_DAY
    assert _name(page) == cards[0]["name"]  # new cards in the glossary's order
    assert page.inner_text(".study-card__reading") == cards[0]["reading"]
    assert page.locator(".study-card__back").is_hidden() and page.locator(".study-ratings").is_hidden()
    assert page.locator(".study-card").get_attribute("aria-live") == "polite"

    page.tap(".study-show")  # the answer: summary, other names, the link to the explanation
    assert page.eval_on_selector(".study-card__back", "e => getComputedStyle(e).animationName") == "term-card-in"
    assert page.inner_text(".study-card__summary") == cards[0]["summary"]
    go = page.locator(".study-card__go")
    assert go.inner_text() == cards[0]["go"] and unquote(go.get_attribute("href")) == f"{fixture_url}/{cards[0]['url']}"
    intervals = page.locator(".study-rating__interval").all_inner_texts()
    assert intervals[:3] == ["1分", "6分", "10分"] and re.fullmatch(r"\d+日", intervals[3]), intervals  # FSRS's
    assert page.locator(".study-rating__name").all_inner_texts() == ["もう一度", "難しい", "正解", "簡単"]
    for selector in (".study-rating", ".study-progress button"):  # a fingertip's size
        assert all(box["height"] >= 44 for box in page.locator(selector).evaluate_all(
            "es => es.map(e => e.getBoundingClientRect().toJSON())")), selector
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing sideways
    page.tap(".study-rating--good")

    # Good sends a new card to its second learning step (10 minutes), Easy to days ahead; with
    # nothing else left, cards due within 20 minutes come back: every card ends up days ahead.
    shown = [cards[0]["name"], *_study(page, lambda n: 4 if n % 3 else 3)]
    assert set(shown) == {c["name"] for c in cards} and len(shown) > len(cards)
    assert page.inner_text(".study-card__done-title") == "今日の復習はすべて終わりました"
    assert re.fullmatch(r"次のカードは .+（\d+日後）に出題されます。", page.inner_text(".study-card__next"))
    assert _counts(page) == (0, 0)
    progress = _progress(page)
    assert sorted(progress["cards"]) == sorted(c["id"] for c in cards) and progress["fresh"] == len(cards)

    page.reload()  # kept: nothing is due
    page.wait_for_selector(DECK)
    assert page.locator(".study-card__done").is_visible() and _counts(page) == (0, 0)

    # Once every card is due: the most overdue first, as FSRS dated them (then the glossary's order).
    order = {c["id"]: i for i, c in enumerate(cards)}
    records = progress["cards"]
    expected = [next(c["name"] for c in cards if c["id"] == key)
                for key in sorted(records, key=lambda k: (records[k]["due"], order[k]))]
    latest = max(r["due"] for r in records.values())
    page.clock.set_system_time(datetime.datetime.fromtimestamp(latest / 1000 + 60, tz=datetime.UTC))
    page.reload()
    page.wait_for_selector(DECK)
    assert _counts(page) == (len(cards), 0)
    assert _study(page, lambda n: 3)[:len(cards)] == expected
    assert all(r["reps"] >= 2 for r in _progress(page)["cards"].values())
    # Nothing asked of another origin (blob: and data: addresses are made in the page).
    assert {urlsplit(u).netloc for u in requested if not u.startswith(("blob:", "data:"))} == {
        urlsplit(fixture_url).netloc}
    context.close()


def test_the_keyboard_shows_and_rates_on_a_desktop_in_english_without_motion(browser, fixture_url, fixture_site):
    context = _context(browser, "en", phone=False, reduced_motion="reduce")
    page = _open(context, f"{fixture_url}/en/study/")
    cards = _cards(fixture_site, "en/")
    assert _name(page) == cards[0]["name"] and page.locator(".study-card__reading").count() == 0
    page.keyboard.press("Space")
    assert page.locator(".study-card__back").is_visible()
    assert page.eval_on_selector(".study-card__back", "e => getComputedStyle(e).animationName") == "none"
    assert page.locator(".study-rating__name").all_inner_texts() == ["Again", "Hard", "Good", "Easy"]
    assert page.locator(".study-rating__interval").all_inner_texts()[:3] == ["1 min", "6 min", "10 min"]
    assert page.evaluate("document.activeElement.dataset.rating") == "3"  # Good, as in Anki
    assert page.evaluate("(s => s.outlineStyle + ' ' + s.outlineWidth)(getComputedStyle(document.activeElement))") \
        == "solid 2px"  # and its focus seen
    page.keyboard.press("4")
    assert _name(page) == cards[1]["name"] and _counts(page) == (0, len(cards) - 1)
    assert page.evaluate("document.activeElement.classList.contains('study-show')")  # focus stays in the deck
    page.keyboard.press("Enter")  # on the focused button
    page.keyboard.press("1")      # Again: back in a minute
    record = _progress(page)["cards"][cards[1]["id"]]
    assert (record["state"], record["due"] - record["last_review"]) == (1, 60_000)
    page.keyboard.press("Enter")
    assert page.locator(".study-card__back").is_visible()
    # The same card in either language: the Japanese deck has seen these two.
    japanese = _open(context, f"{fixture_url}/study/")
    assert _counts(japanese) == (0, len(cards) - 2)
    context.close()


def test_progress_exported_and_imported_into_a_fresh_profile_and_a_bad_file_changes_nothing(
        browser, fixture_url, tmp_path):
    context = _context(browser, accept_downloads=True)
    page = _open(context, f"{fixture_url}/study/")
    for _ in range(3):
        page.tap(".study-show")
        page.tap(".study-rating--easy")
    page.evaluate("localStorage.setItem('studynotes.review', '[62, 66]')")
    with page.expect_download() as download:
        page.tap(".study-export")
    assert download.value.suggested_filename == "studynotes-progress-2026-12-03.json"
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "studynotes-progress" and exported["review"] == [62, 66]
    assert page.inner_text(".study-progress__status") == "3 枚のカードの学習記録を書き出しました。"
    before = _progress(page)
    assert exported["cards"] == before["cards"]
    saved = tmp_path / "progress.json"
    saved.write_text(json.dumps(exported), encoding="utf-8")
    context.close()

    fresh = _context(browser, "en")
    page = _open(fresh, f"{fixture_url}/en/study/")
    status = page.locator(".study-progress__status")
    bad_files = {
        "not json {": "the file is not JSON",
        json.dumps({"format": "other", "version": 1, "cards": {}}): "the file is not this site's progress file",
        json.dumps({**exported, "version": 99}): "newer format (99)",
        json.dumps({**exported, "cards": {"glossary/fine-tuning.md": {"due": "tomorrow"}}}): "the due of card",
        json.dumps({**exported, "review": ["62"]}): "the review marks are not a list",
    }
    for n, (text, reason) in enumerate(bad_files.items()):
        bad = tmp_path / f"bad-{n}.json"
        bad.write_text(text, encoding="utf-8")
        page.set_input_files(".study-import__file", str(bad))
        page.wait_for_function("r => document.querySelector('.study-progress__status').textContent.includes(r)",
                               arg=reason)
        assert status.inner_text().startswith("Could not import:") and "unchanged" in status.inner_text()
        assert _progress(page) is None and page.evaluate("localStorage.getItem('studynotes.review')") is None
    page.set_input_files(".study-import__file", str(saved))
    page.wait_for_function("() => document.querySelector('.study-progress__status').textContent.includes('Imported')")
    assert status.inner_text() == "Imported the progress of 3 cards and 2 review marks."
    assert _progress(page) == before  # restored
    assert json.loads(page.evaluate("localStorage.getItem('studynotes.review')")) == [62, 66]
    assert _counts(page) == (0, 15)
    page.locator(".review-list li a").first.wait_for()  # the marked questions, listed at once
    assert page.locator(".review-list li a").count() == 2
    fresh.close()


def test_a_renamed_term_keeps_its_card_and_a_term_no_longer_on_the_site_loses_it(browser, fixture_url):
    context = _context(browser)
    record = {"due": 0, "stability": 3.0, "difficulty": 5.0, "elapsed_days": 0, "scheduled_days": 3,
              "learning_steps": 0, "reps": 2, "lapses": 0, "state": 2, "last_review": 0}
    context.add_init_script(f"""localStorage.getItem({KEY!r}) || localStorage.setItem({KEY!r}, JSON.stringify(
        {{cards: {{"glossary/gone.md": {json.dumps(record)}, "questions/066.md#2": {json.dumps(record)}}},
          day: "", fresh: 0}}))""")
    page = _open(context, f"{fixture_url}/study/")
    # 066's second term (消失勾配) explains the glossary's page: its progress is the page's card's now.
    assert sorted(_progress(page)["cards"]) == ["glossary/vanishing-gradient.md"]
    assert _counts(page)[0] == 1 and _name(page) == "消失勾配"  # due (long ago)
    context.close()


def test_the_deck_works_offline_after_one_visit(browser, fixture_url):
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{fixture_url}/study/")  # the first page read: loaded before the worker ran
    page.wait_for_selector(DECK)
    page.evaluate("navigator.serviceWorker.ready")
    for path in ("/study/", "/study/cards.json", "/assets/javascripts/vendor/ts-fsrs.js"):
        page.wait_for_function("p => caches.match(p).then(r => !!r)", arg=path, polling=200, timeout=20_000)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector(DECK)
    page.tap(".study-show")
    page.tap(".study-rating--easy")
    assert len(_progress(page)["cards"]) == 1
    context.set_offline(False)
    context.close()


def test_without_its_cards_the_deck_says_so(browser, fixture_url):
    context = _context(browser)
    page = context.new_page()
    page.route("**/study/cards.json", lambda route: route.abort())
    page.goto(f"{fixture_url}/study/")
    message = page.locator(".study-deck p")
    message.wait_for()
    assert message.inner_text() == labels.label("ja", "study_unavailable")
    context.close()
