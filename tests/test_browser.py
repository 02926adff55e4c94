"""What a reader sees in Chromium: rendered fractions, phone layout, no third-party requests."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _executable() -> str | None:
    """Debian's Chromium where present (CI), else Playwright's own browser if installed."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
        except Error as e:
            pytest.fail("No Chromium found for the browser tests: install Debian's 'chromium' package "
                        "or run 'python -m playwright install chromium' (or set CHROMIUM=/path).\n" + str(e))
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()


def site_pages(site: Path) -> list[str]:
    return sorted("/" + str(p.relative_to(site).parent).replace(".", "") for p in site.rglob("index.html")
                  if "assets" not in p.parts)


def _is_fraction(page, selector: str) -> bool:
    """A rendered fraction: numerator wholly above the denominator, same horizontal band."""
    return page.eval_on_selector(selector, """frac => {
        const [num, den] = [frac.children[0].getBoundingClientRect(), frac.children[1].getBoundingClientRect()];
        return frac.children.length === 2 && num.width > 0 && den.width > 0 && num.height > 0
            && num.bottom <= den.top + 1 && Math.abs((num.left + num.right) - (den.left + den.right)) / 2 < den.width;
    }""")


def test_min_max_formula_renders_as_a_fraction_in_text_and_tables(page, base_url):
    page.goto(f"{base_url}/questions/065/")
    assert page.locator("div.arithmatex math[display=block] mfrac").count() == 2
    assert _is_fraction(page, "div.arithmatex math[display=block] mfrac")
    assert page.locator("table math mfrac").count() == 7
    assert _is_fraction(page, "table math mfrac")
    # The TeX source stays with the formula, for copying and assistive technology.
    tex = page.eval_on_selector("div.arithmatex annotation", "a => a.textContent")
    assert tex.startswith("X' = \\frac{X - X_{\\text{min}}}")
    # Only the rendered formula is visible, never the raw TeX.
    assert "\\frac" not in page.inner_text("article")


def test_every_page_fits_a_phone_and_requests_nothing_from_other_origins(browser, base_url, site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, locale="ja-JP")
    foreign: list[str] = []
    context.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None)
    page = context.new_page()
    too_wide = []
    paths = site_pages(site)
    assert len(paths) >= 17
    for path in paths:
        page.goto(base_url + path, wait_until="networkidle")
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > 375:
            too_wide.append((path, width))
    # Searching loads the search index and worker: still from the site itself.
    page.goto(base_url + "/", wait_until="networkidle")
    context.close()
    assert too_wide == []
    assert foreign == []


def test_japanese_ui_and_dark_mode_toggle(page, base_url):
    page.goto(f"{base_url}/questions/066/", wait_until="networkidle")
    assert page.get_attribute("html", "lang") == "ja"
    assert page.get_attribute(".md-search__input", "placeholder") == "検索"
    scheme = page.get_attribute("body", "data-md-color-scheme")
    page.click("label.md-header__button[for^='__palette']:visible")
    assert page.get_attribute("body", "data-md-color-scheme") != scheme


def test_search_box_finds_a_page(page, base_url):
    page.goto(f"{base_url}/questions/066/", wait_until="networkidle")
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially("Debugger", delay=30)
    # The search worker builds its index on first use; give it time on a loaded machine.
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    assert page.locator(".md-search-result__item").count() >= 1


def test_wide_tables_scroll_inside_their_own_box(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{base_url}/questions/069/", wait_until="networkidle")
    boxes = page.eval_on_selector_all("article table", """tables => tables.map(t => {
        const box = t.closest('.md-typeset__scrollwrap') || t;
        return [box.getBoundingClientRect().right, box.scrollWidth, box.clientWidth];
    })""")
    context.close()
    assert boxes and all(right <= 375 for right, _, _ in boxes)
    assert any(scroll > client for _, scroll, client in boxes)  # at least one table needs its own scroll


def test_hovering_a_term_link_shows_its_summary(page, base_url):
    page.goto(f"{base_url}/questions/066/", wait_until="networkidle")
    link = page.locator("article a.glossary-link", has_text="消失勾配").first
    link.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert tooltip.inner_text().startswith("消失勾配は、ディープニューラルネットワークのトレーニング中に発生する問題")
    assert link.inner_text() == "消失勾配"  # the link keeps the author's words
    link.click()
    page.wait_for_url("**/glossary/vanishing-gradient/")
    assert page.locator("h2#この用語が登場する問題").count() == 1
