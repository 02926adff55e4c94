"""Site search built at build time: a sharded index that the browser loads piece by piece.

Material's built-in search (lunr + TinySegmenter) misses Japanese words that are on the page,
because the page and the query are segmented differently, and builds its whole index in the browser
on first use. Here every section of every page is indexed at build time, after one folding of the
text that readers' spellings share (:func:`fold`), applied to the index and to queries alike:

- NFKC (full and half width) and lower case; katakana as hiragana (``どろっぷあうと`` finds
  ``ドロップアウト``); the long-vowel mark ー after kana dropped (``サーバ`` = ``サーバー``); a middle dot
  or a space between kana dropped (``ワンホット・エンコーディング`` = ``ワンホットエンコーディング``; a hyphen,
  underscore or slash too);
  spelling variants from ``data/variants.yml`` (``組込み`` = ``組み込み``) written one way; one
  okurigana kana between two kanji dropped (``繰返す`` = ``繰り返す``, ``取扱い`` = ``取り扱い``), so the
  table needs only the variants this rule does not meet (``問合せ`` / ``問い合わせ``). The index also
  keeps the bigrams around each dropped kana, so a phrase that starts or ends at one is found.
- Japanese (kana and kanji runs) as character bigrams, so any phrase of two or more characters is
  found wherever it appears, inside compounds too (``ウォームプール`` in ``マネージドウォームプール``),
  and each kanji that stands alone by itself, the stem of a verb or an adjective (``進む``, ``小さい``)
  that a query's other form of it asks for (``進まない``: :mod:`.query`);
- other words whole and lower-cased, English words also by a light stemmer (``normalization`` and
  ``normalize`` share ``normaliz``); the parts of a CamelCase word (``FindMatches``: ``find``,
  ``matches``) and the join of words written with a hyphen, slash, underscore or dot (``Min-Max``:
  ``minmax``) are indexed too, so the separators readers type or leave out all meet.

Names of terms (titles, aliases, readings) point at their page or section; the Latin words of the
index are listed for the browser's typo correction (``words.json``). Postings are split into shards
by the first two characters of a token, so a query downloads only the shards of its own tokens,
plus a small file per page it shows. Tokenization is mirrored exactly by
``docs/assets/javascripts/search-worker.js``; ``tests/fixtures/search/vectors.json`` holds vectors
both must agree on.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import NotesError, Problem

VARIANTS_FILE = Path(__file__).with_name("data") / "variants.yml"
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\u3005\uf900-\ufaff"  # with 々 and the compatibility ideographs
RE_JAPANESE = re.compile(f"[\u3041-\u309f\u30a1-\u30fa{KANJI}]+")  # hiragana, katakana, kanji
# A kanji standing alone (進む, 小さい, 値を): also indexed by itself, so that a query's 進まない meets 進む.
RE_LONE_KANJI = re.compile(f"(?<![{KANJI}])[{KANJI}](?![{KANJI}])")
RE_WORD = re.compile(r"[^\W_]+")
RE_LONG_VOWEL = re.compile(r"(?<=[\u3041-\u309f])\u30fc+")  # ー after kana (folded to hiragana)
RE_KANA_SEPARATOR = re.compile(r"(?<=[\u3041-\u309f])[\u30fb\s\-_/\u2010]+(?=[\u3041-\u309f])")
# Latin words joined by one of these (no space) are also indexed as one word: min-max → minmax.
RE_JOINED = re.compile(r"[^\W\d_]+(?:[-_/.\u30fb][^\W\d_]+)+")
RE_CAMEL_WORD = re.compile(r"[A-Za-z]+")
RE_CAMEL_PART = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
RE_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
RE_DROP = re.compile(r"<(script|style|math|svg)\b.*?</\1>|<a\b[^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S)
RE_TAG = re.compile(r"<[^>]+>")
RE_SPACE = re.compile(r"\s+")
# One okurigana between two kanji (繰り返す, 取り扱い): the kana that end a verb's stem in compounds;
# particles (の が を は に と で も …) are not among them, so phrases stay apart.
OKURIGANA = "りみしきちいえけせげべめれねびぎじひわ"
RE_OKURIGANA = re.compile(f"(?<=[{KANJI}])[{OKURIGANA}](?=[{KANJI}])")
KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
SUFFIXES = (  # (suffix, replacement), longest first: a light English stemmer, mirrored in JS
    ("izations", "ize"), ("ization", "ize"), ("ational", "ate"), ("ations", "ate"), ("ation", "ate"),
    ("izing", "ize"), ("ized", "ize"), ("izes", "ize"), ("ings", ""), ("ing", ""), ("edly", ""),
    ("ies", "y"), ("ied", "y"), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""),
)
MIN_STEM = 3
MIN_WORD = 3  # letters: shorter Latin words are not offered for typo correction
TEXT_LIMIT = 1500  # characters of a section's text kept for the result list (the passage around a match)
SHARD_TARGET_BYTES = 12_000
TITLE_WEIGHT = 4  # a token in a heading, title or term name counts as this many in the text
NAME_PREFIX = "="  # shard entries for whole term names: "=<name>" → the term's page or section


Refuse = Callable[[int | None, str, str], NotesError]  # (line, English, Japanese) → the build's error


def compose_table(path: Path) -> tuple[yaml.Node | None, Refuse]:
    """One of the search's own tables (``data/*.yml``) as YAML nodes (their lines known), and what
    makes a problem of it, named by its path in the repository; invalid YAML stops the build with
    its line."""
    shown = path.relative_to(path.parents[3]).as_posix() if len(path.parents) > 3 else str(path)

    def refuse(line: int | None, en: str, ja: str) -> NotesError:
        return NotesError(Problem(shown, line, en, ja))

    try:
        return yaml.compose(path.read_text(encoding="utf-8")), refuse
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        mark = getattr(e, "problem_mark", None)
        raise refuse(mark.line + 1 if mark else None, f"not valid YAML ({getattr(e, 'problem', e)})",
                     "YAML として読めません") from None


def _variant_rules(path: Path = VARIANTS_FILE) -> list[tuple[str, str]]:
    """(variant, spelling kept) of every group, folded as the text is (but for the variants
    themselves), longest variant first. A malformed table stops the build with its line."""
    if not path.exists():
        return []
    root, refuse = compose_table(path)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise refuse(root.start_mark.line + 1, "expected a list of groups such as `- [組み込み, 組込み]`",
                     "`- [組み込み, 組込み]` のような組のリストにしてください")
    rules: dict[str, str] = {}
    where: dict[str, int] = {}
    for node in root.value:
        line = node.start_mark.line + 1
        spellings = [v.value for v in node.value] if isinstance(node, yaml.SequenceNode) else None
        if (spellings is None or len(spellings) < 2
                or not all(isinstance(v, yaml.ScalarNode) and v.value.strip() for v in node.value)):
            raise refuse(line, "a group is a list of two or more spellings: `- [組み込み, 組込み]`",
                         "一組は 2 つ以上の表記のリストです: `- [組み込み, 組込み]`")
        kept = _fold_plain(spellings[0])
        for spelling in spellings:
            folded = _fold_plain(spelling)
            if folded in where and where[folded] != line:
                raise refuse(line, f"`{spelling}` is already in the group on line {where[folded]}",
                             f"`{spelling}` は {where[folded]} 行目の組にもあります")
            where[folded] = line
            if folded != kept:
                rules[folded] = kept
    return sorted(rules.items(), key=lambda r: (-len(r[0]), r[0]))


def _fold_plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().translate(KATAKANA_TO_HIRAGANA)
    return RE_KANA_SEPARATOR.sub("", RE_LONG_VOWEL.sub("", text))


try:
    VARIANTS = _variant_rules()
    VARIANTS_PROBLEMS: list[Problem] = []
except NotesError as e:  # the build reports it (table_problems), with the file and line
    VARIANTS, VARIANTS_PROBLEMS = [], e.problems
RE_VARIANTS = re.compile("|".join(re.escape(v) for v, _ in VARIANTS)) if VARIANTS else None
VARIANT_OF = dict(VARIANTS)


def _fold_spelling(text: str) -> str:
    folded = _fold_plain(text)
    return RE_VARIANTS.sub(lambda m: VARIANT_OF[m.group()], folded) if RE_VARIANTS is not None else folded


def fold(text: str) -> str:
    """The search's folding: how the index's text and readers' queries are compared (see the
    module's docstring); mirrored by search-worker.js: fold()."""
    return RE_OKURIGANA.sub("", _fold_spelling(text))


