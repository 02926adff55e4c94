"""Review marks and term cards to study: what the build writes for the reader's script.

Review marks: the 「要復習」 button of a question page, the review list, the data they read. The
marks themselves live in the reader's browser (``assets/javascripts/study.js``, localStorage, by
question number, shared by the languages); the build writes what the script shows: the buttons
(hidden until the script shows them: without JavaScript there is nothing to press), the list
page's text, and per language one small file of the questions' numbers, addresses and titles
(:func:`questions_data`), so that no title is written into the script.

Term cards to study (``/study/``, ``assets/javascripts/flashcards.js``, scheduled by ts-fsrs): one
card per term of the glossary's index, per language one file of the cards (:func:`cards_data`),
and the page's controls (:func:`with_deck`), written after the page's checks like the review
toggle, every text from :mod:`studynotes.labels`. A card's ``id`` is the same in every language and
outlives a new name (:func:`card_id`), so the reader's progress, kept in the browser, follows it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping

from .catalog import Catalog, Question
from .indexes import group_terms
from .labels import label, template
from .terms import TermEntry

REVIEW_MARKER = "<!-- review-list -->"
DATA_PATH = "review/questions.json"  # below each language's root
CARDS_PATH = "study/cards.json"      # below each language's root
STUDY_PAGE = "study.md"
DECK_MARKER = "<!-- study-cards -->"
PROGRESS_MARKER = "<!-- study-progress -->"
DECK_BOX = '<div class="study-deck">'
PROGRESS_BOX = '<div class="study-progress">'
NEW_CARDS_PER_DAY = 20  # Anki's default; the study page says it (docs/study.md)
RATINGS = ("again", "hard", "good", "easy")  # ts-fsrs' Rating 1–4, as Anki names them
# What flashcards.js says that the page does not hold already (the deck's data-labels).
DECK_LABELS = ("study_done", "study_next", "study_no_cards", "study_unavailable", "study_aliases", "tag_separator",
               *(f"study_{unit}{plural}" for unit in ("minute", "hour", "day", "month", "year")
                 for plural in ("", "s")),
               "study_exported", "study_imported", "study_import_failed", "study_bad_json", "study_bad_format",
               "study_bad_version", "study_bad_card", "study_bad_marks", "study_too_large")
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


def study_markdown(markdown: str, language: str) -> str:
    """The study page: its markers become the boxes the deck and the progress tools go into, which
    say without JavaScript that they need it (:func:`with_deck` adds the controls)."""
    for marker, box in ((DECK_MARKER, DECK_BOX), (PROGRESS_MARKER, PROGRESS_BOX)):
        if marker in markdown:
            text = html.escape(label(language, "study_noscript"))
            markdown = markdown.replace(marker, f'{box[:-1]} markdown>\n{text}\n</div>\n')
    return markdown


def _quoted(data: object) -> str:
    """JSON in an attribute quoted with ' (JSON is full of "): only & < > ' are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return html.escape(text, quote=False).replace("'", "&#x27;")


def _button(language: str, key: str, css: str, **attributes: str) -> str:
    more = "".join(f' {name.replace("_", "-")}="{html.escape(value)}"' for name, value in attributes.items())
    return f'<button type="button" class="{css}"{more}>{html.escape(label(language, key))}</button>'


def deck_html(language: str) -> str:
    """The deck's controls, hidden until the script has its cards: the counts, the card (its
    changes announced), 「答えを見る」, the four ratings (each with its next interval, filled in)."""
    t = lambda key: html.escape(label(language, key))  # noqa: E731
    ratings = "".join(
        f'<button type="button" class="study-rating study-rating--{name}" data-rating="{i}" aria-keyshortcuts="{i}">'
        f'<span class="study-rating__name">{t(f"study_{name}")}</span>'
        f'<span class="study-rating__interval"></span></button>'
        for i, name in enumerate(RATINGS, 1))
    show = _button(language, "study_show", "study-show md-button md-button--primary", aria_keyshortcuts="Space Enter")
    return (f'<div class="study-deck__ui" data-new-per-day="{NEW_CARDS_PER_DAY}" '
            f'data-labels=\'{_quoted({k: template(language, k) for k in DECK_LABELS})}\' hidden>'
            f'<p class="study-counts"><span class="study-counts__due">{t("study_due")} <b>0</b></span>'
            f'<span class="study-counts__new">{t("study_new")} <b>0</b></span></p>'
            '<div class="study-card" aria-live="polite">'
            '<div class="study-card__front"><p class="study-card__name"></p></div>'
            '<div class="study-card__back" hidden><p class="study-card__summary"></p>'
            '<p class="study-card__names"></p><p><a class="study-card__go"></a></p></div>'
            '<div class="study-card__done" tabindex="-1" hidden><p class="study-card__done-title"></p>'
            '<p class="study-card__next"></p></div></div>'
            f'<div class="study-actions">{show}'
            f'<div class="study-ratings" role="group" aria-label="{t("study_ratings")}" hidden>{ratings}</div></div>'
            f'<p class="study-keys">{t("study_keys")}</p></div>')


