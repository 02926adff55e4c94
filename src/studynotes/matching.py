"""Finding term names in running Japanese and English text, in time linear in the text.

Japanese has no spaces, so names are matched anywhere inside the text (``消失勾配が起こる``), with
one Aho–Corasick automaton over all names of all terms. Text and names are compared character by
character after the same folding: NFKC (full-width Latin and half-width katakana fold to their
usual forms), case folding, and any white-space character as a space. The space between Latin and
Japanese is optional (``GPU の未活用`` = ``GPUの未活用``): each name is added with and without it.
A name never matches inside a word. What a word is depends on the script at each end of the name:

- a Latin letter or digit: the text beside it must not be one (``GPU`` in ``GPUの`` and ``GPUs``,
  never in ``eGPU`` or ``GPUDirect``; a plural ``s``/``es`` may follow);
- katakana (or the long-vowel mark ー): the text beside it must not be katakana, which continues the
  word (``バッチ`` in ``バッチ・サイズ`` and ``バッチの``, never in
  ``ミニバッチ`` or ``バッチサイズ``); the middle dot ・ separates words;
- a name written only in hiragana: the text beside it must not be hiragana;
- kanji: no condition, since Japanese compounds are words made of words (``勾配`` in ``勾配降下法``).

One-character names are refused where terms are declared (:mod:`.terms`). Where matches overlap
the longest wins, leftmost first.

Folding keeps one character for one character almost always, so a match's place in the folded text
is its place in the original text, with no index to build.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass

import ahocorasick

PLURAL_SUFFIXES = ("es", "s")
RE_WHITESPACE = re.compile(r"\s+")
MAX_OPTIONAL_SPACES = 4  # a name with more Latin/Japanese boundaries matches only as written


@dataclass(frozen=True)
class Match:
    """``text[start:end]`` names the term ``key``."""

    start: int
    end: int
    key: str


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or "\u30fc" <= ch <= "\u30ff"


def _hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096" or "\u309d" <= ch <= "\u309f"


def _continues(name_end: str, beside: str, all_hiragana: bool) -> bool:
    """True where ``beside`` (the text's character next to a name's end character ``name_end``)
    would make the match part of a longer Japanese word."""
    if _katakana(name_end):
        return _katakana(beside)
    return all_hiragana and _hiragana(beside)


@functools.cache
def _fold_char(ch: str) -> str:
    """One character as the matcher compares it: NFKC, case folded, white space as a space."""
    if ch.isspace():
        return " "
    return unicodedata.normalize("NFKC", ch).casefold()


def _one_to_one_table() -> dict[int, str]:
    """Folds of the characters that fold to exactly one other character, in the ranges notes use."""
    ranges = [range(0x00, 0x250), range(0x1680, 0x1681), range(0x2000, 0x2070), range(0x3000, 0x3100),
              range(0xFF00, 0xFFF0)]
    table = {}
    for code in itertools.chain(*ranges):
        folded = _fold_char(chr(code))
        if folded != chr(code) and len(folded) == 1:
            table[code] = folded
    return table


ONE_TO_ONE = _one_to_one_table()


def fold_for_matching(text: str) -> tuple[str, list[int] | None]:
    """Text as the matcher compares it (each character by :func:`_fold_char`) and, for each
    character of the folded text, its index in ``text`` (None: the same)."""
    folded = text.translate(ONE_TO_ONE)
    # The table covers the characters notes use; anything else that still folds shows up here.
    if unicodedata.is_normalized("NFKC", folded) and folded.casefold() == folded:
        return folded, None
    chars, index = [], []
    for i, ch in enumerate(text):
        for out in _fold_char(ch):
            chars.append(out)
            index.append(i)
    return "".join(chars), index


def same_name_key(name: str) -> str:
    """The key of a name: two names with one key are the same term. The matcher's folding, spaces
    collapsed, no space between Latin and Japanese (``ＧＰＵ の未活用`` = ``gpuの未活用``); the
    names of one key match the very same texts, so a key belongs to one term only (:mod:`.terms`,
    the catalog's titles, the importer's aliases)."""
    folded = RE_WHITESPACE.sub(" ", fold_for_matching(name)[0]).strip()
    return re.sub(r"(?<=[a-z0-9]) (?=[^a-z0-9])|(?<=[^a-z0-9]) (?=[a-z0-9])",
                  lambda m: "" if _boundary(folded, m.start()) else " ", folded)


def _boundary(text: str, space: int) -> bool:
    """True where the space at ``space`` separates a Latin from a non-Latin character."""
    return _latin(text[space - 1]) != _latin(text[space + 1])


def spellings(name: str) -> set[str]:
    """Every way a name may be written: with or without a space at each Latin/Japanese boundary."""
    norm = same_name_key(name)
    cuts = [i for i in range(1, len(norm)) if _latin(norm[i - 1]) != _latin(norm[i])
            and not norm[i - 1].isspace() and not norm[i].isspace()]
    if not norm or len(cuts) > MAX_OPTIONAL_SPACES:
        return {norm} if norm else set()
    forms = set()
    for spaces in itertools.product(("", " "), repeat=len(cuts)):
        parts, pos = [], 0
        for cut, space in zip(cuts, spaces, strict=True):
            parts += [norm[pos:cut], space]
            pos = cut
        forms.add("".join(parts) + norm[pos:])
    return forms


QUICK_REJECT_BELOW = 2000  # characters


class Matcher:
    """One automaton over every spelling of every name of every term."""

    def __init__(self, names: dict[str, str]):
        """``names``: each name (title or alias) → the key of its term."""
        self._automaton = ahocorasick.Automaton()
        # A second automaton over the names without any space rejects, in C, the many texts that
        # mention no term before the exact matching runs.
        self._loose = ahocorasick.Automaton()
        for name, key in names.items():
            # Names are also matched as HTML escapes them ("R&D" as "R&amp;D"), for linking HTML text.
            for form in {name, html.escape(name, quote=False)}:
                for spelling in spellings(form):
                    self._automaton.add_word(spelling, (spelling, key))
                    self._loose.add_word(spelling.replace(" ", ""), key)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()
            self._loose.make_automaton()

    def might_match(self, text: str) -> bool:
        """False when ``text`` cannot contain any name (every match is also a loose match)."""
        loose = RE_WHITESPACE.sub("", fold_for_matching(text)[0])
        return next(self._loose.iter(loose), None) is not None

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in ``text``, leftmost-longest, as indices into ``text``."""
        if self._empty or not text:
            return []
        # A short text usually mentions no term, and the loose scan says so cheaply; a page's whole
        # text almost always mentions one, so the scan would only be done twice.
        if len(text) < QUICK_REJECT_BELOW and not self.might_match(text):
            return []
        return self.find_exact(text)

    def find_exact(self, text: str) -> list[Match]:
        """:meth:`find` without the quick rejection (the reference it must agree with)."""
        if self._empty:
            return []
        norm, index = fold_for_matching(text)
        candidates = []
        for end, (name, key) in self._automaton.iter(norm):
            start = end - len(name) + 1
            end += 1
            if _latin(name[0]) and start > 0 and _latin(norm[start - 1]):
                continue
            kana_only = all(_hiragana(ch) for ch in name)
            if start > 0 and _continues(name[0], norm[start - 1], kana_only):
                continue
            if end < len(norm) and _continues(name[-1], norm[end], kana_only):
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
                if index is None:
                    matches.append(Match(start, end, key))
                else:
                    matches.append(Match(index[start], index[end - 1] + 1, key))
                taken_until = end
        return matches
