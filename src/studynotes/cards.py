"""Term cards: what a tap, hover or focus on a term link shows (``assets/javascripts/study.js``).

The linker marks each term link with its term's key (``data-term``); once every page is linked,
:func:`with_cards` adds to a page the cards of the terms it links, as JSON in one attribute of a
hidden element, read by the page's script: no request per card, and nothing to fetch offline. Without JavaScript the
links stay plain links. Every text is the notes' text, written as JSON data: the script sets it
as text (``textContent``), never as markup.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

from .labels import label
from .terms import TermEntry

RE_TERM_KEY = re.compile(r'<a [^>]*\bdata-term="([^"]*)"')


def card(entry: TermEntry, mentions: int, number: int | None, language: str) -> dict[str, str]:
    """One term's card: name, reading (Japanese pages), summary, a line on where it is used, and
    the label of the card's link (to the term's page, or to the question section explaining it)."""
    if entry.is_glossary_page:
        where = label(language, {0: "card_no_mentions", 1: "card_mention"}.get(mentions, "card_mentions"),
                      count=mentions)
        go = label(language, "card_open")
    else:
        where = label(language, "explained_in_question", number=number) if number is not None else ""
        go = label(language, "card_explanation")
    reading = entry.reading if language == "ja" and entry.reading != entry.title else ""
    return {"name": entry.title, "reading": reading, "summary": entry.summary, "where": where, "go": go}


def with_cards(content: str, entries: Mapping[str, TermEntry], mentions: Mapping[str, int],
               numbers: Mapping[str, int], language: str) -> str:
    """``content`` (a page's final HTML) with the cards of the terms it links, or as it is if it
    links none. ``mentions``: term key → how many questions mention it; ``numbers``: question page
    path → its number (for terms explained in a question)."""
    keys = dict.fromkeys(html.unescape(k) for k in RE_TERM_KEY.findall(content))
    cards = {key: card(entries[key], mentions.get(key, 0), numbers.get(entries[key].path), language)
             for key in keys if key in entries}
    if not cards:
        return content
    data = json.dumps(cards, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # An attribute, not a <script> element: instant navigation runs a page's scripts again, whatever
    # their type. Quoted with ' (JSON is full of "): only & < > ' are escaped.
    quoted = html.escape(data, quote=False).replace("'", "&#x27;")
    # No id: a heading or a note's {#id} may take any id; no note may write a data- attribute.
    return f"{content}\n<div hidden data-cards='{quoted}'></div>"
