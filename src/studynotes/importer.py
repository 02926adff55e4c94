"""Turn a raw note file (questions or glossary) into site pages with front matter.

Two formats exist (``notes/raw/README.md``): a question file has ``## 61.`` sections, a glossary
file has ``## Term`` sections. The importer applies the export repairs of :mod:`.repair` and
finishes each page as the seed pages were finished by hand (:mod:`.finishing`: the terms a
question explains, a draft title, tags; a term's aliases, reading, summary, file name). A page that
exists is never overwritten unless forced: a re-export is merged into it three ways
(:func:`plan_writes`, :mod:`.merging`), and the report (:mod:`.importreport`) lists what was
guessed. Every line of the source's text ends up in exactly one generated page.

The importer never writes a page the build would refuse (:func:`check_pages`): a field it cannot
fill gets the ``TODO`` placeholder of the page templates (which ``make lint`` reports as "fill in");
an alias the site cannot use (one character, or another term's) is left out of the front matter (it
stays in the heading, so nothing is lost) with a note; a page whose text the build's guard refuses
(a ``<script>`` in the note, say) is not written, and the problem is reported with its line in the
raw file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import catalog, finishing, frontmatter, guard, mdscan, merging, sources, translations
from .errors import ERROR, NotesError, Problem
from .finishing import Guess
from .matching import same_name_key
from .repair import repair, shift_headings
from .terms import MIN_NAME_LENGTH, collect_term_index

RE_QUESTION_HEADING = re.compile(r"\A(?:問題|Q)?[ \t]*(?P<number>\d+)[.．]?\Z")
LETTER_READINGS = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "えー びー しー でぃー いー えふ じー えいち あい じぇー けー える えむ えぬ おー ぴー きゅー あーる "
    "えす てぃー ゆー ぶい だぶりゅー えっくす わい ぜっと".split(), strict=True))
DIGIT_READINGS = dict(zip("0123456789", "ぜろ いち に さん よん ご ろく なな はち きゅう".split(), strict=True))
# Kanji a reading dictionary reads as a word of its own when it stands before a compound
# (未 of 未活用 as ひつじ): their reading as a prefix.
PREFIX_READINGS = {"未": "み", "非": "ひ", "不": "ふ", "再": "さい", "超": "ちょう", "無": "む", "総": "そう",
                   "各": "かく", "全": "ぜん", "準": "じゅん", "半": "はん", "副": "ふく", "逆": "ぎゃく", "誤": "ご"}
TAGS_FILE = Path(__file__).with_name("data") / "tags.yml"
TODO = "TODO"  # the placeholder of the page templates (studynotes.scaffold)
TODO_SUMMARY = "TODO: 用語を一文で説明する。"


@dataclass(frozen=True)
class ProposedPage:
    """A page the importer proposes: where it goes (docs-relative), its text, what it is, and what
    was guessed for it (for the import report)."""

    path: str
    text: str
    label: str
    guess: Guess = field(default_factory=Guess, compare=False)


def read_note(path: str, data: bytes, known: Mapping[str, str] | None = None) -> list[ProposedPage]:
    """The pages of a raw note file's bytes: :class:`NotesError` if it is not UTF-8 text."""
    text, problems = sources.decode(path, data)
    if text is None:
        raise NotesError(problems)
    return parse_note(path, text, known)


