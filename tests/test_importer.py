"""The importer turns both raw note formats into pages and keeps every line of their text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from conftest import FIXTURE_RAW as RAW_NOTES
from conftest import ROOT, build_site, make_project
from studynotes import finishing, frontmatter
from studynotes.__main__ import main
from studynotes.errors import NotesError
from studynotes.importer import parse_note
from studynotes.lint import lint
from studynotes.repair import repair_tex
from test_escaping import minimal_project
from util import git, source_lines, squash

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
    """Outside git (no previous version to merge against), an edited page is kept."""
    docs = tmp_path / "docs"
    assert main(["import", str(GLOSSARY), "--docs", str(docs)]) == 0
    assert "created" in capsys.readouterr().out
    page = docs / "glossary" / "amazon-macie.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title: Amazon Macie", "title: Amazon Macie\n"),
                    encoding="utf-8")
    edited = page.read_text(encoding="utf-8")
    assert main(["import", str(GLOSSARY), "--docs", str(docs)]) == 0
    out = capsys.readouterr().out
    assert out.count("\nkept ") + out.startswith("kept ") == 1 and "amazon-macie.md (term Amazon Macie exists" in out
    assert out.count("unchanged ") == 4 and "--force" in out
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
    assert "fine-tuning.md (term ファインチューニング)" in capsys.readouterr().out
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

EXPORTS = ROOT / "tests" / "fixtures" / "import"  # raw exports written for these tests, in the seeds' format
EXPORT = EXPORTS / "cloudtech-study-70-72.md"
REEXPORT = EXPORTS / "cloudtech-study-70-73.md"  # the same file exported again: a sentence of 71 fixed, 73 added


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The seed files and a new export imported into a project with no notes, linted and built
    (strict, as `make lint` and `make build` build): one build for the tests below."""
    root = tmp_path_factory.mktemp("imported")
    docs = minimal_project(root / "project")
    for raw in (QUESTIONS, GLOSSARY, EXPORT):
        assert main(["import", str(raw), "--docs", str(docs)]) == 0
    result = lint(docs.parent / "mkdocs.yml", docs)
    site = build_site(docs, root / "site")
    return docs, site, result


def test_imported_notes_pass_lint_with_no_hand_edit(imported):
    _, _, result = imported
    assert result.messages == [] and result.problems == [], [str(p) for p in result.problems]


def test_the_terms_an_export_explains_are_declared_with_anchors_that_exist(imported):
    docs, site, _ = imported
    page = frontmatter.split("questions/072.md", (docs / "questions" / "072.md").read_text(encoding="utf-8"))[0]
    [term] = page.data["terms"]
    assert term["term"] == "バッチ正規化" and term["aliases"] == ["Batch Normalization"]
    html = (site / "questions" / "072" / "index.html").read_text(encoding="utf-8")
    assert f'id="{term["anchor"]}"' in html


def _term_links(site: Path, page: str) -> list[str]:
    html = (site / "questions" / page / "index.html").read_text(encoding="utf-8")
    return [a.attributes.get("href") or "" for a in LexborHTMLParser(html).css("a.glossary-link")]


def test_a_term_an_export_explains_is_linked_from_the_pages_that_mention_it(imported):
    _, site, _ = imported
    # Question 66 (of an earlier file) writes バッチ正規化; question 72 (this export) データドリフト.
    assert any("072/#" in href for href in _term_links(site, "066")), _term_links(site, "066")
    assert any("070/#" in href for href in _term_links(site, "072")), _term_links(site, "072")


def test_a_question_the_vocabulary_says_nothing_of_gets_a_tag_and_the_report_asks_for_one(tmp_path, capsys):
    raw = tmp_path / "notes.md"
    raw.write_text("# T\n\n## 70.\n\n本文だけで、タグになる語がない。\n", encoding="utf-8")
    [page] = parse_note(str(raw), raw.read_text(encoding="utf-8"))
    meta = frontmatter.split(page.path, page.text)[0].data
    assert meta["tags"] == [finishing.FALLBACK_TAG] and "TODO" not in page.text
    assert main(["import", str(raw), "--docs", str(tmp_path / "docs")]) == 0
    assert "no tag of src/studynotes/data/tags.yml matched" in capsys.readouterr().out


