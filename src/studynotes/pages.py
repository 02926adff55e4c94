"""What each page's Markdown gets before rendering: headings, generated indexes, source line.

Pure functions of (markdown, catalog data, language) so that the MkDocs hook, a future static
site generator or a test can call them alike.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from .catalog import Catalog, Question, Term
from .indexes import glossary_index, questions_index
from .labels import label
from .mathml import TexError
from .mdtext import escape
from .problems import NotesError, Problem, line_of
from .study import review_markdown, study_markdown
from .terms import TermIndex

QUESTIONS_MARKER = "<!-- questions-index -->"
GLOSSARY_MARKER = "<!-- glossary-index -->"


def question_markdown(markdown: str, question: Question, language: str) -> str:
    """A question page: its heading shows number and title; its source note is named at the end."""
    heading = label(language, "question_heading", number=question.number, title=escape(question.title))
    return f"# {heading}\n\n{markdown.strip()}\n" + _source_line(question.source, language)


def term_markdown(markdown: str, term: Term, language: str) -> str:
    return markdown.rstrip() + "\n" + _source_line(term.source, language)


def index_markdown(markdown: str, catalog: Catalog, terms: TermIndex, language: str,
                   gaps: Mapping[int, str] | None = None) -> str:
    """Fill the generated lists into the index pages that ask for them with a marker."""
    if QUESTIONS_MARKER in markdown:
        markdown = markdown.replace(QUESTIONS_MARKER, questions_index(catalog, language, gaps))
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_index(terms.entries.values(), language))
    return study_markdown(review_markdown(markdown, language), language)


def question_nav_title(question: Question, language: str) -> str:
    return label(language, "question_nav", number=question.number, title=question.title)


def _source_line(source: str, language: str) -> str:
    if not source:
        return ""
    return f"\n{label(language, 'source', source=escape(source))}\n{{ .note-source }}\n"


def refused_notice(language: str) -> str:
    """What a page the guard refused holds instead of its content (the build fails; see its errors)."""
    return f'<p class="refused">{html.escape(label(language, "refused"))}</p>'


def tex_problems(path: str, source: str, errors: list[TexError]) -> NotesError:
    """Invalid formulas of one page as problems with the line where each formula starts."""
    problems = []
    for e in errors:
        index = source.find(e.tex.strip())
        problems.append(Problem(path, line_of(source, index) if index >= 0 else None,
                                f"invalid TeX: {e.reason} in '{e.tex.strip()}'",
                                f"TeX が不正です: {e.reason_ja}（'{e.tex.strip()}'）"))
    return NotesError(problems)
