"""Every reader, in every state: axe-core (WCAG 2.2 A and AA, and best practice) on each kind of page
and in the states a learner reaches (search open with results, a term card open, a question marked
for review, the navigation drawer open, a term card to study with its answer shown, and done), light
and dark, Japanese and English, on a phone and on a desktop; every stop of the Tab order visibly
focused; the keyboard's ways in; nothing sideways at 320 px (WCAG 1.4.10).

The kinds of page are the live site's (what holds for any notes), each in a context that prefers
the light or the dark scheme; the states are the fixture site's, whose queries and terms are known,
each checked light and then dark from the very same state. One browser for all of it.
"""

from __future__ import annotations

import re

import pytest

from conftest import DESKTOP, PHONE, tool_missing
from studynotes.support.a11y import AXE, COLOURS, axe_problems, focus_problems
from studynotes.support.browser import site_pages

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
LANGUAGES = {"ja": ("", "正規化"), "en": ("/en", "normalization")}


@pytest.fixture(scope="module", autouse=True)
def _axe_installed():
    if not AXE.is_file():
        tool_missing(f"axe-core is missing ({AXE}): install Node.js and run `npm ci` "
                     "(make test runs it when npm is installed)")


@pytest.fixture(params=SCHEMES)
def scheme(request):
    return request.param


def _context(browser, scheme: str, phone: bool = True):
    """A browser context in ``scheme``, on a phone or a desktop, with axe in each of its pages."""
    context = browser.new_context(color_scheme=scheme, **({"locale": "ja-JP", **PHONE} if phone else DESKTOP))
    context.add_init_script(path=str(AXE))
    return context


def _kinds(site) -> list[str]:
    """One page of each kind, in both languages: home, listings, a question, a term, tags, review,
    term cards, the 404 and offline pages."""
    pages = site_pages(site)
    question = next(p for p in pages if p.startswith("/questions/") and p != "/questions/")
    term = next(p for p in pages if p.startswith("/glossary/") and p != "/glossary/")
    kinds = ["/", "/questions/", question, "/glossary/", term, "/tags/", "/review/", "/study/", "/404.html",
             "/offline.html"]
    return kinds + ["/en" + path for path in kinds]


def _in_both_schemes(page, view: str) -> list[str]:
    """axe in the page as it is, light, then dark from the very same state: Material's scheme
    attribute set as its toggle sets it (the kinds of page are also checked in contexts that
    prefer the dark scheme). Back to light after."""
    found = axe_problems(page, f"{view} (light)")
    page.evaluate("() => { document.body.dataset.mdColorScheme = 'slate' }")
    found += axe_problems(page, f"{view} (dark)")
    page.evaluate("() => { document.body.dataset.mdColorScheme = 'default' }")
    return found


def _fail_on(found: list[str]) -> None:
    if found:
        pytest.fail(f"{len(found)} accessibility problem(s):\n" + "\n".join(found), pytrace=False)


