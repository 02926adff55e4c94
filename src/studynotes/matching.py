"""Finding term names in running Japanese and English text, in time linear in the text.

Japanese has no spaces, so names are matched anywhere inside the text (``消失勾配が起こる``), with
one Aho–Corasick automaton over all names of all terms. Text and names are compared after the same
normalization: NFKC (full-width Latin and half-width katakana fold to their usual forms), case
folding, runs of white space as one space, and no space between Latin and Japanese (``GPU の未活用``
= ``GPUの未活用``). Latin names match only as whole words (``GPU`` in ``GPUの`` and ``GPUs``, never
in ``eGPU`` or ``GPUDirect``). Where matches overlap the longest wins, leftmost first.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import ahocorasick

PLURAL_SUFFIXES = ("es", "s")
RE_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    """``text[start:end]`` names the term ``key``."""

    start: int
    end: int
    key: str


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def normalize_mapped(text: str) -> tuple[str, list[int]]:
    """The normalized text and, for each of its characters, the index it comes from in ``text``."""
    table: dict[int, str] = {}
    for ch in set(text):
        folded = _fold(ch)
        if folded != ch:
            if len(folded) != 1:
                break
            table[ord(ch)] = folded
    else:  # every character folds to one character: the common case, with no loop over the text
        return _spaces_mapped(text.translate(table) if table else text)
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
            continue
        for out in _fold(ch):
            if out.isspace():
                continue
            chars.append(out)
            index.append(i)
    norm, index2 = _spaces_mapped("".join(chars))
    return norm, [index[j] for j in index2]


@functools.lru_cache(maxsize=None)
def _fold(ch: str) -> str:
    """One character as names are compared: NFKC, then case folded."""
    return unicodedata.normalize("NFKC", ch).casefold()


def _spaces_mapped(text: str) -> tuple[str, list[int]]:
    """Drop white space unless it separates two Latin words, where it becomes one space."""
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for m in RE_WHITESPACE.finditer(text):
        pieces.append(text[pos:m.start()])
        index.extend(range(pos, m.start()))
        if 0 < m.start() and m.end() < len(text) and _latin(text[m.start() - 1]) and _latin(text[m.end()]):
            pieces.append(" ")
            index.append(m.start())
        pos = m.end()
    pieces.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(pieces), index


def normalize(text: str) -> str:
    """How a name is compared: see the module docstring."""
    return normalize_mapped(text)[0]


class Matcher:
    """One automaton over every name of every term."""

    def __init__(self, names: dict[str, str]):
        """``names``: each name (title or alias) → the key of its term."""
        self._automaton = ahocorasick.Automaton()
        # A second automaton over the names without any space rejects, in C, the many texts that
        # mention no term before the exact (character-mapped) normalization runs in Python.
        self._loose = ahocorasick.Automaton()
        for name, key in names.items():
            norm = normalize(name)
            if norm:
                self._automaton.add_word(norm, (norm, key))
                self._loose.add_word(norm.replace(" ", ""), key)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()
            self._loose.make_automaton()

    def might_match(self, text: str) -> bool:
        """False when ``text`` cannot contain any name (every match is also a loose match)."""
        loose = RE_WHITESPACE.sub("", unicodedata.normalize("NFKC", text).casefold())
        return next(self._loose.iter(loose), None) is not None

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in ``text``, leftmost-longest, as indices into ``text``."""
        if self._empty or not text or not self.might_match(text):
            return []
        return self.find_exact(text)

    def find_exact(self, text: str) -> list[Match]:
        """:meth:`find` without the quick rejection (the reference it must agree with)."""
        if self._empty:
            return []
        norm, index = normalize_mapped(text)
        candidates = []
        for end, (name, key) in self._automaton.iter(norm):
            start = end - len(name) + 1
            end += 1
            if _latin(name[0]) and start > 0 and _latin(norm[start - 1]):
                continue
            if _latin(name[-1]) and end < len(norm) and _latin(norm[end]):
                suffix = next((s for s in PLURAL_SUFFIXES if norm.startswith(s, end)
                               and (end + len(s) == len(norm) or not _latin(norm[end + len(s)]))), None)
                if suffix is None:
                    continue
                end += len(suffix)
            candidates.append((start, end, key))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        matches, taken_until = [], 0
        for start, end, key in candidates:
            if start >= taken_until:
                matches.append(Match(index[start], index[end - 1] + 1, key))
                taken_until = end
        return matches
