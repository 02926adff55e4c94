"""What a note may hold, so that no note can stall or crash the build, or show a reader other text
than its bytes say.

Checked on every Markdown file's text before Markdown (or YAML) sees it, by
:func:`.sources.decode`, so the build, ``make lint`` and the importer refuse the same files, each
problem with its file, its line and the limit, in English and Japanese:

- **a budget** (:func:`budget_problems`): the bytes of a page, its longest line, how deeply lists
  and block quotes nest (Python-Markdown recurses once per level: 400 levels end in
  ``RecursionError``; so do admonitions and ``<div markdown="1">``), long headings, and how many of
  the characters that Python-Markdown reads in super-linear time a paragraph holds (brackets,
  math delimiters, ``<``: :data:`RUNS`);
- **YAML** (:func:`yaml_problems`): front matter with anchors or aliases (``&a``, ``*a``: a few
  lines of them expand to billions of nodes), and front matter over :data:`MAX_FRONT_MATTER_BYTES`;
- **characters that change what a reader sees** (:func:`invisible_problems`): the bidirectional
  controls (``U+202E`` shows text in another order than its bytes: the "Trojan Source" trick) and
  every other invisible format character (Unicode category Cf), outside code; a zero-width joiner
  inside an emoji sequence (👨‍💻) and the tag characters of a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿) are kept.

Pure functions of a path and a text.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from . import mdscan
from .errors import Problem, line_of

# The largest note today is 7 KB (questions/069.md): 512 KiB is seventy times that, more than a
# chapter of a book, and still rendered in about a second (make bench: ~10 ms a page of 4 KB).
MAX_PAGE_BYTES = 512 * 1024
# The longest line of the notes is 319 characters; a paragraph written on one line may be a few
# thousand. Python-Markdown's inline patterns run per paragraph, so a line bounds what they read.
MAX_LINE_CHARS = 20_000
# Lists and block quotes nested deeper than any note would nest them (the notes: 3 levels).
MAX_NESTING = 16
# Python-Markdown reads some characters in time that grows with the square of their number in a
# paragraph (make bench-limits measures each at the budget): from every '[' its link patterns look
# for the closing ']' to the end of the paragraph (20,000 of each: 172 s), from every '\\(' the math
# pattern looks for its '\\)', from every '<' Python's HTML parser looks for a '>' to the end of
# the line. The notes write at most 8 of any of them in a paragraph; 500 renders in well under a
# second. Per paragraph: (pattern, limit, 日本語).
RUNS = {
    "square brackets": (re.compile(r"[\[\]]"), 500, "角かっこ"),
    "math delimiters": (re.compile(r"\\[()\[\]]"), 500, "数式の区切り（\\( \\) \\[ \\]）"),
    "reference definitions": (re.compile(r"^[ ]{0,3}\[[^\]\n]*\]:", re.M), 100, "参照リンクの定義"),
}
# What is left of that time once the counts are within bounds: from each '[' Python-Markdown reads
# up to its ']' (or to the end of the paragraph: 500 '[' before 19,000 characters took 2.6 s), from
# each '\\(' its math pattern reads up to the next '\\)'. The characters so read, over a page: a
# bracket read this way costs about 0.3 µs a character, a math delimiter 0.03 µs.
# From each '<' that may open a tag (a letter, '/', '!' or '?' after it) Python's HTML parser reads
# up to the next '>', over the whole page (about 0.015 µs a character).
MAX_BRACKET_READING = 1_000_000
MAX_MATH_READING = 10_000_000
MAX_TAG_READING = 20_000_000
# A heading's attribute list ({: …}) is looked for from every space of its line: headings are short.
MAX_HEADING_CHARS = 500
MAX_FRONT_MATTER_BYTES = 64 * 1024

RE_QUOTE_PREFIX = re.compile(r"[ \t]{0,3}>[ \t]?")
# What opens a level: a list item, an admonition (!!! note) or a collapsible block (??? note).
RE_OPENER = re.compile(r"(?P<indent>[ \t]*)(?:[-*+]|\d{1,9}[.)]|!!!|\?\?\?\+?)(?=[ \t]|\Z)")
RE_MARKER_AGAIN = re.compile(r"[ \t]+(?:[-*+]|\d{1,9}[.)])(?=[ \t]|\Z)")
RE_HTML_WITH_MARKDOWN = re.compile(r"<[A-Za-z][\w-]*\s[^>]*\bmarkdown\s*=", re.I)
RE_HTML_CLOSE = re.compile(r"</[A-Za-z][\w-]*\s*>")
RE_BRACKET = re.compile(r"[\[\]]")
RE_MATH_OPEN = re.compile(r"\\\(")
RE_LINK_OPEN = re.compile(r"\]\(")
RE_PAREN_CLOSE = re.compile(r"\)")
RE_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
RE_TAG_CLOSE = re.compile(r">")
RE_MATH_CLOSE = re.compile(r"\\\)")
RE_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
RE_EMOJI_PART = re.compile(r"[\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u2bff\u3030\u303d\u3297\u3299"
                           r"\U0001f000-\U0001faff\ufe0f\U0001f3fb-\U0001f3ff]")
ZERO_WIDTH_JOINER = "\u200d"
TAG_CHARACTERS = range(0xE0020, 0xE0080)
BLACK_FLAG = "\U0001f3f4"


def problems(path: str, text: str, size: int | None = None) -> list[Problem]:
    """Every check of this module on a file's decoded text (``size``: its bytes): the first limit
    of the budget it passes, else YAML's problems; and an invisible character."""
    fenced = _fenced(text)
    found = budget_problems(path, text, size, fenced)
    return (found or yaml_problems(path, text)) + invisible_problems(path, text, fenced)


