"""The import report: what ``make import`` did with each page, and what it guessed that the author
should check before opening the pull request.

Printed after every import; with ``REPORT=FILE`` (``--report FILE``) also written as a Markdown
checklist to paste into the pull request. Pure functions of :class:`.importer.Outcome` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the importer imports this module
    from .importer import Outcome

TITLE_SOURCES = {
    "answer": ("from the correct answer", "正解の選択肢から"),
    "conclusion": ("from the sentence that says what is correct", "正解を述べる文から"),
    "problem": ("from the problem sentence", "問題文から"),
    "terms": ("from the terms the page explains", "解説している用語から"),
    "sentence": ("from the first sentence", "最初の文から"),
}
ACTIONS = {
    "created": "作成",
    "updated": "更新（再エクスポートを統合）",
    "overwrote": "上書き",
    "unchanged": "変更なし",
    "kept": "そのまま",
    "conflict": "競合（そのまま）",
}


def outcome_line(o: Outcome) -> str:
    """One line of what was done with a page: ``created   docs/questions/070.md (question 70)``."""
    where = f"{o.target}"
    if o.action == "kept":
        why = f"; {o.why}" if o.why else ""
        return f"kept      {where} ({o.page.label} exists{why}; --force overwrites it)"
    if o.action == "conflict":
        lines = ", ".join(f"{where}:{n}" for n in o.conflicts)
        return (f"conflict  {where} ({o.page.label}): the same lines were changed on the site and in the export "
                f"({lines}); the page is left as it was: make the export's change by hand, or FORCE=1 "
                "/ サイトとエクスポートで同じ行が変更されています。ページはそのままです: "
                "手で反映するか FORCE=1 で上書きしてください")
    kept = f"; kept as edited on the site: {', '.join(o.kept)}" if o.kept else ""
    return f"{o.action:<9} {where} ({o.page.label}{kept})"


def checks(o: Outcome) -> list[tuple[str, str]]:
    """What was guessed for a page written by this import: (English, 日本語) items to check."""
    if o.text is None:
        return []
    g = o.page.guess
    new = (lambda key: True) if o.taken is None else (lambda key: key in o.taken)
    items = []
    if o.action == "updated" and o.body_taken:
        items.append(("text: the export's changes taken into the page; read the diff",
                      "本文: エクスポートの変更を取り込みました。差分を確認してください"))
    if g.title and new("title"):
        en, ja = TITLE_SOURCES.get(g.title_from, ("none found: write one", "見つかりません: 書いてください"))
        items.append((f"title (draft, {en}): {g.title}", f"タイトル（下書き、{ja}）: {g.title}"))
    if g.tags and new("tags"):
        if g.tags_fallback:
            items.append((f"tags: {', '.join(g.tags)}: no tag of src/studynotes/data/tags.yml matched; "
                          "add the page's topic "
                          "there (a tag and the words that suggest it) and import again, or write its tags",
                          f"タグ: {', '.join(g.tags)}: src/studynotes/data/tags.yml のどのタグにも当たりません。"
                          "そこにこのページの話題（タグとその語）を追加して取り込み直すか、タグを書いてください"))
        else:
            items.append((f"tags (proposed from tags.yml): {', '.join(g.tags)}",
                          f"タグ（tags.yml からの候補）: {', '.join(g.tags)}"))
    if g.reading and new("reading"):
        items.append((f"reading (guessed): {g.reading}", f"読み（推定）: {g.reading}"))
    if g.aliases and new("aliases"):
        items.append((f"aliases: {', '.join(g.aliases)}", f"別名: {', '.join(g.aliases)}"))
    if new("terms"):
        for t in g.terms:
            names = f"; aliases: {', '.join(t.aliases)}" if t.aliases else ""
            reading = f"; reading: {t.reading}" if t.reading else ""
            same = f" (explains the existing term {t.known_as})" if t.known_as and t.known_as != t.term else ""
            items.append((f"term explained under '{t.heading}': {t.term}{same}{reading}{names}; summary: {t.summary}",
                          f"見出し「{t.heading}」で解説する用語: {t.term}{reading and '、読み: ' + t.reading}"
                          f"{names and '、別名: ' + '、'.join(t.aliases)}、要約: {t.summary}"))
    return items


def printed(outcomes: Iterable[Outcome]) -> list[str]:
    """The report as printed: a line per page, and under it what to check."""
    lines = []
    for o in outcomes:
        lines.append(outcome_line(o))
        lines += [f"    check: {en}" for en, _ in checks(o)]
    return lines


def checklist(raw: Path, outcomes: Iterable[Outcome], notes: Iterable[str] = ()) -> str:
    """The report as a Markdown checklist for the pull request."""
    outcomes = list(outcomes)
    out = [f"## `make import FILE={raw}`", "",
           "取り込んだページの確認項目です。確認したら [x] にしてください。"
           " / What the importer guessed: check each item, then tick it.", ""]
    for o in outcomes:
        shown = f"`{o.target}`"
        if o.action in ("unchanged",):
            continue
        if o.action == "conflict":
            lines = ", ".join(f"`{o.target}:{n}`" for n in o.conflicts)
            out.append(f"- [ ] {shown}: 競合 / conflict at {lines}: the same lines were changed on the site and in "
                       "the export; the page was left as it was: make the export's change by hand "
                       "/ サイトとエクスポートで同じ行が変更されたため、ページはそのままです。手で反映してください")
            continue
        if o.action == "kept":
            out.append(f"- [ ] {shown}: そのまま / kept ({o.why or 'exists'})")
            continue
        kept = f"; kept as edited on the site: {', '.join(o.kept)}" if o.kept else ""
        out.append(f"- [ ] {shown}: {ACTIONS.get(o.action, o.action)} / {o.action} ({o.page.label}{kept})")
        for en, ja in checks(o):
            out.append(f"  - [ ] {ja} / {en}")
    for note in notes:
        out.append(f"- [ ] {note}")
    out += ["", "最後に `make lint` と `make test`。 / Then `make lint` and `make test`.", ""]
    return "\n".join(out)
