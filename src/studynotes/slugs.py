"""Readable Unicode anchors for headings: ``#基本概念``, never ``#_1``.

``pymdownx.slugs`` keeps kanji and kana; headings that start with an emoji (``### 🔹 まとめ``)
would otherwise get a leading separator (``#-まとめ``), so separators are trimmed at both ends.
"""

from __future__ import annotations

import html
import re

from pymdownx.slugs import slugify as _pymdownx_slugify

_SLUGIFY = _pymdownx_slugify(case="lower")


def slugify(text: str, sep: str) -> str:
    """The toc extension's ``slugify(text, sep)``: lower-case Unicode slug without stray separators."""
    return _SLUGIFY(text, sep).strip(sep)


RE_EXPLICIT_ID = re.compile(r"\{[^}]*#(?P<id>[^\s}]+)[^}]*\}\s*$")
RE_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
# A fence line (``` or ~~~), or an ATX heading line: its hashes and its text.
RE_BLOCK_LINE = re.compile(r"^(?:[ \t]*(?:```|~~~).*|(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*)$", re.M)


def heading_anchors(markdown: str, first_line: int = 1) -> dict[str, int]:
    """The id of every ATX heading of ``markdown`` (as the toc extension makes them) → its line."""
    anchors: dict[str, int] = {}
    in_fence = False
    number, last = first_line, 0
    for m in RE_BLOCK_LINE.finditer(markdown):  # only fence and heading lines: one scan in C
        number += markdown.count("\n", last, m.start())
        last = m.start()
        if m.group("hashes") is None:
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        text = m.group("text")
        explicit = RE_EXPLICIT_ID.search(text)
        if explicit:
            anchor = explicit.group("id")
        else:
            text = RE_LINK.sub(lambda link: link.group("text"), text).replace("**", "").replace("`", "")
            anchor = slugify(html.unescape(text), "-")
        unique, n = anchor, 0
        while unique in anchors:  # as toc's unique(): a repeated id gets _1, _2, …
            n += 1
            unique = f"{anchor}_{n}"
        anchors[unique] = number
    return anchors
