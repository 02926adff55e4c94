"""Malformed notes fail the build naming the file, the line where known, and what is expected."""

from __future__ import annotations

import logging

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site
from studynotes.catalog import build_catalog
from studynotes.errors import NotesError

GOOD_QUESTION = "---\nnumber: 70\ntitle: タイトル\ntags:\n  - AWS Glue\n---\n\n本文。\n"
GOOD_TERM = ("---\ntitle: 勾配\naliases: [gradient]\nreading: こうばい\n"
             "summary: 誤差を小さくする方向を示す情報。\n---\n\n# 勾配\n")


def problems_of(sources: dict[str, str]) -> str:
    with pytest.raises(NotesError) as e:
        build_catalog(sources)
    return str(e.value)


def test_good_pages_make_a_catalog():
    catalog = build_catalog({"questions/070.md": GOOD_QUESTION, "glossary/gradient.md": GOOD_TERM,
                             "questions/index.md": "no front matter needed"})
    assert catalog.questions[70].tags == ("AWS Glue",)
    assert catalog.terms["gradient"].reading == "こうばい"


@pytest.mark.parametrize("path, text, expected", [
    ("questions/070.md", "本文だけ\n", "questions/070.md:1: no front matter"),
    ("questions/070.md", "---\nnumber: 70\ntitle: t\n", "questions/070.md:1: front matter is not closed"),
    ("questions/070.md", "---\nnumber: 70\ntitle: [unclosed\ntags: [a]\n---\n",
     "questions/070.md:4: front matter is not valid YAML"),
    ("questions/070.md", "---\n- just\n- a list\n---\n", "questions/070.md:2: front matter must be a mapping"),
    ("questions/070.md", "---\ntitle: t\ntags: [a]\n---\n", "questions/070.md: missing front matter key 'number'"),
    ("questions/070.md", "---\nnumber: seventy\ntitle: t\ntags: [a]\n---\n",
     "questions/070.md:2: 'number' must be a positive whole number, found 'seventy'"),
    ("questions/070.md", "---\nnumber: 70\ntitle: ''\ntags: [a]\n---\n",
     "questions/070.md:3: 'title' must be non-empty text"),
    ("questions/070.md", "---\nnumber: 70\ntitle: t\ntags: []\n---\n",
     "questions/070.md:4: 'tags' must name at least one tag"),
    ("questions/070.md", "---\nnumber: 70\ntitle: t\ntags: AWS Glue\n---\n",
     "questions/070.md:4: 'tags' must be a list of non-empty texts"),
    ("questions/070.md", "---\nnumber: 70\ntitle: t\ntags: [a]\ntitel: x\n---\n",
     "questions/070.md:5: unknown front matter key 'titel'"),
    ("questions/070.md", "---\nnumber: 71\ntitle: t\ntags: [a]\n---\n",
     "questions/070.md:2: 'number' is 71 but the file name says 70"),
    ("glossary/gradient.md", "---\ntitle: 勾配\naliases: []\nsummary: 情報。\n---\n",
     "glossary/gradient.md:2: missing 'reading'"),
    ("glossary/gradient.md", "---\ntitle: 勾配\naliases: []\nreading: コウバイ\nsummary: 情報。\n---\n",
     "glossary/gradient.md:4: 'reading' must be written in hiragana"),
    ("glossary/gradient.md", "---\ntitle: 勾配\naliases: []\nreading: こうばい\nsummary: 情報\n---\n",
     "glossary/gradient.md:5: 'summary' must be one sentence ending with 。"),
    ("glossary/gradient.md", "---\ntitle: 勾配\nreading: こうばい\nsummary: 情報。\n---\n",
     "glossary/gradient.md: missing front matter key 'aliases'"),
    ("questions/070.md", "---\nnumber: 070\ntitle: t\ntags: [a]\n---\n",
     "questions/070.md:2: 'number: 070': a leading zero makes YAML read the number as octal (070 is read as 56); "
     "write 'number: 70'"),
    ("questions/070.md", "---\nnumber: 70\ntitle: t\ntitle: u\ntags: [a]\n---\n",
     "questions/070.md:4: key 'title' is given twice (first on line 3)"),
    ("questions/070.md", "---\nnumber: 70\ntitle: \"a\\x07b\"\ntags: [a]\n---\n",
     "questions/070.md:3: 'title' must not contain control characters (found U+0007"),
    ("glossary/gradient.md", "---\ntitle: 勾配\naliases:\nreading: こうばい\nsummary: 情報。\n---\n",
     "glossary/gradient.md:3: 'aliases' is empty (write [] if there are none)"),
    ("index.md", "---\ntitle: ホーム\ntemplate: ../../etc/passwd\n---\n",
     "index.md:3: unknown front matter key 'template': expected one of ja_version, title"),
])
def test_each_problem_names_file_line_and_expectation(path, text, expected):
    message = problems_of({path: text})
    assert expected in message
    assert " / " in message  # the Japanese half of the message follows


