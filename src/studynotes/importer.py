"""Turn a raw note file (questions or glossary) into site pages with front matter.

Two formats exist (``notes/raw/README.md``): a question file has ``## 61.`` sections, a glossary
file has ``## Term`` sections. The importer applies the export repairs of :mod:`.repair`, fills
the front matter as far as the text allows (number, a draft title, proposed tags; a term's title,
aliases from its parenthesis, reading, summary from its first sentence) and never overwrites a page
unless forced. Every line of the source's text ends up in exactly one generated page.

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
from dataclasses import dataclass
from pathlib import Path

import yaml

from collections.abc import Callable, Mapping

from . import catalog, frontmatter, guard, mdscan, sources
from .errors import ERROR, NotesError, Problem
from .matching import same_name_key
from .repair import repair, shift_headings
from .terms import MIN_NAME_LENGTH, collect_term_index

RE_QUESTION_HEADING = re.compile(r"\A(?:問題|Q)?[ \t]*(?P<number>\d+)[.．]?\Z")
RE_TERM_HEADING = re.compile(r"\A(?P<title>.+?)[ \t]*[（(](?P<alias>[^（）()]+)[）)]\Z")
RE_MARKUP = re.compile(r"\*\*|__|`|\\\(|\\\)|^[ \t]*(?:[-*+]|\d+\.)[ \t]+|^#+[ \t]+", re.M)
RE_LATIN_ONLY = re.compile(r"\A[\x20-\x7e]+\Z")
LETTER_READINGS = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "えー びー しー でぃー いー えふ じー えいち あい じぇー けー える えむ えぬ おー ぴー きゅー あーる "
    "えす てぃー ゆー ぶい だぶりゅー えっくす わい ぜっと".split()))
TITLE_LENGTH = 40
TAGS_FILE = Path(__file__).with_name("data") / "tags.yml"
TODO = "TODO"  # the placeholder of the page templates (studynotes.scaffold)
TODO_TITLE = "TODO: 問題の要点を表す短い日本語タイトル"
TODO_SUMMARY = "TODO: 用語を一文で説明する。"


@dataclass(frozen=True)
class ProposedPage:
    """A page the importer proposes: where it goes (docs-relative), its text, and what it is."""

    path: str
    text: str
    label: str


def read_note(path: str, data: bytes) -> list[ProposedPage]:
    """The pages of a raw note file's bytes: :class:`NotesError` if it is not UTF-8 text."""
    text, problems = sources.decode(path, data)
    if text is None:
        raise NotesError(problems)
    return parse_note(path, text)


def parse_note(path: str, text: str) -> list[ProposedPage]:
    """Split one raw note file into pages; :class:`NotesError` (file, line, why) if it can't."""
    text = text.replace("\r\n", "\n")
    headings = mdscan.headings(text)
    title = headings[0] if headings else None
    if title is None or title.level != 1 or not title.text or text[:title.start].strip():
        raise NotesError(Problem(path, 1, "a note file must start with a '# Title' line",
                                 "ノートファイルは '# タイトル' の行で始めてください"))
    source_title = title.text
    sections = [h for h in headings if h.level == 2 and h.text]
    if not sections:
        raise NotesError(Problem(path, 2, "no '## ' sections found: expected '## 61.' (questions) or '## Term' (glossary)",
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
                                 f"section '{bad.text}' mixes formats: a file holds either '## 61.' questions or '## Term' terms",
                                 f"節 '{bad.text}' の形式が混在しています: 問題（'## 61.'）か用語（'## 用語'）のどちらかにしてください"))
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
                                     f"節 '{s.text}': 問題番号は 1 から始まります。問題の番号を書いてください（## 61.）"))
        page = (_question_page(s.text, body, source_title) if is_question[0]
                else _term_page(s.text, body, source_title))
        if page.path in seen:
            raise NotesError(Problem(path, line, f"'{s.text}' gives {page.path} again (first at line {seen[page.path]})",
                                     f"'{s.text}' は {page.path} と重複します（{seen[page.path]} 行目）"))
        seen[page.path] = line
        pages.append(page)
    return pages


def _question_page(heading: str, body: str, source_title: str) -> ProposedPage:
    number = int(RE_QUESTION_HEADING.match(heading).group("number"))
    body = shift_headings(repair(body), -1)
    meta = {"number": number, "title": draft_title(body) or TODO_TITLE, "tags": propose_tags(body) or [TODO],
            "source": source_title}
    return ProposedPage(f"questions/{number:03d}.md", _render(meta, body), f"question {number}")


def _term_page(heading: str, body: str, source_title: str) -> ProposedPage:
    m = RE_TERM_HEADING.match(heading)
    title, aliases = (m.group("title"), [m.group("alias").strip()]) if m else (heading, [])
    meta = {"title": title, "aliases": aliases}
    reading = reading_of(title)
    if reading:
        meta["reading"] = reading
    elif frontmatter.needs_reading(title):
        meta["reading"] = TODO
    meta["summary"] = first_sentence(body) or TODO_SUMMARY
    meta["source"] = source_title
    latin = next((n for n in [*aliases, title] if RE_LATIN_ONLY.match(n)), None)
    slug = slugify_ascii(latin) if latin else slugify_ascii(_romaji(title))
    body = f"# {heading}\n\n" + shift_headings(repair(body), -1)
    return ProposedPage(f"glossary/{slug}.md", _render(meta, body), f"term {title}")


