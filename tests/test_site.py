"""The built site, as HTML: pages, headings, anchors, tags, indexes, and every word of the notes."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import DOCS, RAW_NOTES, SITE_URL, build_site
from studynotes.repair import repair_tex
from util import source_lines, squash, visible_text

QUESTION_NUMBERS = [61, 62, 64, 65, 66, 67, 68, 69]


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def all_pages(site):
    return sorted(p for p in site.rglob("*.html"))


def test_one_page_per_question_and_none_for_63(site):
    built = sorted(p.name for p in (site / "questions").iterdir() if p.is_dir())
    assert built == [f"{n:03d}" for n in QUESTION_NUMBERS]
    # No link or mention of a page 063 (the site's address is left out: its port is random and may hold "063").
    assert not any("063" in p.read_text(encoding="utf-8").replace(SITE_URL, "")
                   for p in all_pages(site) if "questions" in p.parts)


def test_one_page_per_glossary_term(site):
    assert sorted(p.name for p in (site / "glossary").iterdir() if p.is_dir()) == sorted(
        p.stem for p in (DOCS / "glossary").glob("*.md") if p.stem != "index" and "." not in p.stem)


@pytest.mark.parametrize("number", QUESTION_NUMBERS)
def test_question_heading_shows_number_and_title(site, number):
    html = read(site, f"questions/{number:03d}/index.html")
    meta = yaml.safe_load((DOCS / "questions" / f"{number:03d}.md").read_text(encoding="utf-8").split("---")[1])
    h1 = re.search(r"<h1[^>]*>(.*?)<", html).group(1)
    assert h1 == f"問題 {number}　{meta['title']}"
    assert f"<title>{number}. {meta['title']} - AWS 機械学習 学習ノート</title>" in html
    for tag in meta["tags"]:
        assert re.search(rf'<a href="[^"]*tags/#tag:[^"]*" class="md-tag">{re.escape(tag)}</a>', html) \
            or re.search(rf'class="md-tag[^"]*"[^>]*>\s*{re.escape(tag)}\s*<', html), tag
    assert "出典ノート：CloudTech Study" in html
    assert "number:" not in visible_text(html)[0]  # front matter never shows as text


def test_tags_index_lists_every_tag_with_its_questions(site):
    html = read(site, "tags/index.html")
    tags = set()
    for n in QUESTION_NUMBERS:
        tags |= set(yaml.safe_load((DOCS / "questions" / f"{n:03d}.md").read_text(encoding="utf-8").split("---")[1])["tags"])
    text = visible_text(html)[0]
    for tag in tags:
        assert tag in text
    assert html.count('href="../questions/06') >= len(QUESTION_NUMBERS)


@pytest.mark.parametrize("raw, section", [("cloudtech-study-61-69.md", "questions"), ("aws-ml-glossary.md", "glossary")])
def test_every_line_of_the_raw_notes_is_on_the_site(site, raw, section):
    texts, formulas = [], []
    for page in sorted((site / section).rglob("index.html")):
        text, tex = visible_text(page.read_text(encoding="utf-8"))
        texts.append(squash(text))
        formulas += [squash(t) for t in tex]
    text = "".join(texts)
    missing = []
    for number, line, found in source_lines((RAW_NOTES / raw).read_text(encoding="utf-8")):
        if re.fullmatch(r"##\d+\.", line):
            assert f"問題{line[2:-1]}" in text
            continue
        line = line.lstrip("#")
        if line and line not in text:
            missing.append((number, line))
        missing += [(number, f) for f in found if squash(repair_tex(f)) not in formulas]
    assert missing == []


def test_the_source_note_titles_appear(site):
    assert "出典ノート：AWS機械学習関連用語解説" in read(site, "glossary/vanishing-gradient/index.html")


def test_formulas_are_mathml_with_tex_and_no_math_script(site):
    html = read(site, "questions/065/index.html")
    assert html.count('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">') == 2
    assert html.count('display="inline"') >= 12
    assert '<annotation encoding="application/x-tex">X\' = \\frac{X - X_{\\text{min}}}' in html
    for page in all_pages(site):
        text = page.read_text(encoding="utf-8").lower()
        assert "mathjax" not in text and "katex" not in text and "polyfill" not in text


def test_headings_have_readable_unique_unicode_anchors(site):
    html = read(site, "glossary/amazon-macie/index.html")
    assert 'id="基本概念"' in html and 'id="主な特徴"' in html
    assert 'id="実際の値を使って説明する"' in read(site, "questions/065/index.html")
    for page in all_pages(site):
        ids = re.findall(r'<h[1-6] id="([^"]*)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), page
        for anchor in ids:
            assert not re.fullmatch(r"_\d+", anchor) and not anchor.startswith("-"), (page, anchor)


def test_no_page_refers_to_another_origin(site):
    for page in all_pages(site):
        html = page.read_text(encoding="utf-8")
        resources = re.findall(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="([^"]+)"', html)
        resources += re.findall(r'<link\b[^>]*\bhref="([^"]+)"', html)
        for url in resources:
            # Canonical and hreflang links name the site itself, absolute as search engines want them.
            assert not re.match(r"(?:[a-z]+:)?//", url) or url.startswith(SITE_URL), (page, url)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        english = page.relative_to(site).parts[0] == "en"
        assert ('<html lang="en"' if english else '<html lang="ja"') in html


def test_questions_index_lists_every_question_in_blocks(site):
    html = read(site, "questions/index.html")
    assert re.findall(r'<h2 id="([^"]+)"', html) == ["問題-1-100"]
    assert re.findall(r'<li><a href="(\d+)/">', html) == [f"{n:03d}" for n in QUESTION_NUMBERS]


def test_navigation_is_grouped_and_pruned(site):
    html = read(site, "questions/062/index.html")
    nav = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    assert "問題 61–70" in nav
    assert "amazon-macie" not in nav  # other sections' pages are pruned from this page


def test_page_size_does_not_grow_with_the_number_of_questions(docs_copy, tmp_path):
    # 300 more questions: a question page's navigation lists the blocks of a hundred, the blocks
    # of ten in its own hundred, and the questions of its own ten; never every question.
    source = (docs_copy / "questions" / "061.md").read_text(encoding="utf-8")
    for n in range(101, 401):
        (docs_copy / "questions" / f"{n:03d}.md").write_text(source.replace("number: 61", f"number: {n}"), encoding="utf-8")
    site = build_site(docs_copy, tmp_path / "site")
    html = (site / "questions" / "250" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    linked = set(re.findall(r'href="\.\./(\d{3})/"', nav))
    own_ten = {f"{n:03d}" for n in range(241, 251)} - {"250"}      # 250 is the page itself
    first_of_tens = {f"{n:03d}" for n in range(201, 300, 10)}      # one link per block of ten
    first_of_hundreds = {"061", "101", "301"}                       # one link per block of a hundred
    assert own_ten <= linked and linked - own_ten <= first_of_tens | first_of_hundreds
    for label in ["問題 1–100", "問題 201–300", "問題 241–250", "問題 301–400"]:
        assert label in nav
    assert "問題 341–350" not in nav                                # other hundreds stay closed
    shutil.rmtree(site)


def test_question_pages_are_light(site):
    # The theme's block-tag indentation is dropped when templates compile (jinja lstrip_blocks).
    html = read(site, "questions/062/index.html")
    assert len(html.encode()) < 40_000
