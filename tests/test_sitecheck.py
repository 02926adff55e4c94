"""studynotes.sitecheck: the built site is clean (links, anchors, navigation, sitemap), each kind of problem
is reported on small hand-made sites, and two builds of the same notes are byte-identical."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import DOCS, ROOT, SITE_URL, build_site
from studynotes import background, sitecheck
from studynotes.sitecheck import PageLink, check_site, scan_html

# -- the real site ---------------------------------------------------------------------------


def test_the_built_site_is_clean(site):
    report = check_site(site, SITE_URL)
    assert [str(p) for p in report.problems] == []
    assert report.languages == ["ja", "en"]
    html_pages = [p for p in site.rglob("index.html") if "search" not in p.parts and "assets" not in p.parts]
    assert report.pages == len(html_pages)


def test_the_fixture_site_is_clean_and_fully_checked(fixture_site):
    report = check_site(fixture_site, SITE_URL)
    assert [str(p) for p in report.problems] == []
    assert report.pages == 38 and report.links > 1000


def test_the_site_url_is_read_from_the_sitemap(site):
    report = check_site(site)
    assert report.site_url == SITE_URL
    assert report.problems == []


def test_a_deleted_page_is_reported_where_it_is_linked_and_in_the_sitemap(fixture_site, tmp_path):
    copy = shutil.copytree(fixture_site, tmp_path / "site")
    shutil.rmtree(copy / "questions" / "066")
    problems = [str(p) for p in check_site(copy).problems]
    assert 'questions/065/index.html: <a href="../066/">: no file questions/066/index.html in the site' in problems
    assert f"sitemap.xml: <loc> {SITE_URL}questions/066/ has no page (questions/066/index.html)" in problems
    # English pages link to the English page, except the Japanese alternates of the English page itself
    assert {p.split(":")[0] for p in problems if p.startswith("en/")} == {"en/questions/066/index.html"}


def test_cli_on_the_built_site(site):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "studynotes.sitecheck", str(site)], capture_output=True,
                         text=True, env=env, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitecheck: ") and lines[0].endswith(": 0 problems")


# -- small hand-made sites -------------------------------------------------------------------

SITE = "http://example.test/notes/"
ALTERNATES = (f'<link rel="alternate" href="{SITE}" hreflang="ja">'
              f'<link rel="alternate" href="{SITE}en/" hreflang="en">')


def html(nav=(), body="", head="", lang="ja") -> str:
    """A page like Material's: a header nav (not navigation), the md-nav navigation, the content."""
    items = "".join(f'<li class="md-nav__item"><a href="{u}" class="md-nav__link">x</a></li>' for u in nav)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">{head}'
            f'<link rel="stylesheet" href="{{root}}assets/site.css"></head><body>'
            f'<input class="md-toggle" type="checkbox" id="__search">'
            f'<header class="md-header"><nav class="md-header__inner"><a href="{{root}}">home</a></nav></header>'
            f'<nav class="md-nav md-nav--primary" data-md-level="0"><ul class="md-nav__list">{items}</ul></nav>'
            f'<article class="md-content__inner"><h1 id="title">Title</h1>{body}</article>'
            f'<footer><nav class="md-footer__inner"></nav></footer></body></html>')


def base_tree() -> dict[str, str]:
    ja_nav, en_nav = ["{root}", "{root}a/", "{root}b/"], ["{root}en/", "{root}en/a/"]
    return {
        "index.html": html(ja_nav, head=ALTERNATES),
        "a/index.html": html(ja_nav, '<h2 id="sec">Section</h2><a href="../b/#part">b</a>'),
        "b/index.html": html(ja_nav, '<h2 id="part">Part</h2><a href="../a/#sec">a</a>'),
        "en/index.html": html(en_nav, head=ALTERNATES, lang="en"),
        "en/a/index.html": html(en_nav, lang="en"),
        "404.html": html(ja_nav).replace("{root}", "/notes/"),  # 404 pages use root-relative URLs
        "en/404.html": html(en_nav, lang="en").replace("{root}", "/notes/"),
        "assets/site.css": "body {}",
        "assets/logo.png": "png",
        "search/manifest.json": "{}",
        "search/pages/0.html": "<p>not a page</p>",
        "sitemap.xml": sitemap(["", "a/", "b/", "en/", "en/a/"]),
    }


