"""The built site, as HTML: pages, headings, anchors, tags, indexes, and every word of the notes.

Tests on ``site`` (the live docs/) check what holds for any notes; exact expectations are made on
``fixture_site`` (tests/fixtures/notes).
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

import pytest

from conftest import DOCS, FIXTURE_RAW, SITE_URL, build_site
from studynotes import frontmatter
from studynotes.gaps import read_known_gaps
from studynotes.repair import repair_tex
from util import source_lines, squash, visible_text


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def all_pages(site):
    return sorted(p for p in site.rglob("*.html"))


def notes(docs: Path, folder: str) -> dict[str, dict]:
    """The Japanese note pages of a docs tree: file stem → front matter."""
    found = {}
    for path in sorted((docs / folder).glob("*.md")):
        if path.stem != "index" and "." not in path.stem:
            fm, _ = frontmatter.split(path.name, path.read_text(encoding="utf-8"))
            found[path.stem] = fm.data
    return found


def h1_text(page_html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page_html,
                                                              re.S).group(1)))


# -- any notes (the live site) ---------------------------------------------------------------------

def test_one_page_per_question_and_none_for_a_declared_gap(site):
    questions = notes(DOCS, "questions")
    built = sorted(p.name for p in (site / "questions").iterdir() if p.is_dir())
    assert built == sorted(questions)
    gaps, _ = read_known_gaps()
    for number in gaps.reasons:
        if f"{number:03d}" not in questions:
            assert not (site / "questions" / f"{number:03d}").exists()


def test_one_page_per_glossary_term(site):
    assert sorted(p.name for p in (site / "glossary").iterdir() if p.is_dir()) == sorted(notes(DOCS, "glossary"))


def test_every_question_heading_shows_its_number_and_title(site):
    for stem, meta in notes(DOCS, "questions").items():
        page = read(site, f"questions/{stem}/index.html")
        number, title = meta["number"], meta["title"].strip()
        assert h1_text(page) == f"問題 {number}\u3000{title}", stem
        shown = re.search(r"<title>(.*?)</title>", page, re.S)[1]  # escaped as the page's writer does it:
        assert "<" not in shown and html_lib.unescape(shown) == f"{number}. {title} - AWS 機械学習 学習ノート", stem
        chips = [html_lib.unescape(t.strip()) for t in re.findall(r'class="md-tag"[^>]*>([^<]*)<', page)]
        assert sorted(chips) == sorted(meta["tags"]), stem  # Material sorts them
        if meta.get("source"):
            assert f"出典ノート：{html_lib.escape(meta['source'].strip())}" in page
        assert "number:" not in visible_text(page)[0]  # front matter never shows as text


def test_tags_index_lists_every_tag_with_its_questions(site):
    page = read(site, "tags/index.html")
    text = visible_text(page)[0]
    questions = notes(DOCS, "questions")
    for meta in questions.values():
        for tag in meta["tags"]:
            assert tag in text
    for stem in questions:
        assert f'href="../questions/{stem}/"' in page


def test_nothing_of_a_note_is_lost_on_the_way_into_its_page(site):
    """Every line of text and every formula of every page's Markdown is on its built page."""
    missing = []
    for source in sorted(DOCS.rglob("*.md")):
        rel = source.relative_to(DOCS)
        english = rel.name.endswith(".en.md")
        if rel.name.startswith("index") or rel.name.startswith("tags"):
            continue
        out = (site / ("en" if english else "") / rel.parent / rel.name.removesuffix(".en.md").removesuffix(".md")
               / "index.html")
        text, tex = visible_text(out.read_text(encoding="utf-8"))
        text, formulas = squash(html_lib.unescape(text)), [squash(t) for t in tex]
        fm, _ = frontmatter.split(str(rel), source.read_text(encoding="utf-8"))
        for number, line, found in source_lines(fm.body):
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).lstrip("#")  # a link's text is shown
            line = re.sub(r"\{[:.#][^}]*\}$", "", line)                       # attribute lists are not text
            if line and html_lib.unescape(line) not in text:
                missing.append((str(rel), number + fm.body_line - 1, line))
            missing += [(str(rel), number, f) for f in found if squash(f) not in formulas]
    assert missing == []


def test_formulas_are_mathml_with_tex_and_no_math_script(site):
    for page in all_pages(site):
        text = page.read_text(encoding="utf-8")
        lower = text.lower()
        assert "mathjax" not in lower and "katex" not in lower and "polyfill" not in lower
        # Every formula Markdown found is rendered: no raw TeX delimiters left in an arithmatex element.
        for element in re.findall(r'<(?:span|div) class="arithmatex">(.*?)</(?:span|div)>', text, re.S):
            assert element.startswith("<math xmlns="), (page, element[:80])