def progress_html(language: str) -> str:
    """Export and import of the reader's progress, hidden until the script runs."""
    return (f'<div class="study-progress__ui" hidden><p class="study-progress__buttons">'
            f'{_button(language, "study_export", "study-export md-button")}'
            f'{_button(language, "study_import", "study-import md-button")}'
            '<input type="file" class="study-import__file" accept=".json,application/json" hidden tabindex="-1"></p>'
            '<p class="study-progress__status" role="status"></p></div>')


def with_deck(content: str, language: str) -> str:
    """The study page's final HTML with the deck's and the progress tools' controls in their boxes."""
    for box, controls in ((DECK_BOX, deck_html), (PROGRESS_BOX, progress_html)):
        at = content.find(box)
        if at >= 0:
            at += len(box)
            content = f"{content[:at]}{controls(language)}{content[at:]}"
    return content


def card_id(entry: TermEntry, catalog: Catalog) -> str:
    """A card's name in the reader's progress, the same in every language and through a new title:
    a glossary term's page (``glossary/slug.md``); a term explained in a question, the question's
    page and the term's place in its ``terms`` (``questions/066.md#1``: a translation declares
    its terms in the same order, under anchors of its own)."""
    if entry.is_glossary_page:
        return entry.key
    question = catalog.question_for(entry.path)
    places = [i for i, t in enumerate(question.terms if question else (), 1) if t.anchor == entry.anchor]
    return f"{entry.path}#{places[0] if places else entry.anchor}"


def _explanation_ids(entry: TermEntry, catalog: Catalog) -> list[str]:
    """What a glossary term's card was called when its explanations were terms of their own."""
    ids = []
    for e in entry.explanations:
        question = catalog.questions.get(e.number)
        places = [i for i, t in enumerate(question.terms if question else (), 1) if t.anchor == e.anchor]
        ids += [f"{e.path}#{i}" for i in places]
    return ids


def cards_data(entries: Iterable[TermEntry], catalog: Catalog, urls: Mapping[str, str], prefix: str,
               language: str) -> str:
    """The cards of one language (``study/cards.json``), in the glossary index's order: each term's
    ``id`` (:func:`card_id`), ``was`` (ids it had before: the question sections now explaining its
    glossary page), name, reading (Japanese pages), summary, other names, the address of its
    explanation relative to the language's root, and that link's label, as the term cards say."""
    cards = []
    for _initial, terms in group_terms(entries):
        for entry in terms:
            if entry.path not in urls:
                continue
            url = urls[entry.path].removeprefix(prefix) + (f"#{entry.anchor}" if entry.anchor else "")
            card = {"id": card_id(entry, catalog), "name": entry.title,
                    "reading": entry.reading if language == "ja" and entry.reading != entry.title else "",
                    "summary": entry.summary, "names": [n for n in entry.names if n != entry.title], "url": url,
                    "go": label(language, "card_open" if entry.is_glossary_page else "card_explanation")}
            if entry.is_glossary_page and (was := _explanation_ids(entry, catalog)):
                card["was"] = was
            cards.append(card)
    return json.dumps(cards, ensure_ascii=False, separators=(",", ":"))


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
    return {"data": prefix + DATA_PATH, "cards": prefix + CARDS_PATH, "sw": "sw.js" if service_worker else None,
            "manifest": prefix + "manifest.webmanifest",
            "labels": {key: template(language, key) for key in SCRIPT_LABELS}}
