"""Lighter pages: the theme's indentation is dropped from the HTML a reader downloads.

Material's templates indent every navigation item; on a page of a large site that indentation is a
third of the bytes. A run of white space that contains a line break renders exactly like a single
line break everywhere except in preformatted elements, so only such runs outside ``pre``,
``textarea``, ``script`` and ``style`` are collapsed. Nothing a reader sees changes.
"""

from __future__ import annotations

import re

RE_PRESERVED = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
RE_INDENTED_BREAK = re.compile(r"[ \t]*\n\s*")


def compact_html(html: str) -> str:
    """``html`` with every white-space run that holds a line break reduced to one line break."""
    parts, pos = [], 0
    for m in RE_PRESERVED.finditer(html):
        parts += [RE_INDENTED_BREAK.sub("\n", html[pos:m.start()]), m.group(0)]
        pos = m.end()
    parts.append(RE_INDENTED_BREAK.sub("\n", html[pos:]))
    return "".join(parts)