def sitemap(paths, site=SITE) -> str:
    urls = "".join(f"<url><loc>{site}{p}</loc><lastmod>2026-01-01</lastmod></url>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def make_site(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """The base tree with ``changes`` applied (None deletes a file); "{root}" in a page is the way up
    from that page to the site's root."""
    files = base_tree()
    for path, text in (changes or {}).items():
        if text is None:
            files.pop(path)
        else:
            files[path] = text
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("{root}", "../" * path.count("/")), encoding="utf-8")
    return root


def problems(root: Path, site_url: str | None = None) -> list[str]:
    return [str(p) for p in check_site(root, site_url).problems]


def with_body(path: str, body: str) -> dict[str, str]:
    """Page ``path`` of the base tree with ``body`` added to its content."""
    return {path: base_tree()[path].replace("</article>", body + "</article>")}


def test_the_hand_made_site_is_clean(tmp_path):
    report = check_site(make_site(tmp_path))
    assert [str(p) for p in report.problems] == []
    assert (report.pages, report.languages, report.site_url) == (5, ["ja", "en"], SITE)


def test_missing_files_are_reported_on_the_page_that_links_them(tmp_path):
    root = make_site(tmp_path, with_body("a/index.html", (
        '<a href="../c/">c</a>'
        '<img src="../assets/nope.png">'
        '<img srcset="../assets/logo.png 1x, ../assets/nope-2x.png 2x" src="../assets/logo.png">'
        '<picture><source srcset="../assets/nope.webp"></picture>'
        '<script src="../assets/nope.js"></script>'
        '<link rel="stylesheet" href="../assets/missing.css">'
        '<iframe src="../b/"></iframe><a href="../b">b without its slash</a><a href="../assets/site.css">css</a>'
        '<a href="?q=1">this page</a><a href="">this page</a>')))
    assert problems(root) == [
        'a/index.html: <a href="../c/">: no file c/index.html in the site',
        'a/index.html: <img src="../assets/nope.png">: no file assets/nope.png in the site',
        'a/index.html: <img srcset="../assets/nope-2x.png">: no file assets/nope-2x.png in the site',
        'a/index.html: <source srcset="../assets/nope.webp">: no file assets/nope.webp in the site',
        'a/index.html: <script src="../assets/nope.js">: no file assets/nope.js in the site',
        'a/index.html: <link href="../assets/missing.css">: no file assets/missing.css in the site',
    ]


def test_missing_fragments_are_reported(tmp_path):
    root = make_site(tmp_path, with_body("a/index.html", (
        '<a href="../b/#nowhere">1</a><a href="#absent">2</a><a href="#__nav_9">3</a>'
        # all found:
        '<a href="#sec">4</a><a href="#">5</a><a href="../assets/site.css#x">6</a><a href="#__search">7</a>'
        '<a name="old"></a><a href="#old">8</a><h3 id="結論">結論</h3><a href="#%E7%B5%90%E8%AB%96">9</a>'
        '<a href="#結論">10</a><a href="#top">11</a><a href="../b/#part">12</a><a href="../b#part">13</a>'
        '<a href="./#title">14</a>')))
    assert problems(root) == [
        'a/index.html: <a href="../b/#nowhere">: no element with id "nowhere" in b/index.html',
        'a/index.html: <a href="#absent">: no element with id "absent" in a/index.html',
        'a/index.html: <a href="#__nav_9">: no element with id "__nav_9" in a/index.html',
    ]


def test_a_link_reported_once_per_page(tmp_path):
    root = make_site(tmp_path, with_body("a/index.html", '<a href="#gone">1</a><a href="#gone">2</a>'))
    assert problems(root) == ['a/index.html: <a href="#gone">: no element with id "gone" in a/index.html']


