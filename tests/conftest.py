"""Shared fixtures: the repository, builds of the live notes and of the frozen fixture tree, Chromium.

Two kinds of site are built:

- ``site``: the repository's own ``docs/``. Tests on it check only what holds for any notes (every
  page built, every link resolving, every formula rendered, nothing of a note lost, …).
- ``fixture_site``: ``tests/fixtures/notes`` (the notes as they were when the tests were written),
  in a copy of the project (:func:`make_project`). Exact expectations (texts, links, counts, order)
  are made on it, so that adding or correcting a note never breaks a test.
- ``editor_site``: the fixture tree with the editor's notes of :data:`EDITOR_NOTES` added between
  the author's paragraphs (:func:`add_editor_notes`), to compare with ``fixture_site``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import studynotes.plugin.events  # noqa: F401  (its logger exists before any test's caplog looks for it)
from studynotes import translations
from studynotes.support.browser import CHROMIUM_ARGS, chromium_executable, free_port, serve

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RAW_NOTES = ROOT / "notes" / "raw"
FIXTURE = ROOT / "tests" / "fixtures" / "notes"
FIXTURE_DOCS = FIXTURE / "docs"
FIXTURE_RAW = FIXTURE / "raw"
KNOWN_GAPS = Path("src") / "studynotes" / "data" / "known-gaps.yml"  # in a project, beside mkdocs.yml
# The site is built for the address the browser tests serve it at (sitemap, hreflang links).
SITE_URL = f"http://127.0.0.1:{free_port()}/"
# A desktop-sized Japanese browser context (browser.new_context(**DESKTOP)).
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "ja-JP"}
# A phone's screen and touch (browser.new_context(locale=..., **PHONE)).
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def make_project(target: Path, docs: Path | None = FIXTURE_DOCS, known_gaps: str | None = None) -> Path:
    """A copy of the project's build files (mkdocs.yml, hooks, overrides, the site's own assets) with
    the notes tree ``docs`` (the fixture's by default) and its known gaps (the fixture's, or the text
    ``known_gaps``). Returns the copy's ``docs/``; with ``docs=None`` it is not created: write the
    notes there, then call :func:`add_site_assets`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    if docs is not None:
        shutil.copytree(docs, target / "docs")
        add_site_assets(target / "docs")
    gaps = target / KNOWN_GAPS
    gaps.parent.mkdir(parents=True, exist_ok=True)
    if known_gaps is not None:
        gaps.write_text(known_gaps, encoding="utf-8")
    else:
        shutil.copy(FIXTURE / "known-gaps.yml", gaps)
    return target / "docs"


# Editor's notes (``!!! editor``: not the author's text) added to the fixture tree: page → (the line
# they follow, the note). The notes name no term of the fixture, so that the pages' links and related
# terms stay the fixture's; their text has characters that must be escaped.
EDITOR_NOTES = {
    "questions/065.md": ("- \\(X'\\)：正規化後の値（0〜1 の範囲）\n",
                         '!!! editor "編集注"\n\n'
                         '    0〜1 に収まるのはトレーニングデータの値です（x < 10 や x > 100 は外に出ます）。\n'),
    "questions/065.en.md": ("- \\(X'\\): the normalized value (in the range 0 to 1)\n",
                            '!!! editor "Editor\'s note"\n\n    Only the training data is sure to fall in 0 to 1 '
                            '(x < 10 or x > 100 falls outside it) & the page says otherwise.\n'),
    "questions/067.md": ("- Amazon SageMaker Ground Truth はラベル付けプロセスはデータの品質向上には役立つ\n",
                         '!!! editor "編集注"\n\n    この文は元のノートで途中までしか書かれていません。\n'),
    "questions/067.en.md": ("- Amazon SageMaker Ground Truth's labeling process does help improve data quality\n",
                            '!!! editor "Editor\'s note"\n\n    This sentence is unfinished in the notes.\n'),
}


