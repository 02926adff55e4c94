"""What a reader sees in Chromium: rendered fractions, phone layout, no third-party requests."""

from __future__ import annotations

import pytest

from studynotes.support.browser import site_pages

pytestmark = pytest.mark.browser


def _is_fraction(page, selector: str) -> bool:
    """A rendered fraction: numerator wholly above the denominator, same horizontal band."""
    return page.eval_on_selector(selector, """frac => {
        const [num, den] = [frac.children[0].getBoundingClientRect(), frac.children[1].getBoundingClientRect()];
        return frac.children.length === 2 && num.width > 0 && den.width > 0 && num.height > 0
            && num.bottom <= den.top + 1 && Math.abs((num.left + num.right) - (den.left + den.right)) / 2 < den.width;
    }""")


def test_min_max_formula_renders_as_a_fraction_in_text_and_tables(page, fixture_url):
    page.goto(f"{fixture_url}/questions/065/")
    assert page.locator("div.arithmatex math[display=block] mfrac").count() == 2
    assert _is_fraction(page, "div.arithmatex math[display=block] mfrac")
    assert page.locator("table math mfrac").count() == 7
    assert _is_fraction(page, "table math mfrac")
    # The TeX source stays with the formula, for copying and assistive technology.
    tex = page.eval_on_selector("div.arithmatex annotation", "a => a.textContent")
    assert tex.startswith("X' = \\frac{X - X_{\\text{min}}}")
    # Only the rendered formula is visible, never the raw TeX.
    assert "\\frac" not in page.inner_text("article")


@pytest.mark.slow
def test_every_page_fits_a_phone_and_requests_nothing_from_other_origins(browser, base_url, site):
    # 320 CSS pixels: a small phone, or 400 % zoom (WCAG 1.4.10, reflow).
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, locale="ja-JP")
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    too_wide = []
    paths = site_pages(site)
    assert paths and len(paths) == len(set(paths))
    # Six tabs at a time: each page is waited for until its network is idle (half a second without
    # a request), and those waits overlap.
    tabs = [context.new_page() for _ in range(6)]
    for start in range(0, len(paths), len(tabs)):
        batch = list(zip(tabs, paths[start:start + len(tabs)], strict=False))
        for tab, path in batch:
            tab.goto(base_url + path, wait_until="commit")
        for tab, path in batch:
            tab.wait_for_load_state("networkidle")
            width = tab.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            if width > 320:
                too_wide.append((path, width))
    page = tabs[0]
    # Searching loads the search index and worker: still from the site itself.
    page.goto(base_url + "/", wait_until="networkidle")
    page.click("label.md-header__button[for='__search']")
    page.fill(".md-search__input", "消失勾配")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_load_state("networkidle")
    context.close()
    assert any("/search/shards/" in url for url in requested)  # the worker's requests are seen too
    assert too_wide == []
    assert [url for url in requested if not url.startswith((base_url, "data:", "blob:"))] == []


def test_japanese_ui_and_dark_mode_toggle(page, fixture_url):
    page.goto(f"{fixture_url}/questions/066/", wait_until="networkidle")
    assert page.get_attribute("html", "lang") == "ja"
    assert page.get_attribute(".md-search__input", "placeholder") == "検索"
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.click("label.md-header__button[for^='__palette']:visible")
    assert page.get_attribute("body", "data-md-color-scheme") != scheme


def test_search_box_finds_a_page(page, fixture_url):
    page.goto(f"{fixture_url}/questions/066/", wait_until="networkidle")
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially("Debugger", delay=30)
    # The search worker builds its index on first use; give it time on a loaded machine.
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    assert page.locator(".md-search-result__item").count() >= 1


def test_wide_tables_scroll_inside_their_own_box(browser, fixture_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{fixture_url}/questions/069/", wait_until="networkidle")
    boxes = page.eval_on_selector_all("article table", """tables => tables.map(t => {
        const box = t.closest('.md-typeset__scrollwrap') || t;
        return [box.getBoundingClientRect().right, box.scrollWidth, box.clientWidth];
    })""")
    context.close()
    assert boxes and all(right <= 375 for right, _, _ in boxes)
    assert any(scroll > client for _, scroll, client in boxes)  # at least one table needs its own scroll


def test_hovering_a_term_link_shows_its_summary(page, fixture_url):
    page.goto(f"{fixture_url}/questions/066/", wait_until="networkidle")
    link = page.locator("article a.glossary-link", has_text="消失勾配").first
    link.hover()
    card = page.locator(".term-card:not([hidden]) .term-card__summary")
    card.wait_for(state="visible", timeout=10_000)
    assert card.inner_text().startswith("消失勾配は、ディープニューラルネットワークのトレーニング中に発生する問題")
    assert page.locator(".md-tooltip2--active").count() == 0  # the card only, not Material's tooltip too
    assert link.inner_text() == "消失勾配"  # the link keeps the author's words
    link.click()
    page.wait_for_url("**/glossary/vanishing-gradient/")
    # Instant navigation changes the address first, then the content.
    page.wait_for_selector("article h1:has-text('消失勾配')")
    assert page.locator("h2#この用語が登場する問題").count() == 1
