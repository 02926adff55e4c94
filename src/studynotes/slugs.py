"""Readable Unicode anchors for headings: ``#基本概念``, never ``#_1``.

``pymdownx.slugs`` keeps kanji and kana; headings that start with an emoji (``### 🔹 まとめ``)
would otherwise get a leading separator (``#-まとめ``), so separators are trimmed at both ends.
"""

from __future__ import annotations

from pymdownx.slugs import slugify as _pymdownx_slugify

_SLUGIFY = _pymdownx_slugify(case="lower")


def slugify(text: str, sep: str) -> str:
    """The toc extension's ``slugify(text, sep)``: lower-case Unicode slug without stray separators."""
    return _SLUGIFY(text, sep).strip(sep)
