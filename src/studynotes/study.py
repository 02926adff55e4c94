"""Review marks: the 「要復習」 button of a question page, the review list, the data they read.

The marks themselves live in the reader's browser (``assets/javascripts/study.js``, localStorage,
by question number, shared by the languages); the build writes what the script shows: the
buttons (hidden until the script shows them: without JavaScript there is nothing to press), the
list page's text, and per language one small file of the questions' numbers, addresses and
titles (:func:`questions_data`), so that no title is written into the script.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping

from .catalog import Question
from .labels import label, template

REVIEW_MARKER = "<!-- review-list -->"
DATA_PATH = "review/questions.json"  # below each language's root
# What the script needs to say, per language (config.study.labels).
SCRIPT_LABELS = ("review_clear", "review_cleared", "review_empty", "review_count", "review_marked", "offline_none")


def review_button(content: str, number: int, language: str) -> str:
    """A question page's HTML with its review toggle after its heading (or first, if it has none)."""
    button = (f'<div class="review-row" hidden><button type="button" class="review-toggle" data-question="{number}" '
              f'aria-pressed="false">{html.escape(label(language, "review_toggle"))}</button></div>')
    at = content.find("</h1>")
    at = 0 if at < 0 else at + len("</h1>")
    return f"{content[:at]}\n{button}{content[at:]}"


def review_markdown(markdown: str, language: str) -> str:
    """The review list page: the marker becomes what the page says (marks stay in the browser) and
    the box the script fills, which says without JavaScript that the list needs it."""
    if REVIEW_MARKER not in markdown:
        return markdown
    box = (f"{html.escape(label(language, 'review_intro'))}\n\n"
           f'<div class="review-list" markdown>\n{html.escape(label(language, "review_noscript"))}\n</div>\n')
    return markdown.replace(REVIEW_MARKER, box)


def questions_data(questions: Iterable[Question], urls: Mapping[str, str], prefix: str, language: str) -> str:
    """``[[number, address, title], …]`` in number order, the title as the navigation shows it
    (「62. 過学習を…」); addresses relative to the language's root (``urls``: page path → its URL in
    this build, which starts with ``prefix``)."""
    rows = [[q.number, urls[q.path].removeprefix(prefix),
             label(language, "question_nav", number=q.number, title=q.title)]
            for q in sorted(questions, key=lambda q: q.number) if q.path in urls]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def script_config(language: str, prefix: str, service_worker: bool) -> dict:
    """``config.study`` for every page of a language: addresses relative to the site's root (the
    template makes them relative to the page), the script's labels."""
    return {"data": prefix + DATA_PATH, "sw": "sw.js" if service_worker else None,
            "manifest": prefix + "manifest.webmanifest",
            "labels": {key: template(language, key) for key in SCRIPT_LABELS}}