def _fenced(text: str) -> set[int]:
    """The lines of fenced code (only ``` and ~~~ open a fence)."""
    return mdscan.fenced_lines(text) if "```" in text or "~~~" in text else set()


def budget_problems(path: str, text: str, size: int | None = None, fenced: set[int] | None = None) -> list[Problem]:
    """The first limit of the budget that ``text`` (the file's decoded text; ``size``: its bytes;
    ``fenced``: its lines of fenced code) passes, as a problem (one: what is past one limit is
    often past another)."""
    size = len(text.encode("utf-8")) if size is None else size
    if size > MAX_PAGE_BYTES:
        return [Problem(path, None, f"the file is {size:,} bytes, over the limit of {MAX_PAGE_BYTES:,} bytes "
                                    "for one page: "
                                    "split it into several pages",
                        f"ファイルが {size:,} バイトあり、1 ページの上限 {MAX_PAGE_BYTES:,} バイトを超えています: "
                        "複数のページに分けてください")]
    lines = text.split("\n")
    fenced = _fenced(text) if fenced is None else fenced
    # What Markdown's inline patterns read: no fenced code (None), no inline code.
    visible = [None if n in fenced else (RE_INLINE_CODE.sub("", line) if "`" in line else line)
               for n, line in enumerate(lines, 1)]
    if (many := _too_many(lines, visible)) is not None:
        number, kind, count, most = many
        ja = RUNS[kind][2]
        return [Problem(path, number, f"{count:,} {kind} in one paragraph, over the limit of {most:,} (Python-Markdown "
                                      "reads them in time that grows with their square: the build would take minutes): "
                                      "write fewer, or put them in a code block",
                        f"1 つの段落に{ja}が {count:,} 個あり、上限 {most:,} 個を超えています（Markdown の解析に何分も"
                        "かかります）: 減らすか、コードブロックに入れてください")]
    if (far := _far_reading(lines, visible)) is not None:
        number, kind, read, most = far
        opener, closer = {"brackets": ("'['", "']'"), "math": ("'\\('", "'\\)'"), "tags": ("'<'", "'>'")}[kind]
        return [Problem(path, number, f"{opener} far from its {closer}, from this line on: Python-Markdown would read "
                                      f"{read:,} characters to find them, over the limit of {most:,} for a page "
                                      "(the build "
                                      f"would take minutes): close each {opener} soon after it, or put the text in a "
                                      "code block",
                        f"この行から、{opener} と {closer} が離れすぎています: "
                        f"Markdown の解析で {read:,} 文字を読むことになり、1 ページの上限 {most:,} 文字を超えます"
                        f"（ビルドに何分もかかります）: {opener} はすぐ閉じるか、コードブロックに入れてください")]
    if (deep := _too_deep(lines, fenced)) is not None:
        number, depth = deep
        return [Problem(path, number, f"lists and block quotes nested {depth} levels deep, over the limit of "
                                      f"{MAX_NESTING}: nest them less",
                        f"リストと引用が {depth} 段まで入れ子になっており、上限 {MAX_NESTING} 段を超えています: "
                        "入れ子を浅くしてください")]
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_HEADING_CHARS and line.lstrip(" ").startswith("#") and number not in fenced:
            return [Problem(path, number, f"heading of {len(line):,} characters, over the limit of "
                                          f"{MAX_HEADING_CHARS:,}: "
                                          "shorten it, and write the rest as text under it",
                            f"見出しが {len(line):,} 文字あり、上限 {MAX_HEADING_CHARS:,} 文字を超えています: "
                            "短くして、残りは本文に書いてください")]
        if len(line) > MAX_LINE_CHARS:
            return [Problem(path, number, f"line of {len(line):,} characters, over the limit of {MAX_LINE_CHARS:,}: "
                                          "break it into paragraphs or lines",
                            f"行が {len(line):,} 文字あり、上限 {MAX_LINE_CHARS:,} 文字を超えています: "
                            "段落か行に分けてください")]
    return []


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _too_deep(lines: list[str], fenced: set[int]) -> tuple[int, int] | None:
    """(line, depth) of the first line nested deeper than :data:`MAX_NESTING`: the block quotes
    it is in, the list items and admonitions open around it (a stack of their indents), the list
    markers that follow its own (``- - - x``), and the raw HTML elements with Markdown inside
    (``<div markdown="1">``) still open. Python-Markdown recurses into each of them."""
    indents: list[int] = []
    html = 0
    for number, line in enumerate(lines, 1):
        if number in fenced:
            continue
        quotes, rest = 0, line
        while (m := RE_QUOTE_PREFIX.match(rest)) is not None and quotes <= MAX_NESTING:
            quotes += 1
            rest = rest[m.end():]
        if not rest.strip():
            continue
        opener, more = RE_OPENER.match(rest), 0
        if opener is None:
            if _width(rest[:len(rest) - len(rest.lstrip(" \t"))]) == 0:
                indents = []  # a paragraph at the margin ends the lists
        else:
            indent = _width(opener.group("indent"))
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            after = rest[opener.end():]
            while (again := RE_MARKER_AGAIN.match(after)) is not None and more <= MAX_NESTING:
                more += 1
                after = after[again.end():]
        if "<" in rest:
            html += len(RE_HTML_WITH_MARKDOWN.findall(rest))
            html = max(0, html - len(RE_HTML_CLOSE.findall(rest)))
        depth = quotes + len(indents) + more + html
        if depth > MAX_NESTING:
            return number, depth
    return None


