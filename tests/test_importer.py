"""The importer turns both raw note formats into pages and keeps every line of their text."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import FIXTURE_RAW as RAW_NOTES, build_site, make_project
from studynotes.__main__ import main
from studynotes.errors import NotesError
from studynotes.importer import parse_note
from studynotes.lint import lint
from studynotes.repair import repair_tex
from test_escaping import minimal_project
from util import source_lines, squash

RE_QUESTION_HEADING = re.compile(r"^##\s+\d+\.\s*$")

QUESTIONS = RAW_NOTES / "cloudtech-study-61-69.md"
GLOSSARY = RAW_NOTES / "aws-ml-glossary.md"


def _generated_text(pages) -> tuple[str, str]:
    """All generated page bodies as compared text, and their formulas."""
    text, formulas = [], []
    for page in pages:
        for _, line, found in source_lines(page.text):
            text.append(line)
            formulas += [squash(f) for f in found]
    return "".join(text), " ".join(formulas)


@pytest.mark.parametrize("raw", [QUESTIONS, GLOSSARY], ids=["questions", "glossary"])
def test_every_line_of_the_source_is_in_the_generated_pages(raw):
    source = raw.read_text(encoding="utf-8")
    pages = parse_note(raw.name, source)
    text, formulas = _generated_text(pages)
    fronts = " ".join(p.text.split("---")[1] for p in pages)
    missing = []
    headings = {n for n, raw_line in enumerate(source.split("\n"), 1) if RE_QUESTION_HEADING.match(raw_line)}
    for number, line, found in source_lines(source):
        if number in headings:  # '## 61.' becomes the page's number (and its heading '問題 61')
            continue
        if line and line not in text and line not in squash(fronts):
            missing.append((number, line))
        missing += [(number, f) for f in found if squash(repair_tex(f)) not in formulas]
    assert missing == []


def test_question_file_gives_one_page_per_question_without_63():
    pages = parse_note("q.md", QUESTIONS.read_text(encoding="utf-8"))
    assert [p.path for p in pages] == [f"questions/{n:03d}.md" for n in (61, 62, 64, 65, 66, 67, 68, 69)]
    meta = yaml.safe_load(pages[3].text.split("---")[1])
    assert meta["number"] == 65 and meta["source"] == "CloudTech Study"
    assert meta["title"] and "AWS Glue DataBrew" in meta["tags"]
    assert r"X_{\text{min}}" in pages[3].text and r"\_" not in pages[3].text


def test_glossary_terms_get_title_alias_reading_summary():
    pages = {p.path: p for p in parse_note("g.md", GLOSSARY.read_text(encoding="utf-8"))}
    meta = yaml.safe_load(pages["glossary/vanishing-gradient.md"].text.split("---")[1])
    assert meta == {
        "title": "消失勾配", "aliases": ["vanishing gradient"], "reading": "しょうしつこうばい",
        "summary": "消失勾配は、ディープニューラルネットワークのトレーニング中に発生する問題で、勾配（誤差の微分）が"
                   "非常に小さくなり、ネットワークの初期層のパラメータが効果的に更新されなくなる現象です。",
        "source": "AWS機械学習関連用語解説"}
    assert "# 消失勾配（vanishing gradient）\n\n" in pages["glossary/vanishing-gradient.md"].text
    assert "\n## 基本概念\n" in pages["glossary/vanishing-gradient.md"].text


def test_existing_pages_are_kept_unless_forced(tmp_path, capsys):
    docs = tmp_path / "docs"
    assert main(["import", str(GLOSSARY), "--docs", str(docs)]) == 0
    assert "created" in capsys.readouterr().out
    page = docs / "glossary" / "amazon-macie.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Amazon Macie", "title: Amazon Macie\n"), encoding="utf-8")
    edited = page.read_text(encoding="utf-8")
    assert main(["import", str(GLOSSARY), "--docs", str(docs)]) == 0
    out = capsys.readouterr().out
    assert out.count("\nkept ") + out.startswith("kept ") == 5 and "--force" in out
    assert page.read_text(encoding="utf-8") == edited
    assert main(["import", str(GLOSSARY), "--docs", str(docs), "--force"]) == 0
    assert capsys.readouterr().out.count("overwrote ") == 5
    assert page.read_text(encoding="utf-8") != edited


def test_a_renamed_term_page_is_found_by_its_title(tmp_path, capsys):
    docs = tmp_path / "docs"
    main(["import", str(GLOSSARY), "--docs", str(docs)])
    (docs / "glossary" / "fainchuuningu.md").rename(docs / "glossary" / "fine-tuning.md")
    capsys.readouterr()
    main(["import", str(GLOSSARY), "--docs", str(docs)])
    assert "fine-tuning.md (term ファインチューニング exists" in capsys.readouterr().out
    assert not (docs / "glossary" / "fainchuuningu.md").exists()


@pytest.mark.parametrize("text, line, why", [
    ("no title\n## 1.\ntext", 1, "must start with a '# Title' line"),
    ("# T\n\nplain text only\n", 2, "no '## ' sections"),
    ("# T\nstray text\n## 1.\ntext", 2, "would belong to no page"),
    ("# T\n## 1.\ntext\n## Term\ntext", 4, "mixes formats"),
    ("# T\n## 1.\ntext\n## 2.\n\n", 4, "is empty"),
    ("# T\n## 1.\ntext\n## 1.\nmore", 4, "gives questions/001.md again"),
])
def test_unparseable_files_fail_with_file_line_and_why(text, line, why, tmp_path, capsys):
    with pytest.raises(NotesError) as e:
        parse_note("notes.md", text)
    assert str(e.value).startswith(f"notes.md:{line}: ") and why in str(e.value)
    bad = tmp_path / "notes.md"
    bad.write_text(text, encoding="utf-8")
    assert main(["import", str(bad), "--docs", str(tmp_path / "docs")]) == 1
    assert f"notes.md:{line}: " in capsys.readouterr().err
    assert not (tmp_path / "docs").exists()


def test_a_heading_in_fenced_code_starts_no_section():
    text = "# T\n\n## 70.\n\n本文。\n\n```markdown\n## 71.\n# 見出しの例\n```\n\n## 72.\n\n別の本文。\n"
    pages = parse_note("notes.md", text)
    assert [p.path for p in pages] == ["questions/070.md", "questions/072.md"]
    assert "```markdown\n## 71.\n# 見出しの例\n```" in pages[0].text  # code, kept as written


# -- the importer never writes a page the build refuses -------------------------------------------

def test_imported_notes_build_and_lint_asks_only_to_fill_in_todos(tmp_path, capsys):
    docs = minimal_project(tmp_path / "project")  # the site's own pages, no notes yet
    for raw in (QUESTIONS, GLOSSARY):
        assert main(["import", str(raw), "--docs", str(docs)]) == 0, capsys.readouterr().err

    def preview(config) -> None:  # as `make serve` builds: TODOs are warnings there
        config.strict = False
    build_site(docs, tmp_path / "site", adjust=preview)
    result = lint(docs.parent / "mkdocs.yml", docs)
    assert result.messages == []
    assert all("replace the TODO marker" in p.en for p in result.problems), [str(p) for p in result.problems]


def test_fields_the_importer_cannot_fill_get_the_todo_placeholder(tmp_path, capsys):
    raw = tmp_path / "notes.md"
    raw.write_text("# T\n\n## 70.\n\n本文だけで、タグになる語がない。\n", encoding="utf-8")
    [page] = parse_note(str(raw), raw.read_text(encoding="utf-8"))
    meta = yaml.safe_load(page.text.split("---")[1])
    assert meta["tags"] == ["TODO"]  # as `make new-question` writes it; lint says "fill in"


def test_a_term_alias_the_site_would_refuse_is_left_out_with_a_note(tmp_path, capsys):
    raw = tmp_path / "glossary.md"
    raw.write_text("# 用語集\n\n## 行列（行）\n\n行列は数を並べたものです。\n", encoding="utf-8")
    docs = tmp_path / "docs"
    assert main(["import", str(raw), "--docs", str(docs)]) == 0
    err = capsys.readouterr().err
    assert "alias '行' left out: one character would be linked inside other words" in err
    [page] = (docs / "glossary").glob("*.md")
    assert yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])["aliases"] == []
    assert "# 行列（行）" in page.read_text(encoding="utf-8")  # nothing of the note is lost


def test_a_page_with_a_script_is_not_written(tmp_path, capsys):
    raw = tmp_path / "notes.md"
    raw.write_text("# T\n\n## 70.\n\n本文。\n\n<script>alert(1)</script>\n\n## 71.\n\n別の本文。\n", encoding="utf-8")
    docs = make_project(tmp_path / "project")
    assert main(["import", str(raw), "--docs", str(docs)]) == 1
    err = capsys.readouterr().err
    assert f"{raw}:7: scripts are not allowed in notes" in err and "(in questions/070.md)" in err
    assert not (docs / "questions" / "070.md").exists() and (docs / "questions" / "071.md").exists()


@pytest.mark.parametrize("data, line, why", [
    (b"# T\n\n## 0.\n\ntext\n", 3, "question numbers start at 1"),
    (b"\xef\xbb\xbf# T\n\n## 1.\n\ntext\n", 1, "byte-order mark"),
    ("# T\n\n## 1.\n\n本文\n".encode("shift_jis"), 5, "not UTF-8 text"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", 1, "control character U+007F"),
])
def test_unreadable_or_impossible_notes_are_refused_without_a_traceback(tmp_path, capsys, data, line, why):
    raw = tmp_path / "notes.md"
    raw.write_bytes(data)
    assert main(["import", str(raw), "--docs", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{raw}:{line}: ") and why in err and "Traceback" not in err
    assert not (tmp_path / "docs").exists()
