"""Markdown structure: a page's front matter, fenced code, ATX headings and where its tables start.

The one reading of a page's structure for every module that needs it (:mod:`.frontmatter`,
:mod:`.translations`, :mod:`.slugs`, :mod:`.repair`, :mod:`.importer`), by the rules of what renders
the site (MkDocs, Python-Markdown, ``pymdownx.superfences``), so that what is code, a heading or a
table to them is what it is to a reader:

- **Front matter**: a first line ``---``, the YAML, then a line ``---`` or ``...``.
- **Fenced code**, as ``pymdownx.superfences`` finds it: a line of three or more backticks or tildes
  (after any indentation), followed by nothing but a language, ``{attributes}`` or the options that
  ``pymdownx.highlight`` takes (``title="…"``, ``hl_lines="2 3"``, ``linenums="1"``); closed by a
  line of the very same fence (same character, same length) at the same indentation. A line inside
  it indented less than the opening fence, or no closing fence at all, means there was no fence:
  those lines are ordinary Markdown. Inside a block quote (``> ```…``) the quote's own rules apply.
- **ATX headings**, as Python-Markdown reads them: a line that starts with one to six ``#`` (no space
  needed: ``#Title`` is a heading); the text is the rest without its closing ``#`` and surrounding
  white space. Only headings at the start of a line are seen (not those nested in lists).
- **Tables**, as Python-Markdown's ``tables`` extension tests a block (its own test is used): a header
  row of two or more cells (or one, between pipes), then a delimiter row of as many cells, made of
  ``-``, ``:`` and spaces only (``|--|:-:|`` is one; so is ``| - |``); the block processors that split
  a block around a table (admonitions, headings, rules, block quotes) split it here too. Python-Markdown
  looks for tables at the start of a block, so a table needs a blank line before it (:mod:`.repair`
  adds it).

Tabs count to the next multiple of four columns, as Python-Markdown expands them before anything
else. Line numbers are 1-based (or start at ``first_line``, for a body after its front matter).
Pure functions of the text; fences and headings are found in one scan (in C) of the lines that may
be either.

Not followed, as it would take Python-Markdown's whole block parser: the nesting of lists (a heading
or table indented into a list item is not seen; a fence indented into an indented code block is
still taken for a fence), raw HTML blocks (a ``#`` line inside ``<div>…</div>`` is still a heading)
and a ``#`` line inside a table's block (a row of the table there, a heading here).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown import Markdown
from markdown.blockprocessors import BlockQuoteProcessor, HashHeaderProcessor, HRProcessor, ReferenceProcessor
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.tables import TableProcessor
from pymdownx.details import DetailsProcessor
from pymdownx.superfences import RE_HL_LINES, RE_LINENUMS, RE_NESTED_FENCE_START, RE_OPTIONS

from .mdext import MathPipePreprocessor

TAB_LENGTH = 4  # Python-Markdown's default, which mkdocs.yml keeps
RE_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)
# After a newline, a line that may open a fence (its prefix: indentation, block quote marks; then the
# fence) or a heading. Searched in "\n" + text: a pattern that starts with a newline is found by a
# fast search, where "^" would be tried at every character.
RE_BLOCK_LINE = re.compile(r"\n(?P<line>(?P<prefix>[ \t>]*)(?:`{3,}|~{3,})[^\n]*|(?P<hashes>#{1,6})(?P<rest>[^\n]*))")
# Python-Markdown's hash header: the text, then any closing #s (an escaped one is text).
RE_HEADING_TEXT = re.compile(r"(?P<text>(?:\\.|[^\\])*?)#*\Z")
# A line that looks like a row of a table: it starts and ends with a pipe.
RE_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
DELIMITER_CHARS = frozenset("|:- ")
# The block processors that split a block around a table: those that run before the table's test,
# and those that run when it fails (in their order), as mkdocs.yml's extensions register them.
BLOCKS_BEFORE_TABLES = (AdmonitionProcessor.RE, DetailsProcessor.START)
BLOCKS_AFTER_TABLES = (HashHeaderProcessor.RE, HRProcessor.SEARCH_RE, BlockQuoteProcessor.RE, ReferenceProcessor.RE)
CODE_PLACEHOLDER = "\x02code\x03"  # what a fenced code block is to the table test: a line without a pipe
# The options pymdownx.highlight takes on a fence (any other option refuses the fence).
FENCE_OPTIONS = {"hl_lines": RE_HL_LINES, "linenums": RE_LINENUMS, "title": None, "title_mode": None}
CLOSED, ABANDONED, UNCLOSED = "closed", "abandoned", "unclosed"


@dataclass(frozen=True)
class FrontMatterBlock:
    """The front matter block of a page: its YAML text and where the body starts."""

    yaml: str
    yaml_start: int  # offset of the YAML text
    body_start: int  # offset of the body (after the closing line)
    body_line: int   # the line number of the body's first line

    @property
    def yaml_end(self) -> int:
        return self.yaml_start + len(self.yaml)


@dataclass(frozen=True)
class Fence:
    """A fenced code block: the lines of its opening and closing fences."""

    first: int
    last: int
    marker: str  # the fence: ``` or ~~~~ …


@dataclass(frozen=True)
class Heading:
    """An ATX heading outside fenced code."""

    line: int
    level: int
    text: str
    start: int  # offset of the line
    end: int    # offset of the line's end (before its newline)


@dataclass(frozen=True)
class Line:
    """One line of a text, with its number and whether it is part of a fenced code block."""

    number: int
    text: str
    in_fence: bool


@dataclass(frozen=True)
class _Open:
    """A fence being read: its marker, the columns of its prefix and its block quote level."""

    marker: str
    width: int
    quotes: int


def front_matter(text: str) -> FrontMatterBlock | None:
    """The front matter block at the start of ``text``, or None."""
    m = RE_FRONT_MATTER.match(text)
    if m is None:
        return None
    return FrontMatterBlock(m.group("yaml"), m.start("yaml"), m.end(), text.count("\n", 0, m.end()) + 1)


def same_front_matter(old: str, new: str) -> bool:
    """Whether two texts of a page start with the same front matter block, to the byte (or both
    have none): an edit of the body alone."""
    a, b = front_matter(old), front_matter(new)
    return old[:a.body_start if a else 0] == new[:b.body_start if b else 0]


def fences(markdown: str, first_line: int = 1) -> tuple[Fence, ...]:
    """The fenced code blocks of ``markdown``, in order."""
    return tuple(Fence(*span) for span in _structure(markdown, first_line)[0])


def headings(markdown: str, first_line: int = 1) -> tuple[Heading, ...]:
    """The ATX headings of ``markdown`` outside fenced code, in order."""
    return _structure(markdown, first_line)[1]


def lines(markdown: str, first_line: int = 1) -> list[Line]:
    """Every line of ``markdown`` (split at ``\\n``), numbered, with whether it is fenced code."""
    inside = fenced_lines(markdown, first_line)
    return [Line(n, text, n in inside) for n, text in enumerate(markdown.split("\n"), first_line)]


def fenced_lines(markdown: str, first_line: int = 1) -> set[int]:
    """The numbers of the lines that belong to fenced code (their fences included)."""
    return {n for first, last, _ in _structure(markdown, first_line)[0] for n in range(first, last + 1)}


def table_starts(markdown: str, first_line: int = 1) -> tuple[int, ...]:
    """The lines where a table starts: a header row and its delimiter row, outside fenced code and
    not inside a table above them. Python-Markdown renders it only if a blank line (or the start of
    the text) comes before it."""
    rows = markdown.split("\n")
    code = fenced_lines(markdown, 0)
    opens = _table_test()
    starts, until = [], 0
    for i, row in enumerate(rows):
        if i < until or i in code or "|" not in row or i + 1 >= len(rows) or i + 1 in code:
            continue
        if _may_delimit(rows[i + 1]) and (end := _table_end(rows, i, code, opens)):
            starts.append(first_line + i)
            until = end
    return tuple(starts)


def is_blank(line: str) -> bool:
    """A line Python-Markdown takes for blank: nothing but spaces and tabs."""
    return not line.strip(" \t")


def _structure(markdown: str, first_line: int) -> tuple[list[tuple[int, int, str]], tuple[Heading, ...]]:
    """Fences and headings, in one scan (in C) of the lines that may be either. A fence opened at
    the start of a line is closed by the next such line of its own fence: the headings read until
    then are code, unless it never closes. Only an indented or quoted fence has its lines read.
    The fences come as (first line, last line, marker)."""
    text = "\n" + markdown  # offsets in it are one more than in markdown
    found_fences, found_headings, held = [], [], []
    code_until = openers_from = 0  # the end of the last fence read; where fences may open again
    number, counted, opened, opened_at = first_line - 1, 0, None, 0
    for m in RE_BLOCK_LINE.finditer(text):
        at = m.start()  # of the newline before the line: its offset in markdown
        if at < code_until:
            continue
        number += text.count("\n", counted, at + 1)  # the line's number
        counted = at + 1
        line, prefix, hashes, rest = m.group("line", "prefix", "hashes", "rest")
        if hashes is not None:  # a heading line
            if opened is None:
                _add_heading(found_headings, number, line, hashes, rest, at)
            else:
                held.append((number, line, hashes, rest, at))
        elif opened is not None:
            if line.rstrip(" \t") == opened.marker:
                found_fences.append((opened_at, number, opened.marker))
                opened, held = None, []
        elif at >= openers_from and (new := _opening(line, len(prefix))) is not None:
            if new.width == 0:
                opened, opened_at = new, number
                continue
            end, outcome = _read_fence(text, m.end(), new)
            if outcome == CLOSED:
                found_fences.append((number, number + text.count("\n", at + 1, end), new.marker))
                code_until = end
            openers_from = len(text) + 1 if outcome == UNCLOSED else end
    for heading in held:  # a fence never closed is no fence
        _add_heading(found_headings, *heading)
    return found_fences, tuple(found_headings)


def _add_heading(found: list[Heading], number: int, line: str, hashes: str, rest: str, at: int) -> None:
    if (text := _text_of(rest, line)) is not None:
        found.append(Heading(number, len(hashes), text, at, at + len(line)))


def _text_of(rest: str, line: str) -> str | None:
    """A heading's text from what follows its hashes (``rest``) on its ``line``: Python-Markdown's,
    or None where it sees no heading (a line that ends in a lone backslash)."""
    if "\t" in line:
        rest = line.expandtabs(TAB_LENGTH)[min(6, len(line) - len(line.lstrip("#"))):]
    if "\\" not in rest:
        return rest.rstrip("#").strip()  # what the expression below finds, at no cost
    text = RE_HEADING_TEXT.match(rest)
    return None if text is None else text.group("text").strip()


@functools.lru_cache(maxsize=256)
def _opening(line: str, prefix_length: int) -> _Open | None:
    """The fence a line opens, or None when superfences would not take its header."""
    if "\t" in line:
        prefix_length = len(line[:prefix_length].expandtabs(TAB_LENGTH))
        line = line.expandtabs(TAB_LENGTH)
    m = RE_NESTED_FENCE_START.match(line, prefix_length)
    if m is None or m.group("unrecognized"):
        return None
    if m.group("options") and not m.group("attrs") and not _options_taken(m.group("options")):
        return None
    prefix = line[:prefix_length]
    return _Open(m.group("fence"), prefix_length, prefix.count(">"))


def _options_taken(options: str) -> bool:
    """True when pymdownx.highlight takes every option of a fence's header."""
    values = {o.group("key"): o.group("value") for o in RE_OPTIONS.finditer(options)}
    for key, value in values.items():
        value = key if value is None else value
        if key not in FENCE_OPTIONS or (FENCE_OPTIONS[key] is not None and not FENCE_OPTIONS[key].match(value)):
            return False
    return True


