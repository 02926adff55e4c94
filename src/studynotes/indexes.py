"""Grouping and index pages: questions in fixed blocks, terms in gojūon (kana row) order.

Navigation must not grow with the number of notes: questions are grouped in blocks of
:data:`GROUP_SIZE` (labels stay stable as notes are added), glossary terms by kana row and Latin
initial. The index pages list everything, generated from the catalog so they never go stale.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Protocol

from .catalog import Catalog, Question
from .labels import label
from .mdtext import escape as _escape

GROUP_SIZE = 100    # questions per navigation block and per heading of the questions index
SUBGROUP_SIZE = 10  # questions per block inside a block of a hundred
# Where a term's count goes on the glossary index, filled once every question has been scanned: a
# comment, which the guard lets through (an attribute of the site's own would need an exception).
RE_COUNT = re.compile(r"<!-- term-count (?P<key>[^<>]*?) -->")


class Named(Protocol):
    title: str
    reading: str
KANA_ROWS = (
    ("あ", "あいうえおぁぃぅぇぉゔ"), ("か", "かきくけこがぎぐげごゕゖ"), ("さ", "さしすせそざじずぜぞ"),
    ("た", "たちつてとだぢづでどっ"), ("な", "なにぬねの"), ("は", "はひふへほばびぶべぼぱぴぷぺぽ"),
    ("ま", "まみむめも"), ("や", "やゆよゃゅょ"), ("ら", "らりるれろ"), ("わ", "わゐゑをんゎ"),
)
ROW_OF = {ch: row for row, chars in KANA_ROWS for ch in chars}
ROW_ORDER = {row: i for i, (row, _) in enumerate(KANA_ROWS)}


def question_group(number: int, size: int = GROUP_SIZE) -> tuple[int, int]:
    """The fixed block of ``size`` a question number belongs to, e.g. 62 → (1, 100)."""
    first = (number - 1) // size * size + 1
    return first, first + size - 1


def group_questions(questions: Iterable[Question],
                    size: int = GROUP_SIZE) -> list[tuple[tuple[int, int], list[Question]]]:
    """Questions in number order, in fixed blocks of ``size``."""
    groups: dict[tuple[int, int], list[Question]] = {}
    for q in sorted(questions, key=lambda q: q.number):
        groups.setdefault(question_group(q.number, size), []).append(q)
    return list(groups.items())


def question_tree(questions: Iterable[Question]) -> list[tuple[tuple[int, int], list]]:
    """Navigation blocks: hundreds, then tens, then questions; ((first, last), children) each.

    A reader's page then lists at most 20 hundreds + 10 tens + 10 questions, whatever the number of
    notes. While every question fits in one block of a hundred, that level is left out.
    """
    tree = [(key, group_questions(qs, SUBGROUP_SIZE)) for key, qs in group_questions(questions, GROUP_SIZE)]
    return tree[0][1] if len(tree) == 1 else tree


def sort_key(term: Named) -> tuple:
    """Gojūon order by reading (voiced kana beside their plain kana), then Latin A–Z."""
    initial = term_initial(term)
    text = term.reading or term.title
    decomposed = unicodedata.normalize("NFKD", text.replace("ー", "")).casefold()
    if initial in ROW_ORDER:
        return (0, ROW_ORDER[initial], decomposed)
    return (1 if initial != "" else 2, initial, decomposed)


def term_initial(term: Named) -> str:
    """The heading a term sorts under: a kana row (あ, か, …), a Latin letter, or ''."""
    first = (term.reading or term.title)[:1]
    if first in ROW_OF:
        return ROW_OF[first]
    first = unicodedata.normalize("NFKC", first).upper()
    return first if "A" <= first <= "Z" else ""


def group_terms(terms: Iterable[Named]) -> list[tuple[str, list[Named]]]:
    groups: dict[str, list[Named]] = {}
    for t in sorted(terms, key=sort_key):
        groups.setdefault(term_initial(t), []).append(t)
    return list(groups.items())


def initial_label(initial: str, language: str) -> str:
    if initial in ROW_ORDER:
        return label(language, "kana_row", kana=initial)
    return initial or label(language, "other_initial")


def questions_index(catalog: Catalog, language: str, gaps: Mapping[int, str] | None = None) -> str:
    """Markdown for ``questions/index.md``: one heading per block, one line per question, and the
    questions known to be absent (``gaps``: number → reason) under their own heading."""
    absent = {n: reason for n, reason in sorted((gaps or {}).items()) if n not in catalog.questions}
    if not catalog.questions:
        return label(language, "no_questions") + "\n" + _gaps(absent, language)
    lines = [label(language, "question_count", count=len(catalog.questions)), ""]
    for (first, last), questions in group_questions(catalog.questions.values()):
        anchor = label(language, "question_group_id", first=first, last=last)
        lines += [f"## {label(language, 'question_group', first=first, last=last)} {{ #{anchor} }}", ""]
        for q in questions:
            name = q.path.removeprefix("questions/")
            text = label(language, "question_nav", number=q.number, title=_escape(q.title))
            tags = label(language, "tag_separator").join(q.tags)
            lines.append(f"- [{text}]({name})" + (f" <small>{_escape(tags)}</small>" if tags else ""))
        lines.append("")
    return "\n".join(lines) + _gaps(absent, language)


def _gaps(absent: Mapping[int, str], language: str) -> str:
    if not absent:
        return ""
    lines = ["", f"## {label(language, 'gaps')}", "", label(language, "gaps_intro"), ""]
    lines += [f"- {label(language, 'gap', number=n, reason=_escape(reason))}" for n, reason in absent.items()]
    return "\n".join(lines) + "\n"


def glossary_index(entries: Iterable, language: str) -> str:
    """Markdown for ``glossary/index.md``: a heading per kana row / Latin initial, a line per term.

    ``entries`` are term index entries (glossary pages and terms explained in questions). Each line
    carries an empty ``term-count`` placeholder, filled by :func:`fill_counts` once every question
    has been scanned for mentions.
    """
    entries = list(entries)
    if not entries:
        return label(language, "no_terms") + "\n"
    lines = [label(language, "term_count", count=len(entries)), ""]
    for initial, terms in group_terms(entries):
        lines += [f"## {initial_label(initial, language)}", ""]
        for t in terms:
            if t.anchor:
                link = f"../{t.path}#{t.anchor}"
                where = f" <small>{label(language, 'explained_in_question', number=t.explanations[0].number)}</small>"
            else:
                link, where = t.path.removeprefix("glossary/"), ""
            reading = f"（{t.reading}）" if t.reading and language == "ja" else ""
            count = f" <!-- term-count {html.escape(t.key)} -->"
            lines.append(f"- [{_escape(t.title)}]({link}){reading}{where}{count}: {_escape(t.summary)}")
        lines.append("")
    return "\n".join(lines)


def fill_counts(content: str, counts: Mapping[str, int], language: str) -> str:
    """Put the number of questions mentioning each term into the glossary index's placeholders."""
    def fill(m: re.Match) -> str:
        count = counts.get(html.unescape(m.group("key")), 0)
        return f'<span class="term-count">{html.escape(label(language, "mention_count", count=count))}</span>'
    return RE_COUNT.sub(fill, content)
