"""What the published site tells browsers, search engines and link previews: descriptions, OpenGraph,
canonical URLs, "edit this page" and each page's last-updated date from git."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import DOCS, ROOT, SITE_URL
from studynotes import gitdates


def meta(page_html: str, key: str) -> str | None:
    m = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', page_html)
    return html.unescape(m.group(1)) if m else None


def test_each_page_has_a_description_and_link_preview_in_its_language(fixture_site):
    site = fixture_site
    question = (site / "questions/065/index.html").read_text(encoding="utf-8")
    assert meta(question, "description").startswith("AWS 認定 機械学習の練習問題 65 の解説：最小最大正規化")
    assert meta(question, "og:title").startswith("65. 最小最大正規化")
    assert meta(question, "og:url") == SITE_URL + "questions/065/"
    assert meta(question, "og:locale") == "ja_JP"
    assert f'<link rel="canonical" href="{SITE_URL}questions/065/">' in question
    term = (site / "en/glossary/vanishing-gradient/index.html").read_text(encoding="utf-8")
    assert meta(term, "description").startswith("The vanishing gradient is a problem")
    assert meta(term, "og:locale") == "en_US"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert meta(home, "og:title") == "AWS 機械学習 学習ノート" and meta(home, "description")


def test_descriptions_with_quotes_stay_inside_their_attribute(site):
    for path in site.rglob("*.html"):
        for tag in re.findall(r"<meta [^>]*>", path.read_text(encoding="utf-8")):
            assert tag.count('"') % 2 == 0, (path, tag)


def test_pages_show_their_last_change_in_git(site):
    changed, shallow = gitdates.last_changes(DOCS)
    for source in sorted(DOCS.rglob("*.md")):
        rel = source.relative_to(DOCS).as_posix()
        english = rel.endswith(".en.md")
        stem = rel.removesuffix(".en.md").removesuffix(".md")
        folder = "" if stem == "index" else stem.removesuffix("/index").removesuffix("index") + "/"
        page = (site / ("en/" if english else "") / folder / "index.html").read_text(encoding="utf-8")
        if rel in changed and not shallow:
            assert gitdates.format_date(changed[rel], "en" if english else "ja") in page, rel
        else:  # new, uncommitted: no date rather than a wrong one
            assert "md-source-file__fact" not in page or rel in changed, rel


def test_git_log_is_read_in_one_pass():
    log = "@@300\n\ndocs/a.md\ndocs/b.md\n@@200\n\ndocs/a.md\ndocs/c.md\n"
    assert gitdates.parse_log(log) == {"docs/a.md": 300, "docs/b.md": 300, "docs/c.md": 200}
    assert gitdates.format_date(1795392000, "ja") == "2026年11月23日"
    assert gitdates.format_date(1795392000, "en") == "November 23, 2026"
    changed, shallow = gitdates.last_changes(DOCS)
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert {p.removeprefix("docs/") for p in tracked if p.endswith(".md")} <= set(changed) and not shallow


def test_a_copy_outside_git_has_no_dates_rather_than_wrong_ones(tmp_path):
    assert gitdates.last_changes(tmp_path) == ({}, False)


def test_edit_this_page_links_to_the_file_a_reader_sees(tmp_path, monkeypatch):
    monkeypatch.setenv("REPO_URL", "https://github.com/example/aws-ml-notes")
    monkeypatch.setenv("EDIT_URI", "edit/main/docs/")
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(DOCS), site_dir=str(tmp_path),
                         site_url=SITE_URL)
    build(config)
    edit = "https://github.com/example/aws-ml-notes/edit/main/docs/"
    assert f'href="{edit}questions/065.md"' in (tmp_path / "questions/065/index.html").read_text(encoding="utf-8")
    assert f'href="{edit}questions/065.en.md"' in (tmp_path / "en/questions/065/index.html").read_text(encoding="utf-8")


# Partials of Material's copied into overrides/, each with its changes (said in its header comment).
OVERRIDDEN = {
    "alternate.html": [("(alt.relative or alt.link)", "alt.link"),  # relative links in the switcher
                       (' lang="{{ alt.lang }}"', "")],               # each link says its language
    "toc.html": [('<label class="md-nav__title"{% if toc_toggle() %} for="__toc"{% endif %}>',
                  '<label class="md-nav__title" for="__toc">')],   # a label only for a control that is there
    "tags.html": [(" aria-label=\"{{ ui_label('tags') }}\"", "")],  # a named landmark
}


@pytest.mark.parametrize("name", sorted(OVERRIDDEN))
def test_overridden_partials_are_materials_but_for_their_changes(name):
    from pathlib import Path

    import material
    theirs = (Path(material.__file__).parent / "templates" / "partials" / name).read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / name).read_text(encoding="utf-8")

    def body(text: str) -> str:  # after the header comment
        return text[text.index("-#}") + 3:].strip()
    mine = body(ours)
    for change, back in OVERRIDDEN[name]:
        assert mine.count(change) == 1
        mine = mine.replace(change, back)
    assert mine == body(theirs)