def _read_fence(markdown: str, start: int, opened: _Open) -> tuple[int, str]:
    """Where the fence opened by the line ending at ``start`` ends (the offset of the end of its
    closing line, or of the line that gives it up) and how: CLOSED, ABANDONED or UNCLOSED."""
    blanks, pos = 0, start
    while pos < len(markdown):
        end = markdown.find("\n", pos + 1)
        end = len(markdown) if end < 0 else end
        outcome, blanks = _fence_line(markdown[pos + 1:end], opened, blanks)
        if outcome is not None:
            return end, outcome
        pos = end
    return len(markdown), UNCLOSED


def _fence_line(line: str, opened: _Open, blanks: int) -> tuple[str | None, int]:
    """What one line does to an open fence (superfences' ``eval_fence`` and ``eval_quoted``): close
    it, give it up, or belong to it (None); and the count of blank lines just read."""
    line = line.expandtabs(TAB_LENGTH) if "\t" in line else line
    line = "" if not line.strip(" ") else line  # Python-Markdown empties lines of spaces first
    n = 0
    while n < len(line) and n < opened.width and line[n] in " >":
        n += 1
    prefix, content = line[:n], line[n:]
    quotes = prefix.count(">")
    closes = _closing(opened.marker).match(content) is not None
    if opened.quotes:
        if quotes > opened.quotes or (content and (n < opened.width or (blanks and quotes < opened.quotes))):
            return ABANDONED, blanks
        if not content:
            return None, blanks + 1
        return (CLOSED if closes else None), 0
    if quotes:
        return ABANDONED, blanks
    if not content.strip():
        return None, blanks + 1
    if n != opened.width:
        return ABANDONED, blanks
    return (CLOSED if closes and not content.startswith((" ", "\t")) else None), 0