def _okurigana_bigrams(spelled: str) -> list[str]:
    """The bigrams around each okurigana that :func:`fold` drops (繰り返す: 繰り, り返), in text
    folded but for them."""
    return [pair for m in RE_OKURIGANA.finditer(spelled)
            for pair in (spelled[m.start() - 1:m.end()], spelled[m.start():m.end() + 1])]


def _okurigana_lone_kanji(spelled: str) -> list[str]:
    """The kanji beside each okurigana that :func:`fold` drops, where they stand alone but for it
    (繰り返す: 繰, 返), so that a query's 返す meets 繰り返す."""
    lone = {m.start() for m in RE_LONE_KANJI.finditer(spelled)}
    return [spelled[i] for m in RE_OKURIGANA.finditer(spelled) for i in (m.start() - 1, m.end()) if i in lone]


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


def camel_parts(text: str) -> list[str]:
    """The lower-cased parts of the CamelCase words of ``text`` (``FindMatches``: find, matches)."""
    parts = []
    for word in RE_CAMEL_WORD.findall(unicodedata.normalize("NFKC", text)):
        pieces = RE_CAMEL_PART.findall(word)
        if len(pieces) > 1:
            parts += [p.lower() for p in pieces]
    return parts


def tokens(text: str) -> list[str]:
    """The index tokens of a text, in order: Japanese bigrams (a lone character as itself) and,
    after each run's bigrams, its kanji that stand alone (進む: 進; the stem a query's 進まない asks
    for); stems of the other words, then the parts of CamelCase words and the joins of hyphenated
    words."""
    return _tokens(text, fold(text))


