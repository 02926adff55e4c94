"""Readable Unicode anchors for headings: ``#基本概念``, never ``#_1``.

``pymdownx.slugs`` keeps kanji and kana; headings that start with an emoji (``### 🔹 まとめ``)
would otherwise get a leading separator (``#-まとめ``), so separators are trimmed at both ends.
"""

from __future__ import annotations

import functools
import html
import re

from pymdownx.slugs import slugify as _pymdownx_slugify

from . import mdscan

_SLUGIFY = _pymdownx_slugify(case="lower")


@functools.lru_cache(maxsize=4096)  # headings repeat from page to page (解説, まとめ, …)
def slugify(text: str, sep: str) -> str:
    """The toc extension's ``slugify(text, sep)``: lower-case Unicode slug without stray separators."""
    return _SLUGIFY(text, sep).strip(sep)


RE_EXPLICIT_ID = re.compile(r"\{[^}]*#(?P<id>[^\s}]+)[^}]*\}\s*$")
RE_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")


def heading_anchors(markdown: str, first_line: int = 1) -> dict[str, int]:
    """The id of every ATX heading of ``markdown`` (as the toc extension makes them) → its line."""
    anchors: dict[str, int] = {}
    for heading in mdscan.headings(markdown, first_line):
        explicit = RE_EXPLICIT_ID.search(heading.text)
        if explicit:
            anchor = explicit.group("id")
        else:
            text = RE_LINK.sub(lambda link: link.group("text"), heading.text).replace("**", "").replace("`", "")
            anchor = slugify(html.unescape(text), "-")
        unique, n = anchor, 0
        while unique in anchors:  # as toc's unique(): a repeated id gets _1, _2, …
            n += 1
            unique = f"{anchor}_{n}"
        anchors[unique] = heading.line
    return anchors