@pytest.mark.slow
def test_every_kind_of_page_passes_axe_on_a_phone(browser, base_url, site, scheme):
    context = _context(browser, scheme)
    page = context.new_page()
    found = []
    for path in _kinds(site):
        page.goto(base_url + path, wait_until="load")
        found += axe_problems(page, f"{path} ({scheme}, 375 px)")
    context.close()
    _fail_on(found)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_states_a_learner_reaches_pass_axe_in_both_schemes(browser, fixture_url, language):
    prefix, query = LANGUAGES[language]
    context = _context(browser, "light")
    page = context.new_page()
    found = []
    where = f"({language}, 375 px)"

    # Search open, with results.
    page.goto(f"{fixture_url}{prefix}/questions/065/", wait_until="load")
    page.click("label.md-header__button[for='__search']")
    page.fill(".md-search__input", query)
    page.wait_for_selector(".md-search-result__item mark")  # the passages have come
    found += _in_both_schemes(page, f"search for {query!r} open with results {where}")

    # A term card open, by a tap on a term in a question.
    page.goto(f"{fixture_url}{prefix}/questions/066/", wait_until="load")
    page.locator("article a.glossary-link").first.tap()
    page.wait_for_selector(".term-card:not([hidden])")
    found += _in_both_schemes(page, f"a term card open on {prefix}/questions/066/ {where}")

    # A question marked for review, then the review list with it.
    page.locator("button.review-toggle").tap()
    page.wait_for_selector("button.review-toggle[aria-pressed='true']")
    found += _in_both_schemes(page, f"{prefix}/questions/066/ marked for review {where}")
    page.goto(f"{fixture_url}{prefix}/review/", wait_until="load")
    page.wait_for_selector(".review-list li a")
    found += _in_both_schemes(page, f"{prefix}/review/ with a question marked {where}")

    # The navigation drawer open.
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    found += _in_both_schemes(page, f"the navigation drawer open on {prefix}/review/ {where}")

    # A term card to study with its answer shown, then with every card done for today.
    page.goto(f"{fixture_url}{prefix}/study/", wait_until="load")
    page.wait_for_selector(".study-deck__ui:not([hidden])")
    page.tap(".study-show")
    found += _in_both_schemes(page, f"{prefix}/study/ with a card's answer shown {where}")
    while page.locator(".study-show").is_visible() or page.locator(".study-ratings").is_visible():
        if page.locator(".study-show").is_visible():
            page.tap(".study-show")
        page.tap(".study-rating--easy")
    found += _in_both_schemes(page, f"{prefix}/study/ with every card done {where}")
    context.close()
    _fail_on(found)


def test_a_desktop_with_its_sidebars_and_search_passes_axe_in_both_schemes(browser, fixture_url):
    context = _context(browser, "light", phone=False)
    page = context.new_page()
    found = []
    for prefix, _ in LANGUAGES.values():
        page.goto(f"{fixture_url}{prefix}/questions/065/", wait_until="load")
        found += _in_both_schemes(page, f"{prefix}/questions/065/ on a desktop")
    query = LANGUAGES["en"][1]  # on the English page, the last one
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    page.wait_for_selector(".md-search-result__item mark")  # the passages have come
    found += _in_both_schemes(page, f"search for {query!r} on a desktop")
    context.close()
    _fail_on(found)


# How an admonition of each type looks on the page: its border, its title's icon and colours, the
# page's background; the other types are Material's, put beside the editor's note for the measure.
MATERIAL_TYPES = ["note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug",
                  "example", "quote"]
_ADMONITIONS = """(types) => {""" + COLOURS + """    const editor = document.querySelector("article .admonition.editor")
    const others = types.map(type => {
        const div = document.createElement("div")
        div.className = "admonition " + type
        div.innerHTML = '<p class="admonition-title">' + type + '</p><p>x</p>'
        editor.after(div)
        return div
    })
    const page = rgba(getComputedStyle(document.body).backgroundColor)
    const look = el => {
        const box = getComputedStyle(el), title = el.querySelector(".admonition-title")
        const icon = getComputedStyle(title, "::before")
        const behind = over(rgba(box.backgroundColor), page)
        const titleBg = over(rgba(getComputedStyle(title).backgroundColor), behind)
        return {border: box.borderTopColor, style: box.borderTopStyle, icon: icon.maskImage || icon.webkitMaskImage,
                iconColor: icon.backgroundColor, title: title.textContent,
                borderRatio: ratio(rgba(box.borderTopColor), page),
                iconRatio: ratio(over(rgba(icon.backgroundColor), titleBg), titleBg),
                textRatio: ratio(over(rgba(getComputedStyle(title).color), titleBg), titleBg)}
    }
    const found = {editor: look(editor), others: Object.fromEntries(others.map((el, i) => [types[i], look(el)]))}
    others.forEach(el => el.remove())
    return found
}"""