def test_orphan_pages_are_reported(tmp_path):
    tree = base_tree()
    ja_nav = '<a href="../c/" class="md-nav__link">c</a>'
    root = make_site(tmp_path, {
        # c/ is linked from the content of a/, not from any navigation
        **with_body("a/index.html", '<a href="../c/">c</a>'),
        "c/index.html": html(["{root}", "{root}a/", "{root}b/"]),
        # d/ is linked only from its own navigation
        "d/index.html": html(["{root}", "{root}d/"]),
        # en/b/ is linked only from a Japanese page's navigation (and the header nav of an English one)
        "b/index.html": tree["b/index.html"].replace("</ul></nav>",
                                                     f"<li>{ja_nav.replace('../c/', '../en/b/')}</li></ul></nav>"),
        "en/b/index.html": html(["{root}en/", "{root}en/a/"], lang="en"),
        "en/a/index.html": tree["en/a/index.html"].replace('<a href="../../">home</a>', '<a href="../b/">b</a>'),
        # search/ and 404 pages are never pages
        "search/index.html": html(),
        "sitemap.xml": sitemap(["", "a/", "b/", "c/", "d/", "en/", "en/a/", "en/b/"]),
    })
    assert problems(root) == [
        "c/index.html: orphan page: not linked from the navigation of any other 'ja' page",
        "d/index.html: orphan page: not linked from the navigation of any other 'ja' page",
        "en/b/index.html: orphan page: not linked from the navigation of any other 'en' page",
    ]


def test_the_home_pages_need_no_navigation_link(tmp_path):
    nav = ["{root}a/", "{root}b/"]
    root = make_site(tmp_path, {"a/index.html": html(nav, '<h2 id="sec"></h2>'),
                                "b/index.html": html(nav, '<h2 id="part"></h2>'),
                                "en/a/index.html": html(["{root}en/a/"], lang="en"),
                                "en/index.html": html(["{root}en/a/"], head=ALTERNATES, lang="en")})
    assert problems(root) == []


def test_a_site_without_hreflang_links_has_one_language(tmp_path):
    root = make_site(tmp_path, {"index.html": html(["{root}", "{root}a/", "{root}b/"]),
                                "en/index.html": html(["{root}en/a/"], lang="en"),
                                "en/a/index.html": html(["{root}en/a/"], lang="en")})
    report = check_site(root)
    assert report.languages == ["(default)"]
    assert [str(p) for p in report.problems] == [
        "en/index.html: orphan page: not linked from the navigation of any other page"]


def test_sitemap_entries_without_pages_and_pages_without_entries(tmp_path):
    root = make_site(tmp_path, {
        "sitemap.xml": sitemap(["", "a/", "gone/", "en/", "en/a/", "assets/site.css"])
        .replace("</urlset>", "<url><loc>http://other.test/x/</loc></url><url><loc>http://example.test/notes/a/</loc></url></urlset>"),
    })
    assert problems(root) == [
        f"sitemap.xml: <loc> {SITE}gone/ has no page (gone/index.html)",
        f"sitemap.xml: <loc> {SITE}assets/site.css has no page (assets/site.css)",
        f"sitemap.xml: <loc> http://other.test/x/ is not under the site URL {SITE}",
        f"sitemap.xml: <loc> {SITE}a/ is listed more than once",
        "b/index.html: not in sitemap.xml",
    ]


def test_sitemap_missing_or_broken(tmp_path):
    assert "sitemap.xml: missing" in problems(make_site(tmp_path / "a", {"sitemap.xml": None}), SITE)
    broken = problems(make_site(tmp_path / "b", {"sitemap.xml": "<urlset><url>"}), SITE)
    assert broken[0].startswith("sitemap.xml: not valid XML")


def test_javascript_urls_are_problems(tmp_path):
    root = make_site(tmp_path, with_body("b/index.html", (
        '<a href="javascript:void(0)">1</a><a href=" JavaScript:alert(1)">2</a>'
        '<a href="java&#x0A;script:alert(1)">3</a>')))
    assert problems(root) == [
        'b/index.html: <a href="javascript:void(0)">: javascript: URL',
        'b/index.html: <a href=" JavaScript:alert(1)">: javascript: URL',
        'b/index.html: <a href="java\\nscript:alert(1)">: javascript: URL',
    ]