def parse_note(path: str, text: str, known: Mapping[str, str] | None = None) -> list[ProposedPage]:
    """Split one raw note file into pages; :class:`NotesError` (file, line, why) if it can't.

    ``known``: :func:`.matching.same_name_key` of each name the site already has → its term's name
    (:func:`known_names`), so that a question explaining a known term declares it by that name.
    """
    text = text.replace("\r\n", "\n")
    known = dict(known or {})
    headings = mdscan.headings(text)
    title = headings[0] if headings else None
    if title is None or title.level != 1 or not title.text or text[:title.start].strip():
        raise NotesError(Problem(path, 1, "a note file must start with a '# Title' line",
                                 "ノートファイルは '# タイトル' の行で始めてください"))
    source_title = title.text
    sections = [h for h in headings if h.level == 2 and h.text]
    if not sections:
        raise NotesError(Problem(path, 2,
                                 "no '## ' sections found: expected '## 61.' (questions) or '## Term' (glossary)",
                                 "'## ' の節がありません: '## 61.'（問題）か '## 用語'（用語集）が必要です"))
    stray = text[title.end:sections[0].start].strip()
    if stray:
        line = text.count("\n", 0, text.index(stray)) + 1
        raise NotesError(Problem(path, line, "text before the first '## ' section would belong to no page",
                                 "最初の '## ' の前の文章はどのページにも属しません"))
    is_question = [bool(RE_QUESTION_HEADING.match(s.text)) for s in sections]
    if any(is_question) and not all(is_question):
        bad = sections[is_question.index(False) if is_question[0] else is_question.index(True)]
        raise NotesError(Problem(path, bad.line,
                                 f"section '{bad.text}' mixes formats: a file holds either '## 61.' questions "
                                 "or '## Term' terms",
                                 f"節 '{bad.text}' の形式が混在しています: "
                                 "問題（'## 61.'）か用語（'## 用語'）のどちらかにしてください"))
    if not is_question[0]:  # a glossary file's own titles are known before its questions' terms
        for s in sections:
            m = finishing.RE_NAME_AND_OTHER.match(s.text)
            name = m.group("name") if m else s.text
            known.setdefault(same_name_key(name), name)
    pages, seen = [], {}
    for i, s in enumerate(sections):
        end = sections[i + 1].start if i + 1 < len(sections) else len(text)
        body = text[s.end:end].strip("\n")
        line = s.line
        if not body.strip():
            raise NotesError(Problem(path, line, f"section '{s.text}' is empty",
                                     f"節 '{s.text}' が空です"))
        if is_question[0] and int(RE_QUESTION_HEADING.match(s.text).group("number")) < 1:
            raise NotesError(Problem(path, line, f"section '{s.text}': question numbers start at 1; "
                                                 "write the question's number (## 61.)",
                                     f"節 '{s.text}': 問題番号は 1 から始まります。"
                                     "問題の番号を書いてください（## 61.）"))
        page = (_question_page(s.text, body, source_title, known, text) if is_question[0]
                else _term_page(s.text, body, source_title, text))
        if page.path in seen:
            raise NotesError(Problem(path, line,
                                     f"'{s.text}' gives {page.path} again (first at line {seen[page.path]})",
                                     f"'{s.text}' は {page.path} と重複します（{seen[page.path]} 行目）"))
        seen[page.path] = line
        for term in page.guess.terms:  # a later question explaining the same term adds an explanation of it
            known.setdefault(same_name_key(term.term), term.term)
        pages.append(page)
    return pages


def _question_page(heading: str, body: str, source_title: str, known: Mapping[str, str], raw_text: str) -> ProposedPage:
    number = int(RE_QUESTION_HEADING.match(heading).group("number"))
    body = shift_headings(repair(body), -1)
    terms = finishing.explained_terms(body, known, reading_of, raw_text)
    title, title_from = finishing.draft_title(body, [t.term for t in terms])
    tags = propose_tags(body)
    guess = Guess(title=title or f"問題 {number}", title_from=title_from, tags=tags or [finishing.FALLBACK_TAG],
                  tags_fallback=not tags, terms=terms)
    meta = {"number": number, "title": guess.title, "tags": guess.tags, "source": source_title}
    if terms:
        meta["terms"] = [t.as_front_matter() for t in terms]
    return ProposedPage(f"questions/{number:03d}.md", _render(meta, body), f"question {number}", guess)