def add_editor_notes(docs: Path) -> None:
    """The editor's notes of :data:`EDITOR_NOTES` into a copy of the fixture tree, each after its
    line, between blank lines; the translations stamped again, as a translator would."""
    for rel, (after, note) in EDITOR_NOTES.items():
        path = docs / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(after) == 1, (rel, after)
        path.write_text(text.replace(after, f"{after}\n{note}\n"), encoding="utf-8")
    for rel in EDITOR_NOTES:
        if rel.endswith(".en.md"):
            path, original = docs / rel, docs / rel.replace(".en.md", ".md")
            path.write_text(translations.stamp(path.read_text(encoding="utf-8"), original.read_text(encoding="utf-8")),
                            encoding="utf-8")


def add_site_assets(docs: Path) -> None:
    """The site's own files (styles, scripts: code, not notes) into a notes tree."""
    shutil.copytree(DOCS / "assets", docs / "assets", dirs_exist_ok=True)


def config_for(docs_dir: Path) -> Path:
    """The mkdocs.yml that builds ``docs_dir``: the one beside it (a project copy), else the repository's."""
    beside = docs_dir.parent / "mkdocs.yml"
    return beside if beside.is_file() else ROOT / "mkdocs.yml"


def build_site(docs_dir: Path, site_dir: Path, site_url: str = SITE_URL,
               adjust: Callable[[MkDocsConfig], None] | None = None) -> Path:
    """Build with mkdocs.yml (hooks, plugins, strict) from ``docs_dir`` into ``site_dir``; ``adjust``
    may change the loaded configuration first."""
    config = load_config(config_file=str(config_for(docs_dir)), docs_dir=str(docs_dir), site_dir=str(site_dir),
                         site_url=site_url)
    if adjust is not None:
        adjust(config)
    build(config)
    return site_dir


def tool_missing(why: str) -> None:
    """A check whose tool is not installed here (Node.js tools, Java): skipped with ``why``, except
    in CI, which installs every tool and fails instead."""
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def pytest_collection_modifyitems(config, items):
    """Honest markers: ``browser`` is on exactly the tests that drive Chromium, those that ask for the
    ``browser`` fixture (marked here) and those that say what else starts it
    (``@pytest.mark.browser(starts="…")``); a test marked without either is an error."""
    dishonest = []
    for item in items:
        marker = item.get_closest_marker("browser")
        if "browser" in item.fixturenames:
            if marker is None:
                item.add_marker(pytest.mark.browser)
        elif marker is not None and "starts" not in marker.kwargs:
            dishonest.append(item.nodeid)
    if dishonest:
        raise pytest.UsageError("marked 'browser' but no browser is used (no 'browser' fixture, no "
                                "starts=...): " + ", ".join(dishonest))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site built from the repository's docs/ (once per test session)."""
    return build_site(DOCS, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The site built from the frozen fixture tree (once per test session)."""
    docs = make_project(tmp_path_factory.mktemp("fixture-project") / "project")
    return build_site(docs, tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture(scope="session")
def editor_site(tmp_path_factory) -> Path:
    """The fixture tree with editor's notes added (:data:`EDITOR_NOTES`), built (once per session)."""
    docs = make_project(tmp_path_factory.mktemp("editor-project") / "project")
    add_editor_notes(docs)
    return build_site(docs, tmp_path_factory.mktemp("editor-site"))


@pytest.fixture
def docs_copy(tmp_path) -> Path:
    """A writable copy of the fixture tree, in a copy of the project, to break on purpose."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def base_url(site):
    """The live site, served locally."""
    with serve(site, SITE_URL) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_url(fixture_site):
    """The fixture site, served locally (it is built for SITE_URL, served at another port)."""
    with serve(fixture_site) as url:
        yield url


@pytest.fixture(scope="session")
def editor_url(editor_site):
    """The fixture site with editor's notes, served locally."""
    with serve(editor_site) as url:
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
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    yield page
    context.close()