def test_external_urls_are_not_followed(tmp_path):
    root = make_site(tmp_path, with_body("a/index.html", (
        '<a href="https://example.com/missing/#nowhere">1</a><script src="//cdn.example.com/x.js"></script>'
        '<a href="mailto:someone@example.com">2</a><img src="data:image/png;base64,iVBORw0KGgo=">'
        '<a href="blob:https://example.test/1234">3</a><a href="tel:+81312345678">4</a>'
        '<a href="http://example.test/other/missing/">same host, not this site</a>'
        '<a href="http://example.test/notesX/">a longer path</a>')))
    assert problems(root) == []


def test_absolute_urls_of_the_site_itself_are_checked(tmp_path):
    root = make_site(tmp_path, with_body("a/index.html", (
        f'<a href="{SITE}b/">1</a><a href="HTTP://EXAMPLE.TEST/notes/b/#part">2</a><a href="{SITE[:-1]}">3</a>'
        f'<a href="{SITE}missing/">4</a><a href="{SITE}b/#nowhere">5</a>'
        '<a href="//example.test/notes/gone.html">6</a>'
        '<a href="/notes/b/">7</a><a href="/elsewhere/">8</a><a href="../../../up/">9</a>')))
    assert problems(root) == [
        f'a/index.html: <a href="{SITE}missing/">: no file missing/index.html in the site',
        f'a/index.html: <a href="{SITE}b/#nowhere">: no element with id "nowhere" in b/index.html',
        'a/index.html: <a href="//example.test/notes/gone.html">: no file gone.html in the site',
        'a/index.html: <a href="/elsewhere/">: outside the site (whose URL path is /notes/)',
        'a/index.html: <a href="../../../up/">: outside the site (above its root)',
    ]


def test_canonical_and_hreflang_links_are_checked(tmp_path):
    head = (f'<link rel="canonical" href="{SITE}a/"><link rel="alternate" href="{SITE}a/" hreflang="ja">'
            f'<link rel="alternate" href="{SITE}en/b/" hreflang="en">')
    root = make_site(tmp_path, {"a/index.html": base_tree()["a/index.html"].replace("</head>", head + "</head>")})
    assert problems(root) == [f'a/index.html: <link href="{SITE}en/b/">: no file en/b/index.html in the site']


def test_the_given_site_url_wins_over_the_sitemap(tmp_path):
    root = make_site(tmp_path, with_body("a/index.html", f'<a href="{SITE}missing/">1</a>'))
    other = "https://published.example/"
    report = check_site(root, other)
    assert report.site_url == other
    found = [str(p) for p in report.problems]
    assert not any("missing/" in p for p in found)  # now an external link
    assert f"sitemap.xml: <loc> {SITE} is not under the site URL {other}" in found