def _term_page(heading: str, body: str, source_title: str, raw_text: str = "") -> ProposedPage:
    m = finishing.RE_NAME_AND_OTHER.match(heading)
    title, aliases = (m.group("name").strip(), [m.group("other").strip()]) if m else (heading.strip(), [])
    names = [*aliases, *finishing.names_given(title, body)]
    english = [n for n in names if finishing.RE_LATIN_ONLY.match(n)]  # the page's file name, before the short forms
    for name in [title, *names]:
        names += finishing.aws_short_forms(name, raw_text or body)
    aliases = [n for n in finishing.distinct(names) if same_name_key(n) != same_name_key(title)]
    meta = {"title": title, "aliases": aliases}
    reading = reading_of(title)
    if reading:
        meta["reading"] = reading
    elif frontmatter.needs_reading(title):
        meta["reading"] = TODO
    meta["summary"] = finishing.first_sentence(body) or TODO_SUMMARY
    meta["source"] = source_title
    latin = title if finishing.RE_LATIN_ONLY.match(title) else next(iter(english), None)
    slug = slugify_ascii(latin) if latin else slugify_ascii(_romaji(title))
    body = f"# {heading}\n\n" + shift_headings(repair(body), -1)
    guess = Guess(reading=meta.get("reading", ""), aliases=aliases)
    return ProposedPage(f"glossary/{slug}.md", _render(meta, body), f"term {title}", guess)


def known_names(pages: Mapping[str, str]) -> dict[str, str]:
    """:func:`.matching.same_name_key` of every name of the glossary pages and question terms of
    ``pages`` (docs-relative path → text) → the name of its term (a glossary page's title)."""
    return {key: entry.title for key, entry in _names_of(pages).items()}


_render = merging.render


def propose_tags(body: str) -> list[str]:
    """Tags of ``data/tags.yml`` whose patterns or names occur in the text (:func:`.finishing.propose_tags`)."""
    return finishing.propose_tags(body, _vocabulary())


@functools.lru_cache(maxsize=1)
def _vocabulary() -> dict:
    return yaml.safe_load(TAGS_FILE.read_text(encoding="utf-8"))


def reading_of(title: str) -> str:
    """A hiragana reading for kana/kanji titles ('' when the title needs none or can't be read):
    Latin letters and digits are spelled out (``L2 正則化`` → えるにせいそくか), other signs left out."""
    if not frontmatter.needs_reading(title):
        return ""
    parts = []
    tokens = _kakasi().convert(title)
    for i, token in enumerate(tokens):
        orig = token["orig"].strip()
        following = tokens[i + 1]["orig"] if i + 1 < len(tokens) else ""
        if orig in PREFIX_READINGS and re.match(r"[\u3400-\u9fff]", following):
            parts.append(PREFIX_READINGS[orig])
        elif re.fullmatch(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ.\-/+ ]+", orig):  # GPU → じーぴーゆー: spelled out
            parts.append(finishing.romanized_letters(orig, {**LETTER_READINGS, **DIGIT_READINGS}))
        elif orig:
            parts.append(token["hira"].strip())
    reading = "".join(ch for ch in "".join(parts) if frontmatter.RE_HIRAGANA_READING.match(ch))
    return reading.strip("・ 　")


def _romaji(title: str) -> str:
    return " ".join(t["hepburn"] for t in _kakasi().convert(title))


@functools.lru_cache(maxsize=1)
def _kakasi():
    """The converter, made on first use (loading its dictionaries takes a while)."""
    import pykakasi
    return pykakasi.kakasi()


def slugify_ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


def existing_term_paths(docs_dir: Path) -> dict[str, str]:
    """The key of its title (:func:`.catalog.same_title_key`) → docs-relative path of every
    glossary page already there."""
    found = {}
    for file in sorted((docs_dir / "glossary").glob("*.md")):
        fm, _ = frontmatter.split(file.name, file.read_text(encoding="utf-8"))
        if fm and isinstance(fm.data.get("title"), str):
            found[catalog.same_title_key(fm.data["title"])] = f"glossary/{file.name}"
    return found


def placed(pages: list[ProposedPage], docs_dir: Path) -> list[ProposedPage]:
    """Term pages at the path of the existing page with the same title (a renamed page is updated)."""
    existing = existing_term_paths(docs_dir)
    out = []
    for page in pages:
        if page.path.startswith("glossary/"):
            fm, _ = frontmatter.split(page.path, page.text)
            page = replace(page, path=existing.get(catalog.same_title_key(fm.data["title"]), page.path))
        out.append(page)
    return out