@functools.cache
def _closing(marker: str) -> re.Pattern:
    """The closing line of a fence (after the fence's indentation)."""
    return re.compile(rf"{re.escape(marker)}[ \t]*\Z")


def _may_delimit(row: str) -> bool:
    """A quick look: could this line be a delimiter row (before Python-Markdown's test)?"""
    row = row.expandtabs(TAB_LENGTH).strip(" ")
    return "|" in row and set(row) <= DELIMITER_CHARS


def _table_end(rows: list[str], start: int, code: set[int], opens) -> int:
    """Where the table whose header row is ``rows[start]`` ends (0: there is none), as Python-Markdown
    reads the block that would start there (up to a blank line; a fenced code block is one line of
    it, superfences' placeholder): see :func:`_table_rows`."""
    block, at, end = [], [], start
    while end < len(rows) and not is_blank(rows[end]):
        if end not in code or end - 1 not in code:
            block.append(CODE_PLACEHOLDER if end in code else rows[end])
            at.append(end)
        end += 1
    taken = _table_rows(block, opens)
    return 0 if not taken else at[taken] if taken < len(at) else end


def _table_rows(block: list[str], opens) -> int:
    """How many lines of a block a table takes (0: it is no table). An admonition or a details
    block ends the block first (their processors come before the table's); if the test then fails,
    the first heading, rule, block quote or link reference splits the block, and the lines before
    it are tested on their own."""
    text = "\n".join(block)
    for pattern in BLOCKS_BEFORE_TABLES:
        if (m := pattern.search(text)) is not None:
            text = text[:m.start()]
    while "\n" in text:
        if opens(text):
            return text.count("\n") + 1
        m = next((m for pattern in BLOCKS_AFTER_TABLES if (m := pattern.search(text)) is not None), None)
        if m is None:
            return 0
        text = text[:m.start()].rstrip("\n")
    return 0


@functools.lru_cache(maxsize=1)
def _parser():
    """A block parser of Python-Markdown's own (the table test reads its tab length)."""
    return Markdown(extensions=["tables"]).parser


def _table_test():
    """Python-Markdown's test of a table (``tables`` extension), on a block of lines, with the
    ``|`` of inline formulas hidden as :mod:`.mdext` hides them. A new processor for each use: the
    test keeps what it found on the processor."""
    processor = TableProcessor(_parser(), {"use_align_attribute": False})
    hide = MathPipePreprocessor().run

    def opens(block: str) -> bool:
        return processor.test(None, "\n".join(hide(block.expandtabs(TAB_LENGTH).split("\n"))))
    return opens