def _render(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{body.rstrip()}\n"


def plain_text(markdown: str) -> str:
    """The text of Markdown without its markup (for titles and summaries)."""
    return re.sub(r"[ \t]+", " ", RE_MARKUP.sub("", markdown)).strip()


def first_sentence(body: str) -> str:
    """The first sentence of the first paragraph of text."""
    for block in re.split(r"\n\s*\n", body):
        text = plain_text(block)
        if text and not block.lstrip().startswith(("#", "|", "---")):
            text = " ".join(text.split())
            return _until_full_stop(text)
    return ""


def _until_full_stop(text: str) -> str:
    """Text up to the first 。 that is not inside 「…」 or （…）."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "「『（("
        depth -= ch in "」』）)" and depth > 0
        if ch in "。．" and depth == 0:
            return text[:i + 1]
    return text + "。"


def draft_title(body: str) -> str:
    """A draft title from the first sentence (the author is expected to shorten it)."""
    sentence = first_sentence(body).rstrip("。．")
    return sentence if len(sentence) <= TITLE_LENGTH else sentence[:TITLE_LENGTH - 1] + "…"


def propose_tags(body: str) -> list[str]:
    """Tags whose patterns (``data/tags.yml``) occur in the text: services first, then topics."""
    vocabulary = yaml.safe_load(TAGS_FILE.read_text(encoding="utf-8"))
    tags = []
    for group in ("services", "topics"):
        for tag, patterns in vocabulary[group].items():
            if any(re.search(p, body) for p in patterns):
                tags.append(tag)
    return tags


def reading_of(title: str) -> str:
    """A hiragana reading for kana/kanji titles ('' when the title needs none or can't be read)."""
    if not frontmatter.needs_reading(title):
        return ""
    parts = []
    for token in _kakasi().convert(title):
        orig = token["orig"]
        if re.fullmatch(r"[A-Z]+", orig.strip()):
            parts.append("".join(LETTER_READINGS[c] for c in orig.strip()))
        elif orig.strip():
            parts.append(token["hira"].strip())
    reading = "".join(parts)
    return reading if frontmatter.RE_HIRAGANA_READING.match(reading) else ""


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
            page = ProposedPage(existing.get(catalog.same_title_key(fm.data["title"]), page.path), page.text, page.label)
        out.append(page)
    return out


def write_pages(pages: list[ProposedPage], docs_dir: Path, force: bool = False) -> list[str]:
    """Write ``pages`` under ``docs_dir``; report one line per page (created / overwritten / kept)."""
    existing = existing_term_paths(docs_dir)
    report = []
    for page in pages:
        path = page.path
        if path.startswith("glossary/"):
            fm, _ = frontmatter.split(path, page.text)
            path = existing.get(catalog.same_title_key(fm.data["title"]), path)
        target = docs_dir / path
        if target.exists() and not force:
            report.append(f"kept     {target} ({page.label} exists; --force overwrites it)")
            continue
        verb = "overwrote" if target.exists() else "created  "
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
        report.append(f"{verb} {target} ({page.label})")
    return report


def check_pages(pages: list[ProposedPage], raw_path: str, raw_text: str, existing: Mapping[str, str],
                render: Callable[[str], str] | None = None) -> tuple[list[ProposedPage], list[str], list[Problem]]:
    """The pages the build accepts (aliases it cannot use taken out), notes on what was changed,
    and the problems of the pages that cannot be written (in the raw file, with its lines).

    ``existing``: docs-relative path → text of the pages already there (their terms own their
    names). ``render``: the site's Markdown, for the guard's check of each page's text.
    """
    notes, problems, accepted = [], [], []
    pages = [_usable_aliases(p, existing, notes) for p in pages]
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


def _usable_aliases(page: ProposedPage, existing: Mapping[str, str], notes: list[str]) -> ProposedPage:
    """A term page without the aliases the site would refuse: one character, or another term's name."""
    if not page.path.startswith("glossary/"):
        return page
    fm, _ = frontmatter.split(page.path, page.text)
    taken = {}
    for path, text in existing.items():
        other = frontmatter.split(path, text)[0] if catalog.is_note_page(path) and path != page.path else None
        if other is None:
            continue
        names = [other.data.get("title"), *(other.data.get("aliases") or [])] if path.startswith("glossary/") else []
        for term in other.data.get("terms") or [] if path.startswith("questions/") else []:
            if isinstance(term, dict):
                names += [term.get("term"), *(term.get("aliases") or [])]
        for name in names:
            if isinstance(name, str):
                taken[same_name_key(name)] = path
    keep = []
    for alias in fm.data.get("aliases") or []:
        norm = same_name_key(alias)
        if len(norm) < MIN_NAME_LENGTH:
            notes.append(f"{page.path}: alias '{alias}' left out: one character would be linked inside other words "
                         f"/ 別名 '{alias}' は一文字のため入れませんでした")
        elif norm in taken:
            notes.append(f"{page.path}: alias '{alias}' left out: it is a name of {taken[norm]} "
                         f"/ 別名 '{alias}' は {taken[norm]} の名前のため入れませんでした")
        else:
            keep.append(alias)
    if keep == list(fm.data.get("aliases") or []):
        return page
    meta = dict(fm.data)
    meta["aliases"] = keep
    return ProposedPage(page.path, _render(meta, fm.body.lstrip("\n")), page.label)


def _in_raw(problem: Problem, page: ProposedPage, raw_path: str, raw_text: str) -> Problem:
    """A problem of a generated page, as a problem of the raw file (its line found by the text)."""
    line = None
    if problem.line:
        text = page.text.split("\n")[problem.line - 1].strip()
        at = raw_text.find(text) if text else -1
        line = raw_text.count("\n", 0, at) + 1 if at >= 0 else None
    return Problem(raw_path, line, f"{problem.en} (in {page.path})", f"{problem.ja}（{page.path}）", problem.severity)
