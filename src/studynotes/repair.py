"""Repairs for the defects of the author's note export, without rewording any text.

The note app that exported the raw notes (see ``notes/raw/README.md``) damages them in a few
regular ways. Each repair here only adds or moves markup: the characters of the author's text are
kept, in order, so that nothing is lost on the way into the site.

- ``X\\_{\\text{min}}`` (escaped underscore) and ``X{\\text{min}}`` (lost underscore) inside math.
- A bold heading glued to the next sentence: ``早期停止の有効化早期停止は、…``, or set before it
  with one space: ``正解の理由 SageMaker デバッガーは、…``.
- A table right after a line of text, which Markdown does not render as a table.
- Lists nested by two or three spaces (Prettier's style), which Python-Markdown flattens into one
  level (and whose ordered items it renumbers): their indentation is doubled.
"""

from __future__ import annotations

import re

from . import mdscan

RE_MATH = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<block>.+?)\\\]", re.S)
RE_ESCAPED_SUBSCRIPT = re.compile(r"\\_(?=[{\w])")
RE_LOST_SUBSCRIPT = re.compile(r"(?<![\\A-Za-z])(?P<base>[A-Za-z0-9'])(?=\{\\(?:text|mathrm|rm)\{)")
RE_GLUED_HEADING = re.compile(
    r"^(?P<marker>[ \t]*(?:[-*+]|\d+\.)[ \t]+)"
    r"(?P<head>(?P<subject>[^\s、。「」（）()]{2,}?)の[^\s、。「」（）()]{1,12}?)"
    r"(?P=subject)(?=[はがを、])",
    re.M,
)
# The export's other form of it: a short label, one space, then the sentence it heads
# (``正解の理由 SageMaker デバッガーは、…``): a label of kanji or katakana words joined by の, and a sentence
# that ends with 。 after it.
RE_GLUED_LABEL = re.compile(
    r"^(?P<marker>[ \t]*(?:[-*+]|\d+\.)[ \t]+)"
    r"(?P<head>[\u30a0-\u30ff\u3400-\u9fff]{1,8}の[\u30a0-\u30ff\u3400-\u9fff]{1,8})"
    r"[ \t　](?P<rest>(?![→⇒=＝:：|（(\-])[^\n]*。[ \t]*)$",
    re.M,
)
RE_LIST_ITEM = re.compile(r"^(?P<indent> *)(?:[-*+]|\d+[.)])[ \t]")


def repair_tex(tex: str) -> str:
    """Restore the subscripts the export escaped or dropped, in one formula."""
    tex = RE_ESCAPED_SUBSCRIPT.sub("_", tex)
    return RE_LOST_SUBSCRIPT.sub(lambda m: m.group("base") + "_", tex)


def repair_math(markdown: str) -> str:
    """Apply :func:`repair_tex` to every ``\\( … \\)`` and ``\\[ … \\]`` of a page."""
    def fix(m: re.Match) -> str:
        if m.group("inline") is not None:
            return r"\(" + repair_tex(m.group("inline")) + r"\)"
        return r"\[" + repair_tex(m.group("block")) + r"\]"
    return RE_MATH.sub(fix, markdown)


def split_glued_headings(markdown: str) -> str:
    """Turn ``- 早期停止の有効化早期停止は、…`` and ``- 正解の理由 SageMaker デバッガーは、…`` into a bold
    lead and the sentence on its own line (the characters of the text unchanged)."""
    def fix(m: re.Match) -> str:
        indent = " " * len(m.group("marker").expandtabs())
        return f"{m.group('marker')}**{m.group('head')}**  \n{indent}{m.group('subject')}"
    def fix_label(m: re.Match) -> str:
        indent = " " * len(m.group("marker").expandtabs())
        return f"{m.group('marker')}**{m.group('head')}**  \n{indent}{m.group('rest')}"
    return RE_GLUED_LABEL.sub(fix_label, RE_GLUED_HEADING.sub(fix, markdown))


def blank_line_before_tables(markdown: str) -> str:
    """Insert the blank line Markdown needs before a table (:func:`.mdscan.table_starts`) that
    follows a line of text (not a line that looks like a row of a table itself)."""
    lines = markdown.split("\n")
    starts = set(mdscan.table_starts(markdown, 0))
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in starts and out and not mdscan.is_blank(out[-1]) and not mdscan.RE_TABLE_ROW.match(out[-1]):
            out.append("")
        out.append(line)
    return "\n".join(out)


def reindent_lists(markdown: str) -> str:
    """Double the indentation inside a list whose nested items are indented by fewer than 4 spaces."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = RE_LIST_ITEM.match(lines[i])
        if not (m and m.group("indent") == ""):
            out.append(lines[i])
            i += 1
            continue
        end = i + 1  # the list goes on through blank, indented and top-level item lines
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(" ")
                                    or RE_LIST_ITEM.match(lines[end])):
            end += 1
        region = lines[i:end]
        nested = [len(n.group("indent")) for n in map(RE_LIST_ITEM.match, region) if n and n.group("indent")]
        if nested and min(nested) < 4:
            region = [(" " * (len(line) - len(line.lstrip(" "))) + line) if line.strip() else line
                      for line in region]
        out += region
        i = end
    return "\n".join(out)


def shift_headings(markdown: str, by: int) -> str:
    """Move every ATX heading (:func:`.mdscan.headings`) ``by`` levels (negative: up)."""
    lines = markdown.split("\n")
    for heading in mdscan.headings(markdown, 0):
        level = min(6, max(1, heading.level + by))
        if level != heading.level:
            rest = lines[heading.line][heading.level:]
            # "####### x" is a level-6 heading of "# x": its text keeps its "#", apart from the hashes.
            lines[heading.line] = "#" * level + (" " if rest.startswith("#") else "") + rest
    return "\n".join(lines)


def repair(markdown: str) -> str:
    """All export repairs, in the order they must run."""
    return blank_line_before_tables(split_glued_headings(reindent_lists(repair_math(markdown))))
