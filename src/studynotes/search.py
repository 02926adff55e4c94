"""Site search built at build time: a sharded n-gram index that the browser loads piece by piece.

Material's built-in search (lunr + TinySegmenter) misses Japanese words that are on the page,
because the page and the query are segmented differently, and builds its whole index in the browser
on first use. Here every section of every page is indexed at build time:

- Japanese (kana and kanji runs) as character bigrams, so any phrase of two or more characters is
  found wherever it appears, inside compounds too (``ウォームプール`` in ``マネージドウォームプール``);
- other words (Latin names, numbers) whole and lower-cased, English words also by a light stemmer
  (``normalization`` and ``normalize`` share ``normaliz``), the last word of a query as a prefix.

The postings are split into shards by the first two characters of a token, so a query downloads
only the few shards of its own tokens, plus a small file per page it shows. Tokenization is
mirrored exactly by ``docs/assets/javascripts/search-worker.js``; ``tests/fixtures/search`` holds
vectors both must agree on.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field

RE_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005]+")
RE_WORD = re.compile(r"[^\W_]+")
RE_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
RE_DROP = re.compile(r"<(script|style|math|svg)\b.*?</\1>|<a\b[^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S)
RE_TAG = re.compile(r"<[^>]+>")
RE_SPACE = re.compile(r"\s+")
SUFFIXES = (  # (suffix, replacement), longest first: a light English stemmer, mirrored in JS
    ("izations", "ize"), ("ization", "ize"), ("ational", "ate"), ("ations", "ate"), ("ation", "ate"),
    ("izing", "ize"), ("ized", "ize"), ("izes", "ize"), ("ings", ""), ("ing", ""), ("edly", ""),
    ("ies", "y"), ("ied", "y"), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""),
)
MIN_STEM = 3
TEXT_LIMIT = 400  # characters of a section's text kept for the result list
SHARD_TARGET_BYTES = 24_000
TITLE_WEIGHT = 4  # a token in a heading or title counts as this many in the text
NAME_PREFIX = "="  # shard entries for whole term names: "=<name>" → the term's page


def fold(text: str) -> str:
    """How text and queries are compared: NFKC, lower case (JS: normalize("NFKC").toLowerCase())."""
    return unicodedata.normalize("NFKC", text).lower()


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English stemmer; words with digits or non-ASCII letters are kept as they are."""
    if not word.isascii() or not word.isalpha():
        return word
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix) and not (suffix == "s" and word.endswith("ss")):
            base = word[: len(word) - len(suffix)] + replacement
            if len(base) >= MIN_STEM:
                word = base
                break
    if word.endswith("e") and len(word) > MIN_STEM:
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The index tokens of a text, in order: Japanese bigrams (a lone character as itself), stems."""
    folded = fold(text)
    out: list[str] = []
    for run in RE_JAPANESE.findall(folded):
        out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    for word in RE_WORD.findall(RE_JAPANESE.sub(" ", folded)):
        out.append(stem(word))
    return out


def shard_of(token: str, shards: int) -> int:
    """The shard of a token: by its first two characters, so a prefix finds its shard too."""
    return zlib.crc32(token[:2].encode("utf-8")) % shards


@dataclass
class Section:
    location: str       # page URL, with #anchor for a section
    title: str          # plain text
    text: str           # plain text
    names: tuple[str, ...] = ()  # a term page's title and aliases: an exact query puts it first


@dataclass
class SearchPage:
    url: str
    title: str
    sections: list[Section] = field(default_factory=list)


def page_sections(url: str, title: str, content: str, names: dict[str, tuple[str, ...]] | None = None,
                  tags: list[str] | tuple[str, ...] = ()) -> SearchPage:
    """Split a page's HTML at its headings into the page itself and one entry per section.

    ``names``: by location (the page's url, or url#anchor of a section), the term names it defines.
    ``tags``: the page's tags, found with the page itself.
    """
    names = names or {}
    content = RE_DROP.sub(" ", content)
    page = SearchPage(url, title)
    headings = list(RE_HEADING.finditer(content))
    intro = content[:headings[0].start()] if headings else content
    body_start = headings[0].end() if headings and headings[0].group(1) == "1" else 0
    if headings and headings[0].group(1) == "1":
        # What comes before the page's heading (a notice of the site) belongs to the page too.
        before = content[:headings[0].start()]
        intro = before + " " + (content[body_start:headings[1].start()] if len(headings) > 1 else content[body_start:])
        headings = headings[1:]
    page.sections.append(Section(url, title, " ".join([*tags, _plain(intro)]).strip(), names.get(url, ())))
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(content)
        location = f"{url}#{h.group(2)}"
        page.sections.append(Section(location, _plain(h.group(3)), _plain(content[h.end():end]),
                                     names.get(location, ())))
    return page


def _plain(fragment: str) -> str:
    return RE_SPACE.sub(" ", html.unescape(RE_TAG.sub(" ", fragment))).strip()


def build_index(pages: list[SearchPage], language: str) -> dict[str, str]:
    """The files of the search index: relative path under ``search/`` → text."""
    postings: dict[str, dict[int, int]] = {}  # token → doc → weighted count
    names: dict[str, int] = {}
    docs = []  # (page number, section number)
    files: dict[str, str] = {}
    for p, page in enumerate(pages):
        files[f"pages/{p}.json"] = json.dumps(
            {"sections": [[s.location, s.title, s.text[:TEXT_LIMIT]] for s in page.sections]},
            ensure_ascii=False, separators=(",", ":"))
        for s, section in enumerate(page.sections):
            doc = len(docs)
            docs.append((p, s))
            counts = Counter(tokens(section.text))
            for token in tokens(section.title):
                counts[token] += TITLE_WEIGHT
            for token, count in counts.items():
                if (by_doc := postings.get(token)) is None:
                    by_doc = postings[token] = {}
                by_doc[doc] = count
            for name in section.names:
                key = NAME_PREFIX + RE_SPACE.sub("", fold(name))
                names.setdefault(key, doc)
    size = sum(len(v) for v in postings.values()) * 8 + len(names) * 24
    shards = 1 << max(0, math.ceil(math.log2(max(1, size / SHARD_TARGET_BYTES))))
    buckets: list[dict] = [{} for _ in range(shards)]
    for token, by_doc in postings.items():
        # Documents are numbered in order, so each token's postings are already sorted by doc.
        buckets[shard_of(token, shards)][token] = [n for pair in by_doc.items() for n in pair]
    for name, doc in names.items():
        buckets[shard_of(name[1:], shards)][name] = doc
    for i, bucket in enumerate(buckets):
        files[f"shards/{i}.json"] = json.dumps(bucket, ensure_ascii=False, separators=(",", ":"))
    files["manifest.json"] = json.dumps({
        "version": 1, "language": language, "shards": shards, "docs": len(docs),
        "doc_pages": [p for p, _ in docs], "doc_sections": [s for _, s in docs],
        "title_weight": TITLE_WEIGHT,
    }, separators=(",", ":"))
    return files


def write_index(pages: list[tuple], language: str, directory: str) -> None:
    """Index pages given as ``page_sections`` arguments and write the index files into ``directory``."""
    for name, text in build_index([page_sections(*args) for args in pages], language).items():
        target = os.path.join(directory, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