@dataclass(frozen=True)
class Outcome:
    """What an import does with one page: ``action`` is created, updated (a re-export merged),
    overwrote (forced), unchanged (the export did not change it), kept (it exists and cannot be
    merged) or conflict (the same lines changed on the site and in the export: left as it was)."""

    page: ProposedPage
    target: Path
    action: str
    text: str | None = None      # what is written, if anything
    conflicts: tuple[int, ...] = ()
    kept: tuple[str, ...] = ()   # front matter keys edited on the site and kept
    why: str = ""
    taken: tuple[str, ...] | None = None  # updated: the keys that take the export's value (None: all)
    body_taken: bool = False


def plan_writes(pages: list[ProposedPage], docs_dir: Path, force: bool = False,
                previous: Mapping[str, ProposedPage] | None = None) -> list[Outcome]:
    """What to write for each page (as :func:`placed` placed it). A page that exists is overwritten
    with ``force``; else, with the pages of the raw file's previous version (``previous``, by path),
    merged three ways (:func:`.merging.merge_page`); without them, kept."""
    outcomes = []
    for page in pages:
        target = docs_dir / page.path
        if not target.exists():
            outcomes.append(Outcome(page, target, "created", page.text))
            continue
        if force:
            outcomes.append(Outcome(page, target, "overwrote", page.text))
            continue
        ours = target.read_text(encoding="utf-8")
        base = (previous or {}).get(page.path)
        if ours == page.text:
            outcomes.append(Outcome(page, target, "unchanged"))
        elif base is None:
            why = ("no earlier version of the raw file in git to merge against" if previous is None
                   else "the previous export had no such section")
            outcomes.append(Outcome(page, target, "kept", why=why))
        else:
            merged = merging.merge_page(base.text, ours, page.text, page.path)
            if merged.text is None:
                outcomes.append(Outcome(page, target, "conflict", conflicts=merged.conflicts, kept=merged.kept))
            elif not merged.changed:
                outcomes.append(Outcome(page, target, "unchanged", kept=merged.kept))
            else:
                outcomes.append(Outcome(page, target, "updated", merged.text, kept=merged.kept, taken=merged.taken,
                                        body_taken=merged.body_taken))
    return outcomes


def previous_pages(raw: Path, docs_dir: Path, known: Mapping[str, str] | None = None) -> dict[str, ProposedPage] | None:
    """The pages the raw file's previous version in git makes (by docs-relative path), or None
    when it has none (or it cannot be read)."""
    old = merging.previous_version(raw)
    if old is None:
        return None
    try:
        return {p.path: p for p in placed(parse_note(str(raw), old, known), docs_dir)}
    except NotesError:
        return None


def write_outcomes(outcomes: list[Outcome]) -> None:
    """Write the pages that the outcomes say to write."""
    for outcome in outcomes:
        if outcome.text is not None:
            outcome.target.parent.mkdir(parents=True, exist_ok=True)
            outcome.target.write_text(outcome.text, encoding="utf-8")


def check_pages(pages: list[ProposedPage], raw_path: str, raw_text: str, existing: Mapping[str, str],
                render: Callable[[str], str] | None = None) -> tuple[list[ProposedPage], list[str], list[Problem]]:
    """The pages the build accepts (aliases it cannot use taken out), notes on what was changed,
    and the problems of the pages that cannot be written (in the raw file, with its lines).

    ``existing``: docs-relative path → text of the pages already there (their terms own their
    names). ``render``: the site's Markdown, for the guard's check of each page's text.
    """
    notes, problems, accepted = [], [], []
    pages = _usable_aliases(pages, existing, notes)
    others = {path: text for path, text in existing.items() if path not in {p.path for p in pages}}
    combined = {**others, **{p.path: p.text for p in pages}}
    found = catalog.collect_catalog(combined)[1]
    cat = catalog.collect_catalog(combined)[0]
    found += collect_term_index(cat)[1]
    for page in pages:
        mine = [p for p in found if p.path == page.path and p.severity == ERROR]
        if render is not None:
            fm, _ = frontmatter.split(page.path, page.text)
            html = render(fm.body if fm is not None else page.text)
            body_start = len(page.text) - len(fm.body) if fm is not None else 0
            mine += [p for p in guard.problems(page.path, page.text, guard.scan(html).findings, body_start)
                     if p.severity == ERROR]
        if mine:
            problems += [_in_raw(p, page, raw_path, raw_text) for p in mine]
        else:
            accepted.append(page)
    return accepted, notes, problems