def _paragraphs(lines: list[str], visible: list[str | None]):
    """(first line, visible lines) of each paragraph: lines up to a blank or fenced one."""
    paragraph: list[str] = []
    for number, (line, shown) in enumerate(zip(lines, visible, strict=True), 1):
        if shown is not None and line.strip():
            if not paragraph:
                start = number
            paragraph.append(shown)
        elif paragraph:
            yield start, paragraph
            paragraph = []
    if paragraph:
        yield start, paragraph


def _far_reading(lines: list[str], visible: list[str | None]) -> tuple[int, str, int, int] | None:
    """(first line of the paragraph where the page's total passes, kind, characters, limit) when
    the characters Python-Markdown reads from each '[' to its ']', or from each '\\(' to the next
    '\\)', within a paragraph, or from each '<' to the next '>' over the page, pass their limits."""
    totals = {"brackets": 0, "math": 0, "tags": 0}
    limit = {"brackets": MAX_BRACKET_READING, "math": MAX_MATH_READING, "tags": MAX_TAG_READING}
    page = "\n".join(shown or "" for shown in visible)
    if "<" in page:  # the HTML parser reads the whole page, not a paragraph
        totals["tags"] = _reading(page, RE_TAG_OPEN, RE_TAG_CLOSE)
        if totals["tags"] > limit["tags"]:
            return line_of(page, RE_TAG_OPEN.search(page).start()), "tags", totals["tags"], limit["tags"]
    for start, paragraph in _paragraphs(lines, visible):
        text = "\n".join(paragraph)
        if "[" in text:
            totals["brackets"] += _bracket_reading(text) + _reading(text, RE_LINK_OPEN, RE_PAREN_CLOSE)
        if "\\(" in text:
            totals["math"] += _reading(text, RE_MATH_OPEN, RE_MATH_CLOSE)
        for kind in totals:
            if totals[kind] > limit[kind]:
                return start, kind, totals[kind], limit[kind]
    return None


def _bracket_reading(text: str) -> int:
    """Characters read from each '[' to its matching ']' (to the end of ``text`` if none)."""
    opened, read = [], 0
    for m in RE_BRACKET.finditer(text):
        if m.group() == "[":
            opened.append(m.start())
        elif opened:
            read += m.start() - opened.pop()
    return read + sum(len(text) - at for at in opened)


def _reading(text: str, opens: re.Pattern, closes: re.Pattern) -> int:
    """Characters read from each match of ``opens`` to the next match of ``closes`` after it (to
    the end of ``text`` if none)."""
    ends = [m.start() for m in closes.finditer(text)]
    read, j = 0, 0
    for m in opens.finditer(text):
        while j < len(ends) and ends[j] < m.start():
            j += 1
        read += (ends[j] if j < len(ends) else len(text)) - m.start()
    return read