@pytest.fixture
def exported(tmp_path):
    """A repository whose raw file (committed) was imported, then exported again (not committed)."""
    docs = minimal_project(tmp_path / "project")
    repo = docs.parent
    raw = repo / "notes" / "raw" / "cloudtech-study-70.md"
    raw.parent.mkdir(parents=True)
    shutil.copy(EXPORT, raw)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the first export")
    assert main(["import", str(raw), "--docs", str(docs)]) == 0
    return repo, docs, raw


def test_a_re_export_keeps_hand_edits_takes_the_changed_sentence_and_adds_the_new_question(exported, capsys):
    repo, docs, raw = exported
    q71 = docs / "questions" / "071.md"
    q71.write_text(q71.read_text(encoding="utf-8").replace("title: ", "title: 手で直した題：", 1), encoding="utf-8")
    untouched = {p: p.stat().st_mtime_ns for p in (docs / "questions").glob("07[02].md")}
    shutil.copy(REEXPORT, raw)
    capsys.readouterr()
    report = repo / "checklist.md"
    assert main(["import", str(raw), "--docs", str(docs), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    text = q71.read_text(encoding="utf-8")
    assert "title: 手で直した題：" in text  # the site's edit
    assert "重みの大きさにペナルティを加えて" in text and "罰則" not in text  # the author's
    assert (docs / "questions" / "073.md").exists()
    assert {p: p.stat().st_mtime_ns for p in untouched} == untouched  # pages the change does not touch
    assert f"updated   {q71} (question 71; kept as edited on the site: title)" in out
    assert f"unchanged {docs / 'questions' / '070.md'}" in out
    checklist = report.read_text(encoding="utf-8")
    assert f"- [ ] `{docs / 'questions' / '073.md'}`: 作成 / created (question 73)" in checklist
    assert "タイトル（下書き、正解の選択肢から）: Amazon SageMaker Clarify を使用してバイアスを検出する" in checklist
    assert lint(repo / "mkdocs.yml", docs).problems == []


def test_a_sentence_changed_on_the_site_and_in_the_export_is_a_conflict_left_as_it_was(exported, capsys):
    _, docs, raw = exported
    q71 = docs / "questions" / "071.md"
    edited = q71.read_text(encoding="utf-8").replace("罰則を加えて", "罰を加えて")
    q71.write_text(edited, encoding="utf-8")
    shutil.copy(REEXPORT, raw)
    capsys.readouterr()
    assert main(["import", str(raw), "--docs", str(docs)]) == 1
    out = capsys.readouterr().out
    line = next(n for n, x in enumerate(edited.split("\n"), 1) if "罰を加えて" in x)
    assert f"conflict  {q71} (question 71)" in out and f"({q71}:{line})" in out
    assert q71.read_text(encoding="utf-8") == edited
    assert (docs / "questions" / "073.md").exists()  # the rest of the export is imported


def test_without_a_previous_version_an_edited_page_is_kept(tmp_path, capsys):
    docs = tmp_path / "docs"
    assert main(["import", str(EXPORT), "--docs", str(docs)]) == 0
    page = docs / "questions" / "070.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(REEXPORT), "--docs", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "no earlier version of the raw file in git" in out and page.read_text(encoding="utf-8").endswith("追記。\n")


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


def test_an_alias_two_new_terms_of_a_question_give_stays_with_the_first_with_a_note(tmp_path, capsys):
    raw = tmp_path / "notes.md"
    raw.write_text("# T\n\n## 70.\n\n### 🔹 学習率（LR）とは？\n\n重みを動かす幅。\n\n"
                   "### 🔹 学習率減衰（LR）とは？\n\n学習率を小さくしていく手法。\n", encoding="utf-8")
    docs = tmp_path / "docs"
    assert main(["import", str(raw), "--docs", str(docs)]) == 0
    assert "alias 'LR' left out: it is a name of questions/070.md" in capsys.readouterr().err
    terms = frontmatter.split("q.md", (docs / "questions" / "070.md").read_text(encoding="utf-8"))[0].data["terms"]
    assert [(t["term"], t["aliases"]) for t in terms] == [("学習率", ["LR"]), ("学習率減衰", [])]


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
