"""The site's navigation (studynotes.navhtml) is Material's navigation: same elements on every page.

Each test builds the same notes twice, with ``overrides/partials/nav-item.html`` (the navigation
written in Python) and without it (Material's own Jinja macro), and compares the pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DOCS, add_site_assets, build_site, make_project
from studynotes import navhtml
from studynotes.support.browser import serve
from studynotes.support.events import up_to_nav
from studynotes.support.trees import make_tree

OVERRIDE = "partials/nav-item.html"
RE_AROUND_TAGS = re.compile(r"\s*(<[^>]*>)\s*")
RE_SPACES = re.compile(r"\s+")


def _build(docs: Path, site: Path, material: bool, features: list[str] | None = None,
           status: dict[str, str] | None = None) -> Path:
    def adjust(config) -> None:
        if features is not None:
            config.theme["features"] = features
        if status is not None:
            config.extra["status"] = status
        if material:  # the overrides without the navigation macro: Material's own is found
            plain = site.parent / f"{site.name}-overrides"
            ours = next(d for d in config.theme.dirs if Path(d).name == "overrides")
            shutil.copytree(ours, plain, ignore=shutil.ignore_patterns(Path(OVERRIDE).name))
            config.theme.dirs[config.theme.dirs.index(ours)] = str(plain)
    return build_site(docs, site, adjust=adjust)


def _both(docs: Path, tmp_path: Path, **options) -> tuple[Path, Path]:
    return (_build(docs, tmp_path / "ours", False, **options), _build(docs, tmp_path / "material", True, **options))


def _normalized(html: str) -> str:
    """The page with the white space between tags dropped (Material's macro indents, ours does not)."""
    return RE_SPACES.sub(" ", RE_AROUND_TAGS.sub(r"\1", html))


# Our one change, on purpose (studynotes.navhtml): an index section's toggle, only an icon in
# Material's, holds the section's title, visually hidden: it names the toggle and the section's <nav>.
RE_ICON_TOGGLE = re.compile(r'(<div class="md-nav__link md-nav__container"><a [^>]*><span class="md-ellipsis">'
                            r'(.*?)</span>.*?</a><label class="md-nav__link [^"]*" for="[^"]*" id="[^"]*" '
                            r'tabindex="[^"]*">' + re.escape(navhtml.ICON) + ')(</label>)')


def _as_ours(material_html: str) -> str:
    """Material's page with our one change made (the toggle holds the title of the section's link)."""
    return RE_ICON_TOGGLE.sub(r'\1<span class="visually-hidden">\2</span>\3', material_html)


def _assert_same_pages(ours: Path, material: Path) -> int:
    pages = sorted(p.relative_to(ours) for p in ours.rglob("*.html"))
    assert pages == sorted(p.relative_to(material) for p in material.rglob("*.html"))
    for page in pages:
        mine, theirs = _normalized((ours / page).read_text()), _as_ours(_normalized((material / page).read_text()))
        if mine != theirs:
            at = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
                      min(len(mine), len(theirs)))
            pytest.fail(f"{page} differs from Material's navigation at character {at}:\n"
                        f"  ours:     …{mine[at - 150:at + 150]}…\n  Material: …{theirs[at - 150:at + 150]}…")
    return len(pages)


@pytest.mark.slow
def test_every_page_is_the_same_as_with_materials_macro(tmp_path):
    # 150 questions: blocks of a hundred, then of ten, pruned except the open one.
    docs = make_project(tmp_path / "project", docs=None)
    make_tree(FIXTURE_DOCS, docs, 150)
    add_site_assets(docs)
    ours, material = _both(docs, tmp_path)
    assert _assert_same_pages(ours, material) > 300
    page = (ours / "questions" / "123" / "index.html").read_text()
    assert page.count("md-nav__item--pruned") >= 6 and 'id="__toc"' in page
    # The navigation is written without Material's indentation: lighter pages.
    assert (ours / "questions" / "123" / "index.html").stat().st_size < \
        (material / "questions" / "123" / "index.html").stat().st_size


SECTION, EXPANDED, PRUNED = "md-nav__item--section", "md-toggle--indeterminate", "md-nav__item--pruned"


@pytest.mark.parametrize(("features", "markers"), [
    (["navigation.tabs", "navigation.sections", "navigation.expand", "navigation.indexes"], {SECTION, EXPANDED}),
    (["navigation.sections"], {SECTION}),
    (["navigation.tabs", "navigation.prune"], {SECTION, PRUNED}),  # tabs: the open tab is a section
    (["navigation.expand"], {EXPANDED}),
])
def test_same_with_other_navigation_features(docs_copy, tmp_path, features, markers):
    ours, material = _both(docs_copy, tmp_path, features=features)
    _assert_same_pages(ours, material)
    question = (ours / "questions" / "065" / "index.html").read_text()
    assert {m for m in (SECTION, EXPANDED, PRUNED) if m in question} == markers