def test_headings_have_readable_unique_unicode_anchors(site):
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


def test_questions_index_lists_every_question_in_blocks_and_the_known_gaps(site):
    page = read(site, "questions/index.html")
    numbers = sorted(int(stem) for stem in notes(DOCS, "questions"))
    assert re.findall(r'<li><a href="(\d+)/">', page) == [f"{n:03d}" for n in numbers]
    blocks = re.findall(r'<h2 id="(問題-\d+-\d+)"', page)
    assert blocks == sorted({f"問題-{(n - 1) // 100 * 100 + 1}-{(n - 1) // 100 * 100 + 100}" for n in numbers},
                            key=lambda b: int(b.split("-")[1]))
    gaps, _ = read_known_gaps()
    absent = [n for n in gaps.reasons if n not in numbers]
    text = html_lib.unescape(visible_text(page)[0])
    for n in absent:
        assert f"問題 {n}: {gaps.reasons[n]}" in text
    assert ('id="欠番"' in page) == bool(absent)


# -- exact expectations (the fixture tree) ---------------------------------------------------------

QUESTION_NUMBERS = [61, 62, 64, 65, 66, 67, 68, 69]


def test_fixture_has_one_page_per_question_and_none_for_63(fixture_site):
    built = sorted(p.name for p in (fixture_site / "questions").iterdir() if p.is_dir())
    assert built == [f"{n:03d}" for n in QUESTION_NUMBERS]
    text = html_lib.unescape(visible_text(read(fixture_site, "questions/index.html"))[0])
    assert "問題 63: the raw notes (notes/raw/cloudtech-study-61-69.md) have no question 63" in text


@pytest.mark.parametrize("built", ["fixture_site", "editor_site"])
@pytest.mark.parametrize("raw, section", [("cloudtech-study-61-69.md", "questions"),
                                          ("aws-ml-glossary.md", "glossary")])
def test_every_line_of_the_raw_notes_is_on_the_site(request, built, raw, section):
    """In the author's text of the Japanese pages: an editor's note (``!!! editor``) is not the
    author's, and never stands in for a line of the notes (editor_site: the fixture with such notes)."""
    assert raw_lines_missing(request.getfixturevalue(built) / section, FIXTURE_RAW / raw) == []


def raw_lines_missing(pages: Path, raw: Path) -> list[tuple[int, str]]:
    """The lines and formulas of a raw note file that are in no page's author's text under ``pages``
    (the Japanese pages: the English ones are below en/)."""
    texts, formulas = [], []
    for page in sorted(pages.rglob("index.html")):
        text, tex = visible_text(page.read_text(encoding="utf-8"), editors=False)
        texts.append(squash(text))
        formulas += [squash(t) for t in tex]
    text = "".join(texts)
    missing = []
    for number, line, found in source_lines(raw.read_text(encoding="utf-8")):
        if re.fullmatch(r"##\d+\.", line):
            assert f"問題{line[2:-1]}" in text
            continue
        line = line.lstrip("#")
        if line and line not in text:
            missing.append((number, line))
        missing += [(number, f) for f in found if squash(repair_tex(f)) not in formulas]
    return missing


def test_a_line_the_author_lost_is_missed_even_if_an_editors_note_quotes_it(docs_copy, tmp_path):
    page = docs_copy / "questions" / "067.md"
    last = "- Amazon SageMaker Ground Truth はラベル付けプロセスはデータの品質向上には役立つ\n"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(last, '!!! editor "編集注"\n\n    ' + last[2:]), encoding="utf-8")
    site = build_site(docs_copy, tmp_path / "site")
    assert last[2:].strip() in visible_text(read(site, "questions/067/index.html"))[0]  # on the page,
    assert raw_lines_missing(site / "questions", FIXTURE_RAW / "cloudtech-study-61-69.md") == [  # not the author's
        (307, "AmazonSageMakerGroundTruthはラベル付けプロセスはデータの品質向上には役立つ")]


# The editor's notes of conftest.EDITOR_NOTES, as each page shows them: (title, text).
EDITOR_NOTES_SHOWN = {
    "questions/065/index.html": (
        "編集注", "0〜1 に収まるのはトレーニングデータの値です（x &lt; 10 や x &gt; 100 は外に出ます）。"),
    "en/questions/065/index.html": ("Editor's note", "Only the training data is sure to fall in 0 to 1 "
                                    "(x &lt; 10 or x &gt; 100 falls outside it) &amp; the page says otherwise."),
    "questions/067/index.html": ("編集注", "この文は元のノートで途中までしか書かれていません。"),
    "en/questions/067/index.html": ("Editor's note", "This sentence is unfinished in the notes."),
}