def _too_many(lines: list[str], visible: list[str | None]) -> tuple[int, str, int, int] | None:
    """(first line, what, count, limit) of the first paragraph holding more of one kind of
    :data:`RUNS` than its limit (counted line by line: the count where it passes)."""
    for start, paragraph in _paragraphs(lines, visible):
        counts = dict.fromkeys(RUNS, 0)
        for line in paragraph:
            for kind, (pattern, most, _) in RUNS.items():
                if pattern.search(line):
                    counts[kind] += len(pattern.findall(line))
                    if counts[kind] > most:
                        return start, kind, counts[kind], most
    return None


def yaml_problems(path: str, text: str) -> list[Problem]:
    """Front matter too large, or holding YAML anchors or aliases (read without building a node)."""
    block = mdscan.front_matter(text)
    if block is None:
        return []
    first = line_of(text, block.yaml_start)
    size = len(block.yaml.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        return [Problem(path, first, f"front matter of {size:,} bytes, over the limit of {MAX_FRONT_MATTER_BYTES:,}: "
                                     "keep the page's data short and move text into the page",
                        f"フロントマターが {size:,} バイトあり、上限 {MAX_FRONT_MATTER_BYTES:,} バイトを超えています: "
                        "短くして、文章は本文に移してください")]
    if "&" not in block.yaml and "*" not in block.yaml:
        return []
    try:
        for token in yaml.scan(block.yaml, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "an anchor" if isinstance(token, yaml.AnchorToken) else "an alias"
                kind_ja = "アンカー" if isinstance(token, yaml.AnchorToken) else "エイリアス"
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return [Problem(path, first + token.start_mark.line,
                                f"YAML {kind} ('{sign}{token.value}') in the front matter: anchors and aliases are not "
                                "allowed (a few of them can expand to millions of values); write each value out, "
                                "or quote a value that starts with '&' or '*'",
                                f"フロントマターに YAML の{kind_ja}（'{sign}{token.value}'）があります: アンカーと"
                                "エイリアスは使えません（少しで何百万もの値に展開されます）。値をそのまま書くか、"
                                "'&' や '*' で始まる値は引用符で囲んでください")]
    except yaml.YAMLError:
        return []  # not valid YAML: reported, with its line, where the front matter is read
    return []


def invisible_problems(path: str, text: str, fenced: set[int] | None = None) -> list[Problem]:
    """Invisible format characters (Unicode category Cf: bidirectional controls, zero-width spaces,
    soft hyphens, …) outside code (``fenced``: the lines of fenced code), but for the joiners and
    tags of emoji sequences (one pass over the lines that hold one)."""
    if text.isascii() or RE_FORMAT.search(text) is None:
        return []
    fenced = _fenced(text) if fenced is None else fenced
    for number, line in enumerate(text.split("\n"), 1):
        if number in fenced or RE_FORMAT.search(line) is None:
            continue
        visible = RE_INLINE_CODE.sub(lambda m: " " * len(m.group()), line) if "`" in line else line
        for m in RE_FORMAT.finditer(visible):
            if _in_emoji_sequence(visible, m.start()):
                continue
            ch = m.group()
            code = f"U+{ord(ch):04X}"
            name = unicodedata.name(ch, "FORMAT CHARACTER")
            bidi = ord(ch) in BIDI_CONTROLS
            why = ("it shows the text around it in another order than it is written" if bidi
                   else "it is invisible, so the page would hold text a reader cannot see")
            why_ja = ("前後の文字が書かれた順とは違う順に表示されます" if bidi
                      else "目に見えないため、読者に見えない文字がページに入ります")
            return [Problem(path, number, f"invisible character {code} ({name}) in the text: {why}; remove it",
                            f"本文に見えない文字 {code}（{name}）があります: {why_ja}。削除してください")]
    return []


BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])
# Unicode's format characters (category Cf, Unicode 14: Python 3.11's unicodedata), and those of
# Unicode 15–16 (U+13439–U+1343F, Egyptian hieroglyph format controls).
RE_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def _in_emoji_sequence(text: str, i: int) -> bool:
    ch = text[i]
    if ch == ZERO_WIDTH_JOINER:
        return (0 < i < len(text) - 1 and RE_EMOJI_PART.match(text[i - 1]) is not None
                and RE_EMOJI_PART.match(text[i + 1]) is not None)
    if ord(ch) in TAG_CHARACTERS:  # 🏴 + tag letters + U+E007F: a subdivision flag
        j = i
        while j > 0 and ord(text[j - 1]) in TAG_CHARACTERS:
            j -= 1
        return j > 0 and text[j - 1] == BLACK_FLAG
    return False