@pytest.mark.parametrize("key, value", [("icon", "material/tag"), ("subtitle", "一覧"), ("status", "new")])
def test_navigation_keys_of_material_are_refused_with_their_line(docs_copy, key, value):
    # Material would act on them (icons, subtitles, status badges); the site's schema has none of them.
    # Reported when the build reads its files (the build fails at its end with every problem).
    tags = docs_copy / "tags.md"
    tags.write_text(tags.read_text().replace("title: タグの一覧\n", f"title: タグの一覧\n{key}: {value}\n"),
                    encoding="utf-8")
    with up_to_nav(docs_copy.parent / "mkdocs.yml", docs_copy) as up:
        reported = "\n".join(str(p) for p in up.run.report.fatal(strict=True))
    assert re.search(rf"docs/tags\.md:3: unknown front matter key '{key}': expected one of ja_version, title / "
                     rf"不明なキー '{key}'", reported)


def test_render_parts_around_the_table_of_contents():
    page = navhtml.Item("問1", url="questions/001/")
    other = navhtml.Item("問2", url="questions/002/")
    section = navhtml.Item("問題", children=[page, other])
    context = navhtml.PageView(current=page, url=lambda url: "/" + url, has_toc=True,
                           features=frozenset({"navigation.prune"}), status_titles={})
    before, after = navhtml.render(section, "__nav_1", 1, None, context)
    assert before.endswith('<a href="/questions/001/" class="md-nav__link md-nav__link--active">'
                           '<span class="md-ellipsis">問1</span></a>')
    assert after.startswith("</li>") and '<a href="/questions/002/" class="md-nav__link">' in after
    # Another page is current: the section is closed (pruned) and links to its first page.
    elsewhere = navhtml.PageView(current=None, url=lambda url: "/" + url, has_toc=True,
                             features=frozenset({"navigation.prune"}), status_titles={})
    [closed] = navhtml.render(section, "__nav_1", 1, None, elsewhere)
    assert closed == ('<li class="md-nav__item md-nav__item--pruned md-nav__item--nested">'
                      '<a href="/questions/001/" class="md-nav__link"><span class="md-ellipsis">問題</span>'
                      f"{navhtml.ICON}</a></li>")


def test_the_table_of_contents_labels_its_checkbox_only_where_the_navigation_has_one():
    index, page = navhtml.Item("問題", url="questions/", is_index=True), navhtml.Item("問1", url="questions/001/")
    section = navhtml.Item("問題", children=[index, page])
    home = navhtml.Item("ホーム", url="", is_index=True)  # at the top: a page of its own, not a section's link
    indexes = {"navigation.indexes"}
    assert section.index is index and navhtml.has_toc_toggle(page, indexes) and navhtml.has_toc_toggle(home, indexes)
    assert not navhtml.has_toc_toggle(index, indexes)  # the section's link stands for it
    assert navhtml.has_toc_toggle(index, set())        # without navigation.indexes it is a page of the section
    assert not navhtml.has_toc_toggle(None, indexes)   # a page outside the navigation (404.html)


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture tree built with our navigation and with Material's, once for every viewport."""
    tmp = tmp_path_factory.mktemp("nav")
    return _both(make_project(tmp / "project"), tmp)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_a_reader_sees_the_same_navigation(browser, both_sites, viewport):
    ours, material = both_sites
    shots = []
    for site in (ours, material):
        with serve(site) as url:
            context = browser.new_context(viewport=viewport, locale="ja-JP")
            page = context.new_page()
            page.goto(f"{url}/questions/065/")
            if viewport["width"] < 800:
                page.click(".md-header label[for=__drawer]")
                page.wait_for_timeout(400)  # the drawer's slide-in transition
            shots.append(page.locator(".md-sidebar--primary").screenshot(animations="disabled"))
            context.close()
    assert shots[0] == shots[1]


def test_pages_share_closed_parts_only_where_their_urls_are_written_alike():
    dirs = navhtml.url_dirs(["", "questions/", "questions/065/", "questions/066/", "glossary/macie/",
                             "glossary/macie/"])  # listed twice (e.g. a link to the page)
    assert navhtml.url_base("questions/065/", dirs) == "questions"
    assert navhtml.url_base("questions/066/", dirs) == "questions"
    assert navhtml.url_base("questions/", dirs) is None  # pages below it: its links to them differ
    assert navhtml.url_base("", dirs) is None
    assert navhtml.url_base("glossary/macie/", dirs) is None  # listed twice: written for itself
    assert navhtml.url_base("404.html", dirs) is None
    assert navhtml.url_base("questions/065.html", navhtml.url_dirs(["questions/065.html"])) is None