def test_cli_prints_problems_and_exits_1(tmp_path, capsys):
    root = make_site(tmp_path, with_body("a/index.html", '<a href="../c/">c</a>'))
    assert sitecheck.main([str(root)]) == 1
    assert capsys.readouterr().out == 'a/index.html: <a href="../c/">: no file c/index.html in the site\n'
    clean = make_site(tmp_path / "clean")
    assert sitecheck.main([str(clean), "--site-url", SITE]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("sitecheck: 5 pages (ja, en)")
    assert sitecheck.main([str(tmp_path / "nothing")]) == 2


# -- the scanner -----------------------------------------------------------------------------

def test_scan_finds_ids_links_and_navigation():
    scan = scan_html(
        '<!-- <a href="commented/"> --><script>var s = \'<a href="in-script/">\';</script>'
        '<style>a[href="in-style/"] {}</style>'
        '<nav class="md-header__inner"><a href="header/">h</a></nav>'
        '<nav class="md-nav md-nav--primary"><ul><li><nav class="md-nav"><A HREF="deep/">d</A></nav></li>'
        '<li><a title="a > b" href="after-gt/?x=1&amp;y=2">t</a></li></ul></nav>'
        '<a href=unquoted/ id=plain>u</a><a name="legacy"></a><input name="not-an-anchor">'
        '<img srcset="one.png 1x,two.png 2x" src="one.png"><div data-id="x" id=\'single\'></div>'
        '<SCRIPT src="app.js"></SCRIPT><object data="doc.pdf"></object><div data="not-a-url"></div>')
    assert [(link.url, link.in_nav) for link in scan.links] == [
        ("header/", False), ("deep/", True), ("after-gt/?x=1&y=2", True), ("unquoted/", False),
        ("one.png", False), ("two.png", False), ("one.png", False), ("app.js", False), ("doc.pdf", False)]
    assert scan.links[1] == PageLink("a", "href", "deep/", True)
    assert scan.ids == {"plain", "legacy", "single"}


def test_scan_reads_hreflang_alternates():
    scan = scan_html(ALTERNATES + '<a href="x" hreflang="en">x</a><link rel="canonical" href="y">')
    assert scan.alternates == [("ja", SITE), ("en", SITE + "en/")]


# -- reproducible builds ---------------------------------------------------------------------

def differing_files(a: Path, b: Path) -> list[str]:
    """Files of ``a`` and ``b`` (relative paths) that are missing from one or differ in bytes."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    return sorted(path for path in files_a | files_b
                  if path not in files_a or path not in files_b or (a / path).read_bytes() != (b / path).read_bytes())


def _utc_date() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def _spy(results, calls):
    def spied(worker):
        calls.append(worker._pid is not None)  # forked
        return results(worker)
    return spied


def test_two_builds_are_byte_identical_with_work_beside_the_build_or_done_at_once(site, tmp_path, monkeypatch):
    """Two builds of the same docs give the same bytes (compared with the session's build of docs/),
    and so do both ways of doing the work: cross-linking and the search index run in child processes
    (studynotes.background) unless other threads run, as under ``mkdocs serve``."""
    # The sitemap's <lastmod> and the mtime in sitemap.xml.gz are the build date (UTC, MkDocs's
    # page.update_date, or SOURCE_DATE_EPOCH): builds on either side of midnight differ there by design.
    day = _utc_date()
    workers = []
    monkeypatch.setattr(background.Worker, "results", _spy(background.Worker.results, workers))
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    forked = build_site(DOCS, tmp_path / "forked")
    assert workers == [True, True]  # one child per language
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    at_once = build_site(DOCS, tmp_path / "at-once")
    assert workers[2:] == [False, False]
    _skip_across_midnight(day, site)
    assert differing_files(site, forked) == [], "files that differ between two builds"
    assert differing_files(forked, at_once) == [], "files that differ between forked work and work done at once"


def _skip_across_midnight(day: str, site: Path) -> None:
    """Skip if the builds compared with the session's ``site`` began on UTC ``day`` and did not all
    happen on it (the sitemap's dates differ then by design)."""
    built = datetime.fromtimestamp((site / "sitemap.xml").stat().st_mtime, UTC).strftime("%Y-%m-%d")
    if _utc_date() != day or built != day:
        pytest.skip("the builds straddled midnight UTC (the sitemap dates differ by design)")


BUILD_IN_SUBPROCESS = """
import sys
sys.path[:0] = [sys.argv[3], sys.argv[4]]
from pathlib import Path
from conftest import DOCS, build_site
build_site(DOCS, Path(sys.argv[1]), site_url=sys.argv[2])
"""


def test_builds_do_not_depend_on_the_hash_seed(site, tmp_path):
    """Set and dict orders that follow string hashes change from one process to the next: a build
    in a process with another hash seed than this one's gives the session's site."""
    day = _utc_date()
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    other = tmp_path / f"seed{seed}"
    run = subprocess.run([sys.executable, "-c", BUILD_IN_SUBPROCESS, str(other), SITE_URL,
                          str(ROOT / "tests"), str(ROOT / "src")],
                         capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    _skip_across_midnight(day, site)
    differ = differing_files(site, other)
    assert differ == [], f"files that differ between builds with this hash seed and PYTHONHASHSEED={seed}: " + \
        ", ".join(differ)