def test_an_editors_note_builds_as_an_admonition_of_its_own_with_its_title(editor_site):
    """Nothing refuses the type ``editor`` (the guard checks the HTML, not admonition types): the
    strict build of editor_site passed, and each note is an ``editor`` admonition, its text escaped."""
    for path, (title, text) in EDITOR_NOTES_SHOWN.items():
        html = read(editor_site, path)
        assert re.findall(r'<div class="admonition ([^"]*)">', html) == ["editor"], path
        assert (f'<div class="admonition editor">\n<p class="admonition-title">{title}</p>\n<p>{text}</p>\n</div>'
                in html), path


def test_an_editors_note_leaves_the_authors_text_as_it_was(fixture_site, editor_site):
    """A page's author's text (its editor's note left out) is the text and formulas of the same page
    without the note; the whole page adds the note's title and text to them, and nothing else."""
    for path, (title, text) in EDITOR_NOTES_SHOWN.items():
        (plain, plain_tex), noted = visible_text(read(fixture_site, path)), read(editor_site, path)
        author, author_tex = visible_text(noted, editors=False)
        assert (squash(author), author_tex) == (squash(plain), plain_tex), path
        everything, tex = visible_text(noted)
        shown = squash(html_lib.unescape(title + text))
        assert shown in squash(everything) and shown not in squash(plain), path
        assert (squash(everything).replace(shown, "", 1), tex) == (squash(plain), plain_tex), path


def test_an_admonitions_first_line_shows_its_title_and_no_markup():
    markdown = '!!! editor "編集注"\n\n    本文\n\n!!! note\n\n??? tip ""\n\n???+ editor "Editor\'s note"\n'
    assert [text for _, text, _ in source_lines(markdown)] == ["編集注", "本文", "Note", "Editor\'snote"]


def test_the_authors_text_leaves_out_editors_notes_and_only_those():
    html = ('<article><p>author</p><div class="admonition editor"><p class="admonition-title">編集注</p>'
            '<div class="x"><p>nested</p></div><p>editor</p></div><p>again</p>'
            '<details class="editor"><summary>Editor</summary><p>folded</p></details>'
            '<div class="admonition note"><p>a note of the author</p></div><p class="editor">not a note</p></article>')
    assert visible_text(html)[0] == "author編集注nestededitoragainEditorfoldeda note of the authornot a note"
    assert visible_text(html, editors=False)[0] == "authoragaina note of the authornot a note"


def test_the_source_note_titles_appear(fixture_site):
    assert "出典ノート：AWS機械学習関連用語解説" in read(fixture_site, "glossary/vanishing-gradient/index.html")


def test_formulas_of_question_65(fixture_site):
    html = read(fixture_site, "questions/065/index.html")
    assert html.count('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">') == 2
    assert html.count('display="inline"') >= 12
    assert '<annotation encoding="application/x-tex">X\' = \\frac{X - X_{\\text{min}}}' in html


def test_headings_of_the_fixture_have_readable_anchors(fixture_site):
    html = read(fixture_site, "glossary/amazon-macie/index.html")
    assert 'id="基本概念"' in html and 'id="主な特徴"' in html
    assert 'id="実際の値を使って説明する"' in read(fixture_site, "questions/065/index.html")


def test_questions_index_of_the_fixture(fixture_site):
    html = read(fixture_site, "questions/index.html")
    assert re.findall(r'<h2 id="([^"]+)"', html) == ["問題-1-100", "欠番"]
    assert re.findall(r'<li><a href="(\d+)/">', html) == [f"{n:03d}" for n in QUESTION_NUMBERS]


def test_navigation_is_grouped_and_pruned(fixture_site):
    html = read(fixture_site, "questions/062/index.html")
    nav = html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')]
    assert "問題 61–70" in nav
    assert "amazon-macie" not in nav  # other sections' pages are pruned from this page


def test_page_size_does_not_grow_with_the_number_of_questions(docs_copy, tmp_path):
    # 300 more questions: a question page's navigation lists the blocks of a hundred, the blocks
    # of ten in its own hundred, and the questions of its own ten; never every question.
    source = (docs_copy / "questions" / "061.md").read_text(encoding="utf-8")
    for n in range(101, 401):
        (docs_copy / "questions" / f"{n:03d}.md").write_text(source.replace("number: 61", f"number: {n}"),
                                                             encoding="utf-8")
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


def test_question_pages_are_light(fixture_site):
    # The theme's block-tag indentation is dropped when templates compile (jinja lstrip_blocks).
    html = read(fixture_site, "questions/062/index.html")
    assert len(html.encode()) < 40_000

