"""The catalog of questions and glossary terms, read from the pages' front matter.

Built once per build (per language) from the source files, before any page is rendered, so that
duplicates across files are found and indexes, navigation and links can use every page's data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter
from .errors import NotesError, Problem

QUESTIONS_DIR = "questions/"
GLOSSARY_DIR = "glossary/"
RE_QUESTION_FILE = re.compile(r"\Aquestions/(?P<stem>[0-9]{3,})\.md\Z")
RE_TERM_FILE = re.compile(r"\Aglossary/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md\Z")


@dataclass(frozen=True)
class InQuestionTerm:
    """A term explained in a section of a question page (declared in its front matter)."""

    term: str
    aliases: tuple[str, ...]
    reading: str
    summary: str
    anchor: str
    path: str
    line: int | None = None  # of the declaration, for error messages
    alias_lines: tuple[int | None, ...] = ()
    anchor_line: int | None = None


@dataclass(frozen=True)
class Question:
    number: int
    title: str
    tags: tuple[str, ...]
    path: str
    source: str = ""
    terms: tuple[InQuestionTerm, ...] = ()


@dataclass(frozen=True)
class Term:
    slug: str
    title: str
    aliases: tuple[str, ...]
    reading: str
    summary: str
    path: str
    source: str = ""
    line: int | None = None
    alias_lines: tuple[int | None, ...] = ()


@dataclass
class Catalog:
    questions: dict[int, Question] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)

    def question_for(self, path: str) -> Question | None:
        m = RE_QUESTION_FILE.match(path)
        return self.questions.get(int(m.group("stem"))) if m else None

    def term_for(self, path: str) -> Term | None:
        m = RE_TERM_FILE.match(path)
        return self.terms.get(m.group("slug")) if m else None


def read_sources(docs_dir: Path) -> dict[str, str]:
    """Every Markdown page under ``docs_dir``: docs-relative path → text, in path order."""
    return {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs_dir.rglob("*.md"))}


def is_note_page(path: str) -> bool:
    """Question and glossary pages (not their index pages) are notes with a schema."""
    return (path.startswith((QUESTIONS_DIR, GLOSSARY_DIR)) and path.endswith(".md")
            and not path.endswith("/index.md"))


def build_catalog(sources: Mapping[str, str]) -> Catalog:
    """Read every note page of ``sources`` (docs-relative path → text) into a catalog.

    Raises :class:`NotesError` listing every problem found, not only the first.
    """
    catalog, problems = collect_catalog(sources)
    if problems:
        raise NotesError(problems)
    return catalog


def collect_catalog(sources: Mapping[str, str]) -> tuple[Catalog, list[Problem]]:
    """The catalog of the pages that are valid, and the problems of the others (every one of them).

    Pages whose names do not fit (``questions/70.md``) are left to :mod:`.sources`, which reports them;
    the site's own pages (home, indexes) are checked against their small schema.
    """
    catalog = Catalog()
    problems: list[Problem] = []
    term_titles: dict[str, str] = {}
    for path in sorted(sources):
        if not is_note_page(path):
            if path.endswith(".md") and sources[path].startswith("---"):
                fm, found = frontmatter.split(path, sources[path])
                problems += found if fm is None else frontmatter.validate(path, fm, frontmatter.PAGE_FIELDS)
            continue
        question, term = RE_QUESTION_FILE.match(path), RE_TERM_FILE.match(path)
        if question is None and term is None:
            continue
        fm, found = frontmatter.split(path, sources[path])
        problems += found
        if fm is None:
            continue
        if question is not None:
            problems += _add_question(catalog, path, fm)
        else:
            problems += _add_term(catalog, path, term.group("slug"), fm, term_titles)
    return catalog, problems


def _add_question(catalog: Catalog, path: str, fm: frontmatter.FrontMatter) -> list[Problem]:
    m = RE_QUESTION_FILE.match(path)
    problems = frontmatter.validate(path, fm, frontmatter.QUESTION_FIELDS)
    if problems:
        return problems
    number = fm.data["number"]
    if number != int(m.group("stem")):
        return [Problem(path, fm.key_lines.get("number"),
                        f"'number' is {number} but the file name says {int(m.group('stem'))}: make them agree",
                        f"'number' が {number} ですがファイル名は {int(m.group('stem'))} です: 一致させてください")]
    if number in catalog.questions:
        other = catalog.questions[number].path
        return [Problem(path, fm.key_lines.get("number"),
                        f"question number {number} is also used by {other}",
                        f"問題番号 {number} は {other} でも使われています")]
    terms, problems = _in_question_terms(path, fm)
    if problems:
        return problems
    catalog.questions[number] = Question(number, fm.data["title"].strip(), tuple(t.strip() for t in fm.data["tags"]),
                                         path, (fm.data.get("source") or "").strip(), terms)
    return []


def _in_question_terms(path: str, fm: frontmatter.FrontMatter) -> tuple[tuple[InQuestionTerm, ...], list[Problem]]:
    """The ``terms`` a question explains (that each anchor is a heading of the rendered page is
    checked once the page is rendered: :func:`anchor_problems`)."""
    terms, problems = [], []
    for i, item in enumerate(fm.data.get("terms") or []):
        found = frontmatter.validate(path, fm, frontmatter.IN_QUESTION_TERM_FIELDS, item, ("terms", i))
        if found:
            problems += found
            continue
        name, reading = item["term"].strip(), (item.get("reading") or "").strip()
        if not reading and frontmatter.needs_reading(name):
            problems.append(Problem(path, fm.line_at("terms", i),
                                    f"missing 'terms[{i}].reading': '{name}' is written in kana or kanji, "
                                    "give its reading in hiragana",
                                    f"'terms[{i}].reading' がありません: '{name}' の読みをひらがなで指定してください"))
            continue
        anchor = item["anchor"].strip().lstrip("#")
        aliases = tuple(a.strip() for a in item.get("aliases") or ())
        terms.append(InQuestionTerm(name, aliases, reading, item["summary"].strip(), anchor, path,
                                    fm.line_at("terms", i, "term"),
                                    tuple(fm.line_at("terms", i, "aliases", j) for j in range(len(aliases))),
                                    fm.line_at("terms", i, "anchor")))
    return tuple(terms), problems


def anchor_problems(question: Question, ids: Iterable[str]) -> list[Problem]:
    """Terms of a question whose ``anchor`` is not the id of a heading of the rendered page."""
    ids = list(dict.fromkeys(ids))
    problems = []
    for t in question.terms:
        if t.anchor not in ids:
            problems.append(Problem(question.path, t.anchor_line,
                                    f"anchor '{t.anchor}' of term '{t.term}' is not a heading of this page; "
                                    f"its headings are: {', '.join(ids) or '(none)'}",
                                    f"用語 '{t.term}' の anchor '{t.anchor}' はこのページの見出しにありません。"
                                    f"見出し: {', '.join(ids) or '（なし）'}"))
    return problems


def _add_term(catalog: Catalog, path: str, slug: str, fm: frontmatter.FrontMatter,
              term_titles: dict[str, str]) -> list[Problem]:
    problems = frontmatter.validate(path, fm, frontmatter.TERM_FIELDS)
    if problems:
        return problems
    title = fm.data["title"].strip()
    reading = (fm.data.get("reading") or "").strip()
    if not reading and frontmatter.needs_reading(title):
        return [Problem(path, fm.key_lines.get("reading") or fm.key_lines.get("title"),
                        f"missing 'reading': '{title}' is written in kana or kanji, give its reading in hiragana",
                        f"'reading' がありません: '{title}' の読みをひらがなで指定してください")]
    key = same_title_key(title)  # a second page of one term is reported here; the term index never sees it
    if key in term_titles:
        return [Problem(path, fm.key_lines.get("title"),
                        f"term '{title}' is also defined by {term_titles[key]}: merge the two pages or rename one",
                        f"用語 '{title}' は {term_titles[key]} でも定義されています: "
                        "ページを統合するか名前を変えてください")]
    term_titles[key] = path
    aliases = tuple(a.strip() for a in fm.data["aliases"])
    catalog.terms[slug] = Term(slug, title, aliases, reading, fm.data["summary"].strip(), path,
                               (fm.data.get("source") or "").strip(), fm.line_at("title"),
                               tuple(fm.line_at("aliases", j) for j in range(len(aliases))))
    return []


def same_title_key(title: str) -> str:
    """Two glossary pages whose titles have one key are one term written twice: width and case
    folded and every space ignored (``Sage Maker`` is ``SageMaker``), stricter than the matcher's
    :func:`.matching.same_name_key`, which keeps the spaces between words."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title)).casefold()