@pytest.mark.parametrize("language, title", [("ja", "編集注"), ("en", "Editor's note")])
def test_an_editors_note_stands_apart_and_is_readable_in_both_schemes(browser, editor_url, language, title):
    """An editor's note (``!!! editor``, not the author's text) looks like no other admonition: its
    own border colour, dashed, and its own icon; its border and icon stand out 3:1 against what is
    behind them (WCAG 1.4.11) and its title 4.5:1, light and dark; axe finds nothing."""
    context = _context(browser, "light", phone=False)
    page = context.new_page()
    page.goto(f"{editor_url}{LANGUAGES[language][0]}/questions/065/", wait_until="load")
    found = []
    for scheme in ("default", "slate"):
        page.evaluate(f"() => {{ document.body.dataset.mdColorScheme = '{scheme}' }}")
        shown = page.evaluate(_ADMONITIONS, MATERIAL_TYPES)
        editor, others = shown["editor"], shown["others"]
        assert editor["title"] == title
        assert editor["style"] == "dashed" and {o["style"] for o in others.values()} == {"solid"}, scheme
        assert editor["icon"].startswith("url(") and "svg" in editor["icon"], scheme
        for type_, other in others.items():
            assert editor["border"] != other["border"] and editor["iconColor"] != other["iconColor"], (scheme, type_)
            assert editor["icon"] != other["icon"], (scheme, type_)
        assert editor["borderRatio"] >= 3 and editor["iconRatio"] >= 3, (scheme, editor)
        assert editor["textRatio"] >= 4.5, (scheme, editor)
        found += axe_problems(page, f"{language} /questions/065/ with an editor's note ({scheme})")
    context.close()
    _fail_on(found)


def test_every_focus_is_visible_in_both_schemes(browser, fixture_url, scheme):
    """Tab through a question page on a desktop (header, sidebars, content, footer) and a listing on
    a phone: each stop has an outline of 3:1 against its background, or looks otherwise different
    when focused."""
    found = []
    for phone, path in ((False, "/questions/066/"), (True, "/en/glossary/"), (True, "/study/")):
        context = _context(browser, scheme, phone=phone)
        page = context.new_page()
        page.goto(fixture_url + path, wait_until="load")
        found += focus_problems(page, f"{path} ({scheme}, {'375 px' if phone else 'desktop'})", 70)
        context.close()
    _fail_on(found)


# -- the keyboard's ways in --------------------------------------------------------------------------

def test_the_first_tab_reaches_the_skip_link_and_it_skips_to_the_content(page, fixture_url):
    page.goto(f"{fixture_url}/questions/065/", wait_until="load")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert page.evaluate("() => document.activeElement.classList.contains('md-skip')")
    assert skip.is_visible() and skip.inner_text() == "コンテンツにスキップ"
    page.keyboard.press("Enter")
    assert page.url.endswith("/questions/065/#" + skip.get_attribute("href").split("#")[1])


def test_review_marks_toggle_with_enter_and_space(page, fixture_url):
    page.goto(f"{fixture_url}/questions/065/", wait_until="load")
    toggle = page.locator("button.review-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "false"


def test_slash_opens_search_and_arrows_and_enter_open_a_result(page, fixture_url):
    page.goto(f"{fixture_url}/questions/061/", wait_until="networkidle")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("消失勾配")
    # The passages, with their highlighted matches, have replaced the titles listed first.
    page.wait_for_selector(".md-search-result__item >> nth=0 >> mark")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/glossary/vanishing-gradient/.*"))


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_term_card_at_the_edge_of_a_320_px_screen_scrolls_nothing_sideways(browser, fixture_url, language):
    """WCAG 1.4.10 (reflow) at 320 CSS pixels (a small phone, or 400 % zoom); every page of the site
    is measured at that width in test_browser.py."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  locale="ja-JP")
    page = context.new_page()
    page.goto(f"{fixture_url}{LANGUAGES[language][0]}/questions/066/", wait_until="load")
    terms = page.locator("article a.glossary-link")
    assert terms.count() >= 2
    for term in (terms.first, terms.last):
        term.tap()
        card = page.locator(".term-card:not([hidden])")
        card.wait_for()
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)") <= 320
        page.keyboard.press("Escape")
    context.close()