def index_tokens(text: str) -> list[str]:
    """What the index holds of a text: its :func:`tokens`, and the bigrams around each okurigana
    that folding drops, so that a phrase starting or ending at the kana (``り返す``) is found as
    written. The text is folded once."""
    spelled = _fold_spelling(text)
    return (_tokens(text, RE_OKURIGANA.sub("", spelled)) + _okurigana_bigrams(spelled)
            + _okurigana_lone_kanji(spelled))


def _tokens(text: str, folded: str) -> list[str]:
    out: list[str] = []
    for run in RE_JAPANESE.findall(folded):
        out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        if len(run) > 1:
            out += RE_LONE_KANJI.findall(run)
    latin = RE_JAPANESE.sub(" ", folded)
    out += [stem(word) for word in RE_WORD.findall(latin)]
    out += [stem(part) for part in camel_parts(text)]
    out += [stem(re.sub(r"[-_/.\u30fb]", "", joined)) for joined in RE_JOINED.findall(latin)]
    return out


def shard_of(token: str, shards: int) -> int:
    """The shard of a token: by its first two characters, so a prefix finds its shard too."""
    return zlib.crc32(token[:2].encode("utf-8")) % shards


@dataclass
class Section:
    location: str       # page URL, with #anchor for a section
    title: str          # plain text
    text: str           # plain text
    names: tuple[str, ...] = ()  # names (and readings) of the terms it defines: an exact query puts it first


@dataclass
class SearchPage:
    url: str
    title: str
    sections: list[Section] = field(default_factory=list)
    listing: bool = False  # a page that lists others (home, indexes, tags): after the notes' pages


def page_sections(url: str, title: str, content: str, names: dict[str, tuple[str, ...]] | None = None,
                  tags: list[str] | tuple[str, ...] = (), listing: bool = False) -> SearchPage:
    """Split a page's HTML at its headings into the page itself and one entry per section.

    ``names``: by location (the page's url, or url#anchor of a section), the term names it defines.
    ``tags``: the page's tags, found with the page itself. ``listing``: the page lists others (an
    index, the tags, the home page): the search shows it after the pages of notes.
    """
    names = names or {}
    content = RE_DROP.sub(" ", content)
    page = SearchPage(url, title, listing=listing)
    headings = list(RE_HEADING.finditer(content))
    intro = content[:headings[0].start()] if headings else content
    body_start = headings[0].end() if headings and headings[0].group(1) == "1" else 0
    heading = ""
    if headings and headings[0].group(1) == "1":
        # What comes before the page's heading (a notice of the site) belongs to the page too; so do
        # the heading's words where the page's title is not the heading (Question 73: … for the title
        # 73. …), last, so that the passages shown come from the page's text first.
        before = content[:headings[0].start()]
        intro = before + " " + (content[body_start:headings[1].start()] if len(headings) > 1 else content[body_start:])
        heading = _plain(headings[0].group(3))
        heading = "" if heading == title else heading
        headings = headings[1:]
    page.sections.append(Section(url, title, " ".join([*tags, _plain(intro), heading]).strip(), names.get(url, ())))
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(content)
        location = f"{url}#{h.group(2)}"
        page.sections.append(Section(location, _plain(h.group(3)), _plain(content[h.end():end]),
                                     names.get(location, ())))
    return page