def _usable_aliases(pages: list[ProposedPage], existing: Mapping[str, str], notes: list[str]) -> list[ProposedPage]:
    """The pages without the aliases the site would refuse: one character, or another term's name
    (a glossary page's, or a term's of a question), whether of a page already there or of an
    earlier page of this import."""
    replaced = {p.path for p in pages}
    owner = {key: (entry.path, same_name_key(entry.title))  # a name's key → (where, its term's key)
             for key, entry in _names_of({p: t for p, t in existing.items() if p not in replaced}).items()}
    out = []
    for page in pages:
        fm, _ = frontmatter.split(page.path, page.text)
        if fm is None:
            out.append(page)
            continue
        meta, changed = dict(fm.data), False
        entries = [meta] if page.path.startswith("glossary/") else \
            [t for t in meta.get("terms") or [] if isinstance(t, dict)]
        for entry in entries:
            name = entry.get("title") if entry is meta else entry.get("term")
            if not isinstance(name, str):
                continue
            term = owner.get(same_name_key(name), (page.path, same_name_key(name)))[1]
            keep = []
            for alias in entry.get("aliases") or []:
                norm = same_name_key(alias)
                taken = owner.get(norm)
                if len(norm) < MIN_NAME_LENGTH:
                    notes.append(f"{page.path}: alias '{alias}' left out: one character would be linked inside other "
                                 f"words / 別名 '{alias}' は一文字のため入れませんでした")
                elif taken is not None and taken[1] != term:
                    notes.append(f"{page.path}: alias '{alias}' left out: it is a name of {taken[0]} "
                                 f"/ 別名 '{alias}' は {taken[0]} の名前のため入れませんでした")
                else:
                    keep.append(alias)
            if keep != list(entry.get("aliases") or []):
                entry["aliases"], changed = keep, True
            for n in [name, *keep]:
                owner.setdefault(same_name_key(n), (page.path, term))
        if changed:
            page = ProposedPage(page.path, _render(meta, fm.body.lstrip("\n")), page.label, page.guess)
            if page.path.startswith("glossary/"):
                page.guess.aliases[:] = meta["aliases"]
            else:
                kept = {same_name_key(t["term"]): t.get("aliases") or []
                        for t in entries if isinstance(t.get("term"), str)}
                page.guess.terms[:] = [replace(t, aliases=tuple(kept.get(same_name_key(t.term), t.aliases)))
                                       for t in page.guess.terms]
        out.append(page)
    return out


def _names_of(pages: Mapping[str, str]):
    """Every name's key → its term's entry (:class:`.terms.TermEntry`), of the notes of ``pages``."""
    cat = catalog.collect_catalog({p: t for p, t in pages.items() if catalog.is_note_page(p)
                                   and not translations.is_translation(p)})[0]
    index = collect_term_index(cat)[0]
    return {same_name_key(name): entry for entry in index.entries.values() for name in entry.names}


def _in_raw(problem: Problem, page: ProposedPage, raw_path: str, raw_text: str) -> Problem:
    """A problem of a generated page, as a problem of the raw file (its line found by the text)."""
    line = None
    if problem.line:
        text = page.text.split("\n")[problem.line - 1].strip()
        at = raw_text.find(text) if text else -1
        line = raw_text.count("\n", 0, at) + 1 if at >= 0 else None
    return Problem(raw_path, line, f"{problem.en} (in {page.path})", f"{problem.ja}（{page.path}）", problem.severity)
