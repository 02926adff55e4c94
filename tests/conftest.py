"""Shared fixtures: the repository, a real build of the site, small builds of altered notes, Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from browser_support import CHROMIUM_ARGS, chromium_executable, free_port, serve

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RAW_NOTES = ROOT / "notes" / "raw"
# The site is built for the address the browser tests serve it at (sitemap, hreflang links).
SITE_URL = f"http://127.0.0.1:{free_port()}/"


def build_site(docs_dir: Path, site_dir: Path, site_url: str = SITE_URL,
               adjust: Callable[[MkDocsConfig], None] | None = None) -> Path:
    """Build with the real mkdocs.yml (hooks, plugins, strict) from ``docs_dir`` into ``site_dir``;
    ``adjust`` may change the loaded configuration first."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir),
                         site_url=site_url)
    if adjust is not None:
        adjust(config)
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site built from the repository's docs/ (once per test session)."""
    return build_site(DOCS, tmp_path_factory.mktemp("site"))


@pytest.fixture
def docs_copy(tmp_path) -> Path:
    """A writable copy of docs/ to break on purpose."""
    target = tmp_path / "docs"
    shutil.copytree(DOCS, target)
    return target


@pytest.fixture(scope="session")
def base_url(site):
    """The built site, served locally."""
    with serve(site, SITE_URL) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import Error, sync_playwright
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        except Error as e:
            pytest.fail("No Chromium found for the browser tests: install Debian's 'chromium' package "
                        "or run 'python -m playwright install chromium' (or set CHROMIUM=/path).\n" + str(e))
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop-sized Japanese page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()