def _plain(fragment: str) -> str:
    return RE_SPACE.sub(" ", html.unescape(RE_TAG.sub(" ", fragment))).strip()


def name_token(name: str) -> str:
    """The index's token of a term name: the name as the search folds it, without spaces."""
    return NAME_PREFIX + RE_SPACE.sub("", fold(name))


def latin_words(text: str) -> set[str]:
    """The Latin words of ``text`` as written, lower-cased (CamelCase words also by their parts):
    what the browser corrects a mistyped word to, before stemming it (``paddign`` → ``padding``)."""
    text = unicodedata.normalize("NFKC", text)
    found = {w for w in (m.lower() for m in RE_CAMEL_WORD.findall(text)) if len(w) >= MIN_WORD}
    found.update(p for p in camel_parts(text) if len(p) >= MIN_WORD)
    return found


def _section_counts(section: Section) -> Counter:
    """A section's tokens and their weighted counts (a token of its title or names weighs more)."""
    counts = Counter(index_tokens(section.text))
    for token in index_tokens(section.title) + [t for name in section.names for t in tokens(name)]:
        counts[token] += TITLE_WEIGHT
    return counts


def _section_words(section: Section) -> set[str]:
    return latin_words(" ".join([section.title, section.text, *section.names]))


def _page_file(page: SearchPage) -> str:
    return json.dumps({"sections": [[s.location, s.title, s.text[:TEXT_LIMIT]] for s in page.sections]},
                      ensure_ascii=False, separators=(",", ":"))


def _shard_count(postings: int, names: int) -> int:
    size = postings * 8 + names * 24
    return 1 << max(0, math.ceil(math.log2(max(1, size / SHARD_TARGET_BYTES))))


def _encode(by_doc: dict[int, int]) -> list[int]:
    """A token's postings as (gap, count) pairs, documents in order."""
    flat, last = [], 0
    for d in sorted(by_doc):
        flat += [d - last, by_doc[d]]
        last = d
    return flat


def _decode(flat: list[int]) -> dict[int, int]:
    by_doc, doc = {}, 0
    for i in range(0, len(flat), 2):
        doc += flat[i]
        by_doc[doc] = flat[i + 1]
    return by_doc


def _dump(value, ascii_only: bool = False) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))


@dataclass
class IndexState:
    """What a written index keeps besides its files, so that one page can be indexed again in
    place (:func:`replace_page`) without indexing every page again: the preview's fast path."""

    language: str
    shards: int
    postings: int                    # (token, document) pairs in every shard
    names: dict[str, int]            # name token → its document
    words: Counter                   # Latin word → the sections that have it
    page_first_doc: list[int]
    docs: int


def build_index(pages: list[SearchPage], language: str) -> dict[str, str]:
    """The files of the search index: relative path under ``search/`` → text."""
    return _build(pages, language)[0]


def _build(pages: list[SearchPage], language: str) -> tuple[dict[str, str], IndexState]:
    postings: dict[str, dict[int, int]] = {}  # token → doc → weighted count
    names: dict[str, int] = {}
    first_docs = []  # the first doc of each page (docs are numbered page by page)
    files: dict[str, str] = {}
    words: Counter = Counter()
    doc = 0
    for p, page in enumerate(pages):
        first_docs.append(doc)
        files[f"pages/{p}.json"] = _page_file(page)
        for section in page.sections:
            for token, count in _section_counts(section).items():
                if (by_doc := postings.get(token)) is None:
                    by_doc = postings[token] = {}
                by_doc[doc] = count
            words.update(_section_words(section))
            for name in section.names:
                names.setdefault(name_token(name), doc)
            doc += 1
    total = sum(len(v) for v in postings.values())
    shards = _shard_count(total, len(names))
    buckets: list[dict] = [{} for _ in range(shards)]
    for token, by_doc in postings.items():
        buckets[shard_of(token, shards)][token] = _encode(by_doc)
    for name, d in names.items():
        buckets[shard_of(name[1:], shards)][name] = d
    for i, bucket in enumerate(buckets):
        files[f"shards/{i}.json"] = _shard_file(bucket)
    files["words.json"] = _dump(sorted(words), ascii_only=True)
    # Every page's address and title, read when the search box is opened: the first results show
    # at once, their passages follow from the pages' files.
    files["titles.json"] = _dump([[page.url, page.title] for page in pages])
    files["manifest.json"] = _dump({
        "version": 2, "language": language, "shards": shards, "docs": doc, "page_first_doc": first_docs,
        "title_weight": TITLE_WEIGHT, "variants": VARIANTS,
        "listings": [p for p, page in enumerate(pages) if page.listing], "query_words": _query_words(),
    })
    return files, IndexState(language, shards, total, names, words, first_docs, doc)


