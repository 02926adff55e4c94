"""An ordinary contribution passes: whatever the notes are, a new question, a new term and a one-word
fix build and lint clean in a copy of the whole project (its own package, hooks and data)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT
from studynotes import frontmatter

SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "__pycache__", ".pytest_cache", "*.pyc")


def run(project: Path, *argv: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(project / "src"), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, *argv], cwd=project, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def contribution(tmp_path_factory):
    project = tmp_path_factory.mktemp("contribution") / "project"
    shutil.copytree(ROOT, project, ignore=SKIP)
    docs = project / "docs"
    # An existing glossary term to mention, whatever the notes hold.
    glossary = sorted(p for p in (docs / "glossary").glob("*.md") if p.stem != "index" and "." not in p.stem)
    fm, _ = frontmatter.split(glossary[0].name, glossary[0].read_text(encoding="utf-8"))
    existing_term, existing_slug = fm.data["title"], glossary[0].stem
    # A new question after a gap in the numbering.
    numbers = [int(p.stem) for p in (docs / "questions").glob("*.md") if p.stem.isdigit()]
    number = max(numbers, default=0) + 2
    (docs / "questions" / f"{number:03d}.md").write_text(
        f"---\nnumber: {number}\ntitle: 新しい問題の要点\ntags: [テスト用タグ]\nsource: 寄稿\n---\n\n"
        f"この問題では{existing_term}と、新しい用語の寄稿テスト用語を扱う。\n\n"
        "## 計算\n\n式は \\(x' = \\frac{x - a}{b - a}\\) になる。\n\n\\[\ny = |x|\n\\]\n\n"
        "| 値 | 意味 |\n| --- | --- |\n| \\(|x|\\) | 絶対値 |\n| $5 | 料金 |\n", encoding="utf-8")
    (docs / "glossary" / "contribution-test-term.md").write_text(
        "---\ntitle: 寄稿テスト用語\naliases: [Contribution Test Term]\nreading: きこうてすとようご\n"
        "summary: 寄稿の流れを確かめるための用語。\n---\n\n# 寄稿テスト用語\n\n寄稿の流れを確かめるための用語です。\n",
        encoding="utf-8")
    # A one-word fix in a page that has a translation: the translation becomes outdated.
    translated = next(p for p in sorted((docs / "questions").glob("*.md"))
                      if "." not in p.stem and p.with_name(f"{p.stem}.en.md").exists() and p.stem != "index")
    text = translated.read_text(encoding="utf-8")
    fm, _ = frontmatter.split(translated.name, text)
    body_at = len(text) - len(fm.body)
    lines = text[body_at:].split("\n")
    line = next(i for i, s in enumerate(lines) if s.strip() and not s.startswith(("#", "|")))
    lines[line] += "（寄稿で一語直しました）"
    translated.write_text(text[:body_at] + "\n".join(lines), encoding="utf-8")
    lint = run(project, "-m", "studynotes", "lint", "--docs", "docs")
    build = run(project, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site"))
    return project, number, existing_slug, translated, lint, build


def test_the_contribution_lints_clean(contribution):
    _, _, _, _, lint, _ = contribution
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "no problems" in lint.stdout


def test_the_contribution_builds_strictly(contribution):
    project, number, slug, translated, _, build = contribution
    assert build.returncode == 0, build.stdout + build.stderr
    site = project / "site"
    page = (site / "questions" / f"{number:03d}" / "index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    article = tree.css_first("article")
    assert article.css_first("h1").text().startswith(f"問題 {number}")
    assert len(article.css("math")) == 3                               # inline, display, in the table
    cells = article.css("table tbody tr")
    assert [len(r.css("td")) for r in cells] == [2, 2]                 # the formula's bars are no cells
    assert "$5" in article.text()                                      # a dollar is text
    links = {a.attributes["href"] for a in article.css("a.glossary-link")}
    assert f"../../glossary/{slug}/" in links and "../../glossary/contribution-test-term/" in links
    assert (site / "glossary" / "contribution-test-term" / "index.html").exists()
    assert f'href="{number:03d}/"' in (site / "questions" / "index.html").read_text(encoding="utf-8")
    # The translation of the page with the one-word fix says that it may be out of date.
    english = (site / "en" / "questions" / translated.stem / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition warning outdated"' in english
    assert re.search(rf"{translated.stem}\.en\.md: .* has changed since it was translated", build.stderr)


def test_the_new_question_is_shown_untranslated_in_english(contribution):
    project, number, _, _, _, _ = contribution
    english = (project / "site" / "en" / "questions" / f"{number:03d}" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition info untranslated"' in english