def test_duplicate_question_numbers_name_both_files():
    message = problems_of({"questions/070.md": GOOD_QUESTION, "questions/0070.md": GOOD_QUESTION})
    assert "questions/070.md:2: question number 70 is also used by questions/0070.md" in message


def test_two_terms_with_the_same_name_name_both_files():
    other = (GOOD_TERM.replace("title: 勾配", "title: ＷＩＤＥ勾配")
             .replace("reading: こうばい", "reading: わいどこうばい"))
    message = problems_of({"glossary/a.md": other, "glossary/b.md": other.replace("ＷＩＤＥ", "wide")})
    assert "glossary/b.md:2: term 'wide勾配' is also defined by glossary/a.md" in message


def test_all_problems_are_reported_at_once():
    message = problems_of({"questions/070.md": "x", "questions/071.md": "y"})
    assert "questions/070.md:1" in message and "questions/071.md:1" in message


def build_errors(docs, tmp_path, caplog) -> str:
    """Build and expect failure; the errors MkDocs logged, as one text."""
    with caplog.at_level(logging.WARNING, logger="mkdocs"), pytest.raises(Abort):
        build_site(docs, tmp_path / "site")
    return "\n".join(r.getMessage() for r in caplog.records)


def test_the_real_build_fails_naming_the_docs_file(docs_copy, tmp_path, caplog):
    page = docs_copy / "questions" / "062.md"
    page.write_text(page.read_text(encoding="utf-8").replace("number: 62", "number: 6 2"), encoding="utf-8")
    errors = build_errors(docs_copy, tmp_path, caplog)
    assert "docs/questions/062.md:2: 'number' must be a positive whole number, found '6 2'" in errors


def test_invalid_tex_fails_the_build_with_page_and_line(docs_copy, tmp_path, caplog):
    page = docs_copy / "questions" / "065.md"
    text = page.read_text(encoding="utf-8")
    line = text.split("\n").index("- \\(X\\)：元のデータ") + 1
    page.write_text(text.replace("- \\(X\\)：元のデータ", "- \\(\\frac{X}\\)：元のデータ"), encoding="utf-8")
    errors = build_errors(docs_copy, tmp_path, caplog)
    assert f"docs/questions/065.md:{line}: invalid TeX: 'frac' is missing an argument in '\\frac{{X}}'" in errors


def test_a_broken_link_fails_the_strict_build(docs_copy, tmp_path, caplog):
    page = docs_copy / "questions" / "061.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[missing](999.md)\n", encoding="utf-8")
    errors = build_errors(docs_copy, tmp_path, caplog)
    assert "questions/061.md" in errors and "'999.md'" in errors


def test_a_failed_build_leaves_no_process_behind(docs_copy, tmp_path, caplog, monkeypatch):
    import os
    import threading

    from studynotes import background
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # pages linked in a forked child
    started = []
    original = background.Worker.__init__

    def init(worker, work):
        original(worker, work)
        started.append(worker._pid)
    monkeypatch.setattr(background.Worker, "__init__", init)
    question = docs_copy / "questions" / "065.md"
    question.write_text(question.read_text(encoding="utf-8") + "\n\\[\n\\frac{1}{\n\\]\n", encoding="utf-8")
    assert "invalid TeX" in build_errors(docs_copy, tmp_path, caplog)
    assert started and all(pid is not None for pid in started)
    for pid in started:
        with pytest.raises(ChildProcessError):  # already waited for: not running, no zombie
            os.waitpid(pid, os.WNOHANG)
