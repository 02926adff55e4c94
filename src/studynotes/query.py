"""How the site search reads a query: the words a page is asked for, and the phrases that rank first.

A query is cut at its spaces into chunks. English needs nothing more. A Japanese chunk is typed
without spaces (勾配が小さくなりすぎて学習が進まない), so it is cut into words here, the same way for every
query and in both implementations (this one, and ``analyze()`` in search-worker.js, which reads the
lists of ``data/query-words.yml`` from the index's manifest; ``tests/fixtures/search/queries-read.json``
holds vectors both must agree on):

- where the script changes: a run of kanji is a word, and so is a run of katakana (with ー and ・);
  a Latin word is a word;
- a run of hiragana is read as the function words it is made of (particles, auxiliaries, the endings
  of verbs and adjectives; ``data/query-words.yml``); what is left, two characters or more, is a word
  (ばらつき); one or two characters right after kanji are the kanji's okurigana and go with it;
- a kanji standing alone before its okurigana (進まない, 小さくなりすぎる) is the stem of a verb or
  an adjective: it is asked for as the index holds a lone kanji (``search.RE_LONE_KANJI``), so that
  it meets the other forms of its stem (進む, 小さい);
- an okurigana kana between two kanji belongs to them (繰り返す), as the index's folding says;
- generic words (方法, 理由, how, the …) are not asked for, unless the query has nothing else.

A chunk with no kanji nor katakana (a reading, or hiragana for a katakana word: どろっぷあうと) is
one word, as it is typed. A chunk cut into two words or more, or into less than it says (ん特: 特),
is also kept whole as a phrase, unless it is a sentence, whose phrase would ask for more than
``PHRASE_EXTRA`` tokens beyond its words': a page that has it as written ranks before the pages that
only have its words, and has every word of it.

Each word is a list of groups of index tokens that must all be in one section (any token of a
group will do): the non-overlapping bigrams of its Japanese (:func:`cover`), or the stem of a Latin
word; a lone kanji's group is its stem or, as a compound may hold it, the kanji with the kana the
query gave it (動できる meets 起動できる).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .search import KANJI, OKURIGANA, RE_JAPANESE, RE_WORD, compose_table, fold, stem

WORDS_FILE = Path(__file__).with_name("data") / "query-words.yml"
MAX_WORDS = 30  # words of a query that count (search-worker.js: MAX_WORDS)
MAX_FUNCTION = 8  # the longest function word, in characters (checked when the lists are read)
PHRASE_EXTRA = 4  # tokens a phrase may ask for beyond its words' (a sentence's would double the shards to read)

RE_KANJI_CHAR = re.compile(f"[{KANJI}]")
RE_KATAKANA_CHAR = re.compile("[\u30a1-\u30fa\u30fc\u30fb\u30fd\u30fe]")
RE_HIRAGANA_CHAR = re.compile("[\u3041-\u3096\u309d\u309e]")
LONG_VOWEL = "\u30fc"


@dataclass(frozen=True)
class Lists:
    function: frozenset[str]  # hiragana
    generic: frozenset[str]   # as typed, lower-cased


@functools.lru_cache(maxsize=1)
def lists(path: Path = WORDS_FILE) -> Lists:
    """The function words and generic words of ``data/query-words.yml``. A malformed file stops the
    build with its line, what was found and what is expected."""
    root, refuse = compose_table(path)
    found: dict[str, frozenset[str]] = {}
    keys = {node.value: value for node, value in root.value} if isinstance(root, yaml.MappingNode) else {}
    for key in ("function", "generic"):
        value = keys.get(key)
        groups = value.value if isinstance(value, yaml.SequenceNode) else None
        if groups is None or not all(isinstance(g, yaml.SequenceNode) for g in groups):
            raise refuse(value.start_mark.line + 1 if value is not None else 1,
                         f"`{key}:` is expected, a list of lists of words such as `- [が, を]`",
                         f"`{key}:` には `- [が, を]` のような語のリストのリストを書いてください")
        words = set()
        for group in groups:
            for word in group.value:
                text = word.value if isinstance(word, yaml.ScalarNode) else ""
                if not text.strip() or (key == "function" and (
                        len(text) > MAX_FUNCTION or not all(RE_HIRAGANA_CHAR.match(c) for c in text))):
                    raise refuse(word.start_mark.line + 1,
                                 f"`{text}` is not a {key} word: expected " + (
                                     f"hiragana, at most {MAX_FUNCTION} characters" if key == "function" else
                                     "a word"),
                                 f"`{text}` は使えません: " + (
                                     f"{MAX_FUNCTION} 文字以内のひらがなにしてください" if key == "function" else
                                     "語を書いてください"))
                words.add(text if key == "function" else text.lower())
        found[key] = frozenset(words)
    return Lists(found["function"], found["generic"])


def manifest_lists() -> dict[str, list[str]]:
    """The lists as the browser's worker reads them from the manifest."""
    found = lists()
    return {"function": sorted(found.function), "generic": sorted(found.generic)}


Groups = tuple[tuple[str, ...], ...]  # each group: its tokens, any one of which will do


@dataclass(frozen=True)
class Read:
    words: tuple[Groups, ...]    # each word's groups (every group in one section)
    phrases: tuple[Groups, ...]  # each chunk cut into words, whole (every group in one section)


def cover(run: str) -> list[str]:
    """The bigrams a query needs of a folded Japanese run: every character covered, pairs not
    overlapping but for the last (最小最大正規化: 最小 最大 正規 規化); a lone character as itself."""
    if len(run) == 1:
        return [run]
    pairs = [run[i:i + 2] for i in range(len(run) - 1)]
    return [p for i, p in enumerate(pairs) if i % 2 == 0 or i == len(pairs) - 1]


