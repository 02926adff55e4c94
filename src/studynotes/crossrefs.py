"""Generated cross-reference sections: a term's questions (backlinks) and a question's terms.

Pure functions from the term index and the mentions the linker recorded to HTML, with every label
from :mod:`.labels`; hrefs are computed by the caller (``href(path, anchor)``) for the current page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping

from .catalog import Question
from .labels import label
from .slugs import slugify
from .terms import TermEntry

Href = Callable[[str, str], str]


def heading_id(text: str) -> str:
    return slugify(text, "-")


def mentions_by_term(questions: Iterable[Question], mentions: Mapping[str, Mapping[str, str]]
                     ) -> dict[str, list[tuple[Question, str]]]:
    """Each term key → the questions mentioning it (in number order) with their first mention's section.

    ``mentions``: page path → {term key: section id of its first mention}, as the linker recorded.
    """
    result: dict[str, list[tuple[Question, str]]] = {}
    for question in sorted(questions, key=lambda q: q.number):
        for key, section in mentions.get(question.path, {}).items():
            result.setdefault(key, []).append((question, section))
    return result


def backlinks_section(entry: TermEntry, mentioned_in: Iterable[tuple[Question, str]], href: Href,
                      language: str) -> tuple[str, str, str]:
    """(heading text, heading id, HTML) of a term page's 「この用語が登場する問題」 section.

    ``mentioned_in``: each question mentioning the term with the section of its first mention.
    """
    title = label(language, "backlinks")
    ident = heading_id(title)
    parts = [f'<h2 id="{html.escape(ident)}">{html.escape(title)}</h2>']
    items = [f'<li><a href="{html.escape(href(q.path, section))}">'
             f'{html.escape(label(language, "question_heading", number=q.number, title=q.title))}</a></li>'
             for q, section in sorted(mentioned_in, key=lambda qs: qs[0].number)]
    if items:
        parts.append('<ul class="term-backlinks">' + "".join(items) + "</ul>")
    else:
        parts.append(f'<p class="term-backlinks-empty">{html.escape(label(language, "no_backlinks"))}</p>')
    if entry.is_glossary_page and entry.explanations:
        links = "、" if language == "ja" else ", "
        explained = links.join(
            f'<a href="{html.escape(href(e.path, e.anchor))}">'
            f'{html.escape(label(language, "explanation", number=e.number))}</a>'
            for e in sorted(entry.explanations, key=lambda e: e.number))
        parts.append(f'<p class="term-explanations">{html.escape(label(language, "explained_in"))}: {explained}</p>')
    return title, ident, "\n".join(parts)


def related_section(keys: Iterable[str], entries: Mapping[str, TermEntry], href: Href,
                    language: str) -> tuple[str, str, str] | None:
    """(heading text, heading id, HTML) of a question's 「関連用語」 section, or None if it has none."""
    items = []
    for key in keys:
        entry = entries[key]
        items.append(f'<li><a href="{html.escape(href(entry.path, entry.anchor))}" data-term="{html.escape(key)}">'
                     f"{html.escape(entry.title)}</a></li>")
    if not items:
        return None
    title = label(language, "related")
    ident = heading_id(title)
    return title, ident, (f'<h2 id="{html.escape(ident)}">{html.escape(title)}</h2>\n'
                          f'<ul class="related-terms">{"".join(items)}</ul>')


def insert_before_source(content: str, section: str) -> str:
    """Generated sections go at the end of the page, before the note's source line if it has one."""
    marker = '<p class="note-source">'
    at = content.rfind(marker)
    return content + "\n" + section if at < 0 else content[:at] + section + "\n" + content[at:]