def table_problems() -> list[Problem]:
    """What is wrong with the search's own tables (``data/variants.yml``, ``data/query-words.yml``):
    the build stops on them before it starts, each with its file and line."""
    from .query import lists

    try:
        lists()
    except NotesError as e:
        return VARIANTS_PROBLEMS + e.problems
    return list(VARIANTS_PROBLEMS)


def _query_words() -> dict[str, list[str]]:
    from .query import manifest_lists  # query.py reads queries with this module's folding

    return manifest_lists()


def _shard_file(bucket: dict) -> str:
    """A shard's tokens in sorted order: the same file however its tokens were added."""
    return json.dumps(bucket, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def replace_page(directory: str, state: IndexState, p: int, old: SearchPage, new: SearchPage) -> list[str] | None:
    """Index page ``p`` again as ``new`` (it was ``old``) in the index written in ``directory``,
    rewriting only the files that change (what :func:`write_index` of every page would write);
    the names of the files rewritten, or None where the change cannot be made in place (its
    sections, title, names or the number of shards change: the whole index is to be written)."""
    if (len(old.sections) != len(new.sections) or old.title != new.title or old.url != new.url
            or old.listing != new.listing
            or any(a.names != b.names for a, b in zip(old.sections, new.sections, strict=False))):
        return None
    first = state.page_first_doc[p]
    # shard → token → [(doc, its count there, None where it is gone)]
    changed: dict[int, dict[str, list[tuple[int, int | None]]]] = {}
    postings = state.postings
    words = Counter(state.words)
    for i, (a, b) in enumerate(zip(old.sections, new.sections, strict=False)):
        before, after = _section_counts(a), _section_counts(b)
        for token in before.keys() | after.keys():
            if before.get(token) != after.get(token):
                changed.setdefault(shard_of(token, state.shards), {}).setdefault(token, []).append(
                    (first + i, after.get(token)))
        postings += len(after) - len(before)
        words.subtract(_section_words(a))
        words.update(_section_words(b))
    words = Counter({w: n for w, n in words.items() if n > 0})
    if _shard_count(postings, len(state.names)) != state.shards:
        return None
    written = []
    for shard, tokens_changed in changed.items():
        name = f"shards/{shard}.json"
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            bucket = json.load(f)
        for token, updates in tokens_changed.items():
            by_doc = _decode(bucket.get(token, []))
            for d, count in updates:
                if count is None:
                    by_doc.pop(d, None)
                else:
                    by_doc[d] = count
            if by_doc:
                bucket[token] = _encode(by_doc)
            else:
                bucket.pop(token, None)
        _write(directory, name, _shard_file(bucket))
        written.append(name)
    if (page := _page_file(new)) != _page_file(old):
        _write(directory, f"pages/{p}.json", page)
        written.append(f"pages/{p}.json")
    if words.keys() != state.words.keys():
        _write(directory, "words.json", _dump(sorted(words), ascii_only=True))
        written.append("words.json")
    state.postings, state.words = postings, words
    return written


def _write(directory: str, name: str, text: str) -> None:
    """Write one file of the index, in place of the old one at once (a reader never sees half)."""
    target = os.path.join(directory, name)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(target + ".tmp", target)


def write_index(pages: list[tuple], language: str, directory: str) -> IndexState:
    """Index pages given as ``page_sections`` arguments and write the index files into ``directory``."""
    files, state = _build([page_sections(*args) for args in pages], language)
    for name, text in files.items():
        _write(directory, name, text)
    return state