def _script(text: str) -> list[str]:
    """Each character's script: K (kanji, or an okurigana kana between two kanji), T (katakana, ー
    after anything but hiragana, ・), H (hiragana, ー after it), or O (anything else)."""
    out = []
    for i, ch in enumerate(text):
        if RE_KANJI_CHAR.match(ch) or (ch in OKURIGANA and out and out[-1] == "K" and i + 1 < len(text)
              and RE_KANJI_CHAR.match(text[i + 1])):
            kind = "K"
        elif ch == LONG_VOWEL:
            kind = "H" if out and out[-1] == "H" else "T"
        elif RE_KATAKANA_CHAR.match(ch):
            kind = "T"
        elif RE_HIRAGANA_CHAR.match(ch):
            kind = "H"
        else:
            kind = "O"
        out.append(kind)
    return out


def _runs(text: str) -> list[tuple[str, str]]:
    """(script, text) of each run of one script."""
    runs: list[tuple[str, str]] = []
    for ch, kind in zip(text, _script(text), strict=True):
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
    return runs


def hiragana_words(run: str, after_kanji: bool, function: frozenset[str]) -> list[str]:
    """What is left of a hiragana run once its function words are taken out: the fewest characters
    left, then the fewest pieces (the first such reading, scanning from the left); pieces of two
    characters or more, but for one or two characters at the start after kanji (its okurigana)."""
    run = run.replace(LONG_VOWEL, "")
    n = len(run)
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    back: list[tuple[int, bool]] = [(0, False)] * (n + 1)  # (from, a function word)
    best[0] = (0, 0)
    for i in range(n):
        if best[i] is None:
            continue
        cost, pieces = best[i]
        for length in range(min(MAX_FUNCTION, n - i), 0, -1):
            if run[i:i + length] in function and (best[i + length] is None or (cost, pieces + 1) < best[i + length]):
                best[i + length], back[i + length] = (cost, pieces + 1), (i, True)
        if best[i + 1] is None or (cost + 1, pieces + 1) < best[i + 1]:
            best[i + 1], back[i + 1] = (cost + 1, pieces + 1), (i, False)
    kept = [False] * n
    at = n
    while at > 0:
        start, is_function = back[at]
        if not is_function:
            kept[start] = True
        at = start
    words, i = [], 0
    while i < n:
        if not kept[i]:
            i += 1
            continue
        j = i
        while j < n and kept[j]:
            j += 1
        if j - i >= 2 and not (after_kanji and i == 0 and j - i <= 2):
            words.append(run[i:j])
        i = j
    return words


def _japanese_words(chunk: str, function: frozenset[str]) -> list[tuple[str, str]]:
    """The words of a chunk's Japanese (see the module's docstring), as typed, each with the kana
    that follows it in the query (a lone kanji's okurigana)."""
    words = []
    previous = "O"
    runs = _runs(chunk)
    for i, (kind, text) in enumerate(runs):
        after = runs[i + 1][1][0] if i + 1 < len(runs) and runs[i + 1][0] == "H" else ""
        if kind == "K":
            words.append((text, after))
        elif kind == "T" and len("".join(RE_JAPANESE.findall(fold(text)))) >= 2:  # not グー: it is ぐ
            words.append((text, ""))
        elif kind == "H":
            words += [(w, "") for w in hiragana_words(text, previous == "K", function)]
        previous = kind
    return words


def _japanese_groups(word: str, after: str) -> Groups:
    """A Japanese word's groups: its :func:`cover`; a lone kanji, the stem or, as a page may write it
    inside a compound (起動できる for 動できる), the kanji with the kana the query gave it."""
    folded = fold(word)
    if len(folded) == 1 and RE_KANJI_CHAR.match(folded):
        return ((folded, folded + fold(after)),) if after else ((folded,),)
    # one character cut off by a sign (グ・ース: ぐ, す) is in the index only beside its neighbours
    return tuple((t,) for run in RE_JAPANESE.findall(folded) if len(run) >= 2 for t in cover(run))


def _latin(folded: str) -> list[str]:
    return RE_WORD.findall(RE_JAPANESE.sub(" ", folded))


def read(query: str) -> Read:
    """The words and phrases of ``query`` (see the module's docstring)."""
    found = lists()
    chunks = list(dict.fromkeys(c for c in unicodedata.normalize("NFKC", query).lower().split() if fold(c)))
    words: list[tuple[Groups, str]] = []  # (groups, as typed)
    phrases: list[Groups] = []
    for chunk in chunks:
        folded = fold(chunk)
        whole = tuple([(t,) for run in RE_JAPANESE.findall(folded) for t in cover(run)]
                      + [(stem(w),) for w in _latin(folded)])
        if not any(k in "KT" for k in _script(chunk)):
            words.append((whole, chunk))
            continue
        parts = [(_japanese_groups(w, after), w) for w, after in _japanese_words(chunk, found.function)]
        parts += [(((stem(w),),), w) for w in _latin(folded)]
        parts = [p for p in parts if p[0]]
        words += parts
        asked = {g[0] for groups, _ in parts for g in groups}
        extra = len({g[0] for g in whole} - asked)
        if (len(parts) > 1 or extra) and extra <= PHRASE_EXTRA:
            phrases.append(whole)
    asked = [w for w in words if w[1] not in found.generic] or words
    unique = list(dict.fromkeys(groups for groups, _ in asked if groups))
    return Read(tuple(unique[:MAX_WORDS]), tuple(dict.fromkeys(phrases)))
