"""``make new-question`` / ``make new-term``: a page to fill in, which lint rejects until it is filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studynotes import frontmatter
from studynotes.__main__ import main
from studynotes.catalog import build_catalog
from studynotes.lint import lint
from studynotes.scaffold import question_page, term_page
from studynotes.terms import build_term_index


def lint_docs(docs: Path) -> list[str]:
    """What `make lint` (the strict build of both languages) says of a project copy's notes."""
    result = lint(docs.parent / "mkdocs.yml", docs)
    return [str(p) for p in result.problems] + result.messages


def create(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- what is created -----------------------------------------------------------------------------

def test_new_question_page(docs_copy, capsys):
    status, out, _ = create(capsys, "new-question", "70", "--docs", str(docs_copy))
    target = docs_copy / "questions" / "070.md"
    assert status == 0 and out.strip() == target.as_posix()
    fm, problems = frontmatter.split("questions/070.md", target.read_text(encoding="utf-8"))
    assert problems == []
    assert fm.data["number"] == 70 and fm.data["title"].startswith("TODO") and fm.data["tags"] == ["TODO"]
    assert "source" not in fm.data
    assert "## 📌 結論" in fm.body and "TODO" in fm.body
    # It passes the schema: the site builds with it (only lint asks for the TODOs to be replaced).
    catalog = build_catalog({"questions/070.md": target.read_text(encoding="utf-8")})
    assert catalog.questions[70].tags == ("TODO",)


def test_new_question_with_source_and_leading_zeros(docs_copy, capsys):
    status, out, _ = create(capsys, "new-question", "0071", "--docs", str(docs_copy), "--source", "CloudTech Study")
    assert status == 0 and out.strip().endswith("questions/071.md")
    fm, _ = frontmatter.split("questions/071.md", (docs_copy / "questions" / "071.md").read_text(encoding="utf-8"))
    assert fm.data["number"] == 71 and fm.data["source"] == "CloudTech Study"


def test_new_term_page(docs_copy, capsys):
    status, out, _ = create(capsys, "new-term", "batch-normalization", "--docs", str(docs_copy))
    target = docs_copy / "glossary" / "batch-normalization.md"
    assert status == 0 and out.strip() == target.as_posix()
    text = target.read_text(encoding="utf-8")
    fm, problems = frontmatter.split("glossary/batch-normalization.md", text)
    assert problems == []
    assert fm.data["title"] == "TODO: batch normalization" and fm.data["aliases"] == []
    assert "reading" in fm.data and fm.data["summary"].startswith("TODO")
    assert re.search(r"^reading:.*TODO", text, re.M)
    assert fm.body.lstrip().startswith("# TODO") and "## 基本概念" in fm.body
    catalog = build_catalog({"glossary/batch-normalization.md": text})
    build_term_index(catalog)  # no schema error, no name conflict


def test_two_new_terms_do_not_conflict():
    catalog = build_catalog({"glossary/a-b.md": term_page("a-b"), "glossary/c-d.md": term_page("c-d"),
                             "questions/070.md": question_page(70), "questions/071.md": question_page(71, "x")})
    assert len(build_term_index(catalog).entries) == 2


# -- refusals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["0", "-3", "7.5", "seventy", "", "７０", "70x"])
def test_refuses_a_number_that_is_not_a_positive_integer(docs_copy, capsys, number):
    status, out, err = create(capsys, "new-question", "--docs", str(docs_copy), "--", number)
    assert status == 2 and out == ""
    assert f"question number '{number}' is not a positive whole number" in err and "正の整数ではありません" in err
    assert not (docs_copy / "questions" / "000.md").exists()


@pytest.mark.parametrize("slug", ["Batch-Normalization", "batch_normalization", "batch--normalization", "-batch",
                                  "batch-", "バッチ正規化", "batch normalization", "../x", ""])
def test_refuses_a_slug_that_is_not_lowercase_hyphenated_ascii(docs_copy, capsys, slug):
    before = sorted(p.name for p in (docs_copy / "glossary").iterdir())
    status, out, err = create(capsys, "new-term", "--docs", str(docs_copy), "--", slug)
    assert status == 2 and out == ""
    assert f"slug '{slug}' is not lowercase-hyphenated ASCII" in err and "小文字・ハイフン区切り" in err
    assert sorted(p.name for p in (docs_copy / "glossary").iterdir()) == before


@pytest.mark.parametrize("argv, existing", [
    (["new-question", "65"], "questions/065.md"),
    (["new-term", "vanishing-gradient"], "glossary/vanishing-gradient.md"),
    (["new-term", "index"], "glossary/index.md"),
])
def test_refuses_a_page_that_exists(docs_copy, capsys, argv, existing):
    before = (docs_copy / existing).read_text(encoding="utf-8")
    status, out, err = create(capsys, *argv, "--docs", str(docs_copy))
    assert status == 2 and out == ""
    assert f"{(docs_copy / existing)} already exists" in err and "すでにあります" in err
    assert (docs_copy / existing).read_text(encoding="utf-8") == before


def test_refuses_a_number_another_file_name_already_uses(docs_copy, capsys):
    (docs_copy / "questions" / "0070.md").write_text(question_page(70), encoding="utf-8")
    status, _, err = create(capsys, "new-question", "70", "--docs", str(docs_copy))
    assert status == 2 and "0070.md already exists (question 70)" in err
    assert not (docs_copy / "questions" / "070.md").exists()


# -- lint rejects a fresh page until its TODOs are replaced --------------------------------------

def test_lint_rejects_a_new_question_until_it_is_filled(docs_copy, capsys):
    create(capsys, "new-question", "70", "--docs", str(docs_copy))
    found = lint_docs(docs_copy)
    assert found and all(f.startswith("docs/questions/070.md:") and "replace the TODO marker" in f for f in found)
    assert found[0].startswith("docs/questions/070.md:3: replace the TODO marker: "
                               "'TODO: 問題の要点を表す短い日本語タイトル'")
    assert any(f.startswith("docs/questions/070.md:4: replace the TODO marker: 'TODO'") for f in found)  # tags
    assert main(["lint", "--docs", str(docs_copy)]) == 1

    page = docs_copy / "questions" / "070.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace('"TODO: 問題の要点を表す短い日本語タイトル"', "バッチ正規化で学習を安定させる")
    text = text.replace("[TODO]", "[Amazon SageMaker, ニューラルネットワーク]").replace("TODO: ", "")
    page.write_text(text, encoding="utf-8")
    assert lint_docs(docs_copy) == []


def test_lint_rejects_a_new_term_until_it_is_filled(docs_copy, capsys):
    create(capsys, "new-term", "batch-normalization", "--docs", str(docs_copy))
    found = lint_docs(docs_copy)
    lines = [int(f.split(":")[1]) for f in found]
    assert all(f.startswith("docs/glossary/batch-normalization.md:") and "replace the TODO marker" in f for f in found)
    assert {2, 5, 9} <= set(lines)  # title, summary, the heading

    page = docs_copy / "glossary" / "batch-normalization.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace('"TODO: batch normalization"', "バッチ正規化")
    text = re.sub(r"^reading:.*$", "reading: ばっちせいきか", text, flags=re.M)
    text = text.replace("**TODO**", "**要点**").replace("TODO: ", "")
    page.write_text(text, encoding="utf-8")
    assert lint_docs(docs_copy) == []
    assert main(["lint", "--docs", str(docs_copy)]) == 0
