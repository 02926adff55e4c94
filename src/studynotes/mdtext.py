"""Text from front matter, written into the Markdown the site generates, shown as it is.

Question headings (``# 問題 65　<title>``), the source line and the generated index pages are
Markdown, so a title such as ``**重要** <b>`` would otherwise become markup. :func:`escape` makes any
string plain text for Python-Markdown with the site's extensions: a backslash before every character
Markdown (with ``tables`` and ``arithmatex``) treats as syntax, and character references for ``<``,
``>``, ``&`` and square brackets: in the notes' Markdown ``\\[`` and ``\\]`` are math delimiters
(:mod:`.mdext`), so they cannot serve as escapes. Parentheses stay as they are: without a ``]``
before them they start no link, and a backslash before them is escaped itself (``\\\\(``).
``tests/test_escaping.py`` checks :data:`ESCAPED` against the configured Markdown.
"""

from __future__ import annotations

# Python-Markdown's escapable characters with the site's extensions (tables adds '|', arithmatex
# '$'), but for those written as references or left as they are (LITERAL). A backslash before any
# other character would be shown as written.
ESCAPED = frozenset("\\`*_{}#+-.!|$")
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"}
LITERAL = frozenset("()")


TABLE = str.maketrans({**{ch: "\\" + ch for ch in ESCAPED}, **ENTITIES})


def escape(text: str) -> str:
    """``text`` as Markdown that renders to exactly ``text`` (on one line: white space collapsed)."""
    return " ".join(text.split()).translate(TABLE)
