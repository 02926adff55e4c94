"""Finishing an imported page as the seed pages were finished by hand: terms, titles, tags, aliases.

The importer (:mod:`.importer`) turns a raw export into pages; this module guesses, from the text
alone, what an author used to fill in after it. Every guess is a pure function of the page's text
(and of the names the site already has), and every guess is listed in the import report for the
author to check (:class:`Guess`):

- **terms explained in a question** (:func:`explained_terms`): a heading that introduces a term
  (``X とは？``, ``X（Y）とは？``, with or without an emoji in front, at any level) is an entry of the
  question's ``terms:``; headings that ask or explain something else (``なぜ…のか？``,
  ``スケールを統一するとは？``, ``結論``) are not (:func:`introduced_name`);
- **a title** from the correct answer, else the problem sentence, else the terms the page explains
  (:func:`draft_title`), cut at a clause boundary to :data:`TITLE_LENGTH` characters;
- **tags** from the vocabulary of ``data/tags.yml``, its patterns and its tags' own names, matched
  anywhere in the text (:func:`propose_tags`);
- **aliases**: the English name in parentheses, the other names the text gives in parentheses
  (:func:`names_given`), and the short forms of AWS names (:func:`aws_short_forms`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from . import mdscan
from .matching import same_name_key
from .slugs import heading_anchors

TITLE_LENGTH = 40          # characters of a title in the navigation (a phone's line or two)
MIN_TITLE_LENGTH = 6       # a shorter cut is no title ("SageMaker" alone says nothing of the question)
MAX_TERM_LENGTH = 30       # characters of a term's name; a longer "X とは" is a phrase
MAX_ALIAS_LENGTH = 40
MAX_TERMS = 100            # terms declared for one page (a note of thousands of "X とは" is not a glossary)
FALLBACK_TAG = "未分類"     # a page the vocabulary says nothing of (the report asks for a tag)

RE_INTRODUCES = re.compile(r"\A(?P<name>.+?)[ \t　]*とは[ \t　]*[？?]?[ \t　]*\Z")
RE_NAME_AND_OTHER = re.compile(r"\A(?P<name>.+?)[ \t　]*[（(](?P<other>[^（）()]+)[）)]\Z")
# Hiragana particles and verb endings: a "name" holding one is a phrase (スケールを統一する).
RE_PHRASE = re.compile(r"[をがへ]|(?:する|される|できる|なる|った|ない|れる)\Z|[ぁ-ゖ](?:[るうくすつむぶぬぐ])\Z")
RE_QUESTION_WORD = re.compile(r"\A(?:なぜ|どう|どの|どんな|何|いつ|どこ|なに)")
RE_LEADING_SYMBOLS = re.compile(r"\A(?:(?![「『（(\"'])[\W_])+", re.U)
RE_QUOTED = re.compile(r"\A[「『\"'](?P<inner>[^「」『』]+)[」』\"']\Z")
RE_LATIN_ONLY = re.compile(r"\A[\x20-\x7e]+\Z")
RE_HIRAGANA_ONLY = re.compile(r"\A[ぁ-ゖー]+\Z")
RE_VENDOR_WORD = re.compile(r"(?<![A-Za-z0-9])(?:Amazon|AWS)[ \t]+(?=[A-Z])")
RE_GLOSS = re.compile(r"[ \t]*[（(][A-Za-z][^（）()]*[）)]")  # an English gloss in parentheses
RE_USING = re.compile(r"(?P<x>\S)[ \t]*を(?:使用|利用|活用)して[、]?")
RE_AWS_VENDOR = re.compile(r"\A(?P<vendor>Amazon|AWS)[ \t]+(?P<rest>\S.*)\Z")
# 正解は「A」です。／正解は「A」と「B」です。／正解は「A」および「B」です。
RE_ANSWER = re.compile(r"正解は(?P<answers>(?:「[^「」]+」(?P<joint>と|および|、|及び|,)?)+)")
RE_ANSWER_ITEM = re.compile(r"「(?P<text>[^「」]+)」")
# Bounded repeats: each start is scanned a bounded way, so a line of any length is read in linear time.
RE_ANSWER_AFTER = re.compile(r"(?:→\s*)?「?(?P<text>[^「」。！!\n]{4,120}?)」?の?が正解")
RE_PROBLEM = re.compile(r"(?P<text>[^。！？\n]{0,200}(?:[？?]|ソリューション|でしょうか))(?=[。？?]?[ \t]*(?:\n|\Z))")
RE_CHATTY = re.compile(r"(?:[ねよわぞな]|だね|だよ|しよう|みよう)[。！!]?\Z|\Aまず[、,]")
RE_SENTENCE_END = re.compile(r"[。．！？!?]")
RE_CLAUSE_END = re.compile(r"[、，,：:；;]")
RE_TE_FORM = re.compile(r"して|により|によって|を使って|を用いて")
RE_TRAILING = re.compile(r"(?:です|である|ます|でした)?[。．！？!?\s]*\Z")
RE_TRAILING_PARTICLE = re.compile(r"(?<![にでと])(?:は|が|を|も|の|へ)\Z|(?<=[\u3400-\u9fff])(?:し|して)\Z")
RE_GIVEN_PHRASE = re.compile(r"[ぁ-ゖ]{3,}|[とやをがはにで]")
# A space the export left between two Japanese characters (where bold was lost): not in a summary.
CJK = "\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e"
RE_CJK_SPACE = re.compile(f"(?<=[{CJK}])[ \t]+(?=[{CJK}])")
RE_MARKUP = re.compile(r"\*\*|__|`|^[ \t]*(?:[-*+]|\d+\.)[ \t]+|^#+[ \t]+|^[ \t]*>[ \t]?", re.M)
RE_EMOJI_BULLET = re.compile(r"[\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]")


@dataclass(frozen=True)
class ExplainedTerm:
    """A term a section of a question explains: an entry of the question's ``terms:``."""

    term: str
    aliases: tuple[str, ...]
    reading: str
    summary: str
    anchor: str
    line: int          # the heading's line in the page body
    heading: str       # the heading as written
    known_as: str = ""  # the name of the existing term it explains, where it is one

    def as_front_matter(self) -> dict:
        entry: dict = {"term": self.term, "aliases": list(self.aliases)}
        if self.reading:
            entry["reading"] = self.reading
        entry["summary"] = self.summary
        entry["anchor"] = self.anchor
        return entry


@dataclass
class Guess:
    """What the importer guessed for one page, for the author to check (the import report)."""

    title: str = ""
    title_from: str = ""            # "answer", "conclusion", "problem", "terms", "sentence" ("": none found)
    tags: list[str] = field(default_factory=list)
    tags_fallback: bool = False
    reading: str = ""
    aliases: list[str] = field(default_factory=list)
    terms: list[ExplainedTerm] = field(default_factory=list)


# -- text ------------------------------------------------------------------------------------------

def plain_text(markdown: str) -> str:
    """The text of Markdown without its markup and emoji bullets, on one line."""
    text = RE_EMOJI_BULLET.sub("", RE_MARKUP.sub("", markdown))
    text = re.sub(r"\\[()\[\]]", "", text)
    return " ".join(text.split())


def first_sentence(markdown: str) -> str:
    """The first sentence of the first paragraph of text (not a heading, table or rule), up to its
    first 。 outside 「…」 and （…）, ending with 。."""
    for block in re.split(r"\n\s*\n", markdown):
        stripped = block.lstrip()
        if not stripped or stripped.startswith(("#", "|", "---", "```", "~~~", "\\[")):
            continue
        text = plain_text(block)
        if text:
            return until_full_stop(text)
    return ""


def until_full_stop(text: str) -> str:
    """Text up to the first 。 that is not inside 「…」 or （…）; a 。 is added where there is none."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in "「『（("
        depth -= ch in "」』）)" and depth > 0
        if ch in "。．" and depth == 0:
            return text[:i + 1]
    return text.rstrip("！!？? ") + "。"


# -- terms explained in questions -------------------------------------------------------------------

def introduced_name(heading: str) -> tuple[str, str] | None:
    """(X, Y) of a heading that introduces a term: ``🔹 X（Y）とは？`` → (X, Y); ``X とは`` → (X, "").
    None for a heading that asks or explains something else: a question word (なぜ…), a phrase with
    a particle or a verb (スケールを統一するとは？), a sentence (。、), a name of over
    :data:`MAX_TERM_LENGTH` characters."""
    text = RE_LEADING_SYMBOLS.sub("", unicodedata.normalize("NFC", heading)).strip()
    text = text.replace("**", "").replace("`", "")
    m = RE_INTRODUCES.match(text)
    if m is None:
        return None
    name, other = m.group("name").strip(), ""
    if (quoted := RE_QUOTED.match(name)) is not None:
        name = quoted.group("inner").strip()
    if (pair := RE_NAME_AND_OTHER.match(name)) is not None:
        name, other = pair.group("name").strip(), pair.group("other").strip()
    if (quoted := RE_QUOTED.match(name)) is not None:
        name = quoted.group("inner").strip()
    if (not name or len(name) > MAX_TERM_LENGTH or RE_QUESTION_WORD.match(name) or RE_PHRASE.search(name)
            or any(ch in name for ch in "、。，？?！!「」：:")):
        return None
    if len(same_name_key(name)) < 2:
        return None
    return name, other


def explained_terms(body: str, known: Mapping[str, str], reading_of: Callable[[str], str],
                    raw_text: str = "") -> list[ExplainedTerm]:
    """The terms the sections of a question's ``body`` (Markdown, as the page will hold it) explain.

    ``known``: :func:`.matching.same_name_key` of every name the site already has → the name of its
    term (a glossary title, or a question's term): a section explaining a known term is declared
    with that name, so that it becomes an explanation of it. ``reading_of``: a hiragana reading of a
    name ('' if it has none). ``raw_text``: the whole raw file, where AWS short forms are looked for.
    """
    anchors = {line: anchor for anchor, line in heading_anchors(body, 1).items()}
    found: list[ExplainedTerm] = []
    seen: set[str] = set()
    heads = [h for h in mdscan.headings(body, 1) if h.level >= 2]
    for i, h in enumerate(heads):
        if len(found) >= MAX_TERMS:
            break
        introduced = introduced_name(h.text)
        if introduced is None or h.line not in anchors:
            continue
        name, other = introduced
        reading = ""
        names = [name]
        if other and RE_HIRAGANA_ONLY.match(other):
            reading = other  # 勾配（こうばい）とは？
        elif other and len(same_name_key(other)) >= 2 and len(other) <= MAX_ALIAS_LENGTH:
            names.append(other)
        if (noun := ing_form(name, other, body)) is not None:
            names.insert(0, noun)  # ワンホットエンコード（One-Hot Encoding）: the page says ワンホットエンコーディング
            name = noun
        end = next((x.start for x in heads[i + 1:] if x.level <= h.level), len(body))
        section = body[h.end:end]
        names += names_given(name, section)
        for n in list(names):
            names += aws_short_forms(n, raw_text or body)
        term = name
        known_as = next((known[k] for n in names if (k := same_name_key(n)) in known), "")
        if known_as:
            term = known_as
        names = distinct([n for n in names if same_name_key(n) != same_name_key(term)])
        key = same_name_key(term)
        if key in seen:
            continue
        seen.add(key)
        if not reading:
            reading = reading_of(term)
        summary = RE_CJK_SPACE.sub("", first_sentence(section))
        if not summary:
            continue
        found.append(ExplainedTerm(term, tuple(names), reading, summary, anchors[h.line], h.line, h.text, known_as))
    return found


def ing_form(name: str, english: str, text: str) -> str | None:
    """The katakana noun of an English ``-ing`` name, where the heading gives the verb's katakana and
    the text the noun's (``ワンホットエンコード（One-Hot Encoding）`` and ``ワンホットエンコーディング``
    in the text); None where the text has no such word."""
    if not english.lower().endswith("ing") or not re.search(r"[\u30a0-\u30ff]\Z", name) or name.endswith("ング"):
        return None
    stem = name[:-1]
    for m in re.finditer(re.escape(stem) + r"[\u30a0-\u30ff]*ング", text):
        return m.group()
    return None


def names_given(name: str, text: str) -> list[str]:
    """Other names the text gives a term in parentheses: ``name（Other）`` and ``Other（name）``,
    where ``name`` stands as a word (not the end of a longer one: 勾配 in 消失勾配（…）). Readings
    (hiragana only) and explanations (sentences, long texts) are not names."""
    found = []
    esc = re.escape(name)
    boundary = r"(?<![\w\u30a0-\u30ff\u3400-\u9fff])"
    for m in re.finditer(boundary + esc + r"[ \t]*[（(](?P<other>[^（）()\n]{2,40})[）)]", text):
        found.append(m.group("other").strip())
    for m in re.finditer(r"(?P<other>[A-Za-z][A-Za-z0-9 .\-]{1,39}|[\u30a0-\u30ff\u3400-\u9fff]{2,20})[ \t]*[（(]"
                         + esc + r"[）)]", text):
        found.append(m.group("other").strip())
    out = []
    for other in found:
        if (RE_HIRAGANA_ONLY.match(other) or any(ch in other for ch in "、。，：:「」=＝")
                or len(same_name_key(other)) < 2 or RE_GIVEN_PHRASE.search(other)):
            continue
        out.append(other)
    return distinct(out)


def aws_short_forms(name: str, text: str) -> list[str]:
    """Short forms of an AWS name: without ``Amazon``/``AWS`` always (``Amazon Macie`` → ``Macie``),
    and each shorter tail where ``text`` writes it on its own (``Model Monitor`` of ``Amazon SageMaker
    Model Monitor`` where the notes write ``Model Monitor`` without ``SageMaker`` before it)."""
    m = RE_AWS_VENDOR.match(name.strip())
    if m is None:
        return []
    rest = m.group("rest")
    forms = [rest] if len(same_name_key(rest)) >= 2 else []
    words = rest.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        before = words[i - 1]
        if len(same_name_key(tail)) < 3:
            continue
        pattern = (r"(?<![A-Za-z0-9])(?<!" + re.escape(before) + r" )" + re.escape(tail) + r"(?![A-Za-z0-9])")
        if re.search(pattern, text):
            forms.append(tail)
    return forms


def distinct(names: Iterable[str]) -> list[str]:
    out, keys = [], set()
    for n in names:
        k = same_name_key(n)
        if k and k not in keys:
            keys.add(k)
            out.append(n)
    return out


# -- titles ----------------------------------------------------------------------------------------

def draft_title(body: str, terms: Iterable[str] = ()) -> tuple[str, str]:
    """A draft title of a question page and where it came from: the correct answer (two answers
    joined as the note joins them), else the sentence that says what is correct, else the problem
    sentence, else the terms its sections explain, else its first sentence that is not a chatty
    opener; cut at a clause boundary to at most :data:`TITLE_LENGTH` characters, never 「…」."""
    text = "\n".join(t for line in body.split("\n") if not line.lstrip().startswith("#") and (t := plain_text(line)))
    for source, candidate in _title_candidates(text, list(terms)):
        title = candidate if source == "terms" and len(candidate) <= TITLE_LENGTH else shorten(candidate)
        if title:
            return title, source
    return "", ""


def _title_candidates(text: str, terms: list[str]):
    if (m := RE_ANSWER.search(text)) is not None:
        answers = [a.group("text") for a in RE_ANSWER_ITEM.finditer(m.group("answers"))]
        joint = m.group("joint") or "と"
        if len(answers) == 1:
            yield "answer", answers[0]
        else:
            whole = joint.join(f"「{_bare(a)}」" for a in answers)
            if len(whole) <= TITLE_LENGTH:
                yield "answer", whole
            cut = [shorten(a, (TITLE_LENGTH - len(joint) * (len(answers) - 1)) // len(answers) - 2) for a in answers]
            if all(cut):
                yield "answer", joint.join(f"「{c}」" for c in cut)
    for m in RE_ANSWER_AFTER.finditer(text):
        yield "conclusion", m.group("text")
    for m in RE_PROBLEM.finditer(text):
        if "正解" not in m.group("text"):
            yield "problem", m.group("text")
    if terms:
        shown = "・".join(terms)
        if len(shown) <= TITLE_LENGTH:
            yield "terms", shown
        else:
            yield "terms", "・".join(terms[:3])
    sentences = [x.strip() for x in re.split(r"(?<=[。！？!?])|\n", text) if x and x.strip()]
    for sentence in sentences:
        if not RE_CHATTY.search(sentence) and "正解は" not in sentence:
            yield "sentence", sentence
    for sentence in sentences:  # no boundary to cut at: the words that fit
        if not RE_CHATTY.search(sentence):
            words = re.sub(r"\A.*?正解は", "", sentence)[:TITLE_LENGTH]
            yield "sentence", words.rsplit(" ", 1)[0] if len(sentence) > TITLE_LENGTH and " " in words else words


def _by_means(m: re.Match) -> str:
    """``X を使用して`` → ``X で`` (a space after a Latin name, as the notes write it)."""
    return m.group("x") + (" で" if m.group("x").isascii() else "で")


def _bare(text: str) -> str:
    return RE_TRAILING.sub("", text.strip())


def shorten(text: str, limit: int = TITLE_LENGTH) -> str:
    """``text`` as a title of at most ``limit`` characters: as it is, or its first sentence; else the
    same words shorter (AWS names without Amazon/AWS, ``X を使用して`` as ``X で``, no English gloss in
    parentheses); else cut at a clause boundary (、：), then at a te-form (…を使用して → …を使用);
    '' if no cut leaves a title."""
    text = " ".join(text.replace("「", " ").replace("」", " ").split()) if text.count("「") != text.count("」") else \
        " ".join(text.split())
    text = text.strip("→ ")
    if (quoted := RE_QUOTED.match(text)) is not None:
        text = quoted.group("inner")
    whole = _bare(text)
    if MIN_TITLE_LENGTH <= len(whole) <= limit and "…" not in whole:
        return whole
    sentence = RE_SENTENCE_END.search(text)
    if sentence is not None and sentence.end() < len(whole) and (first := shorten(text[:sentence.start()], limit)):
        return first
    plain = RE_VENDOR_WORD.sub("", text)
    variants = list(dict.fromkeys([text, plain, RE_USING.sub(_by_means, text), RE_USING.sub(_by_means, plain),
                                   RE_USING.sub(_by_means, RE_GLOSS.sub("", plain))]))
    for short in variants[1:]:
        if MIN_TITLE_LENGTH <= len(bare := _bare(short)) <= limit:
            return bare
    for boundary in (RE_CLAUSE_END, RE_TE_FORM):
        for variant in reversed(variants):  # the shortest words first: the cut keeps the most of them
            cuts = [m.start() for m in boundary.finditer(variant) if m.start() <= limit + 4]
            for at in reversed(cuts):
                title = RE_TRAILING_PARTICLE.sub("", _bare(variant[:at])).strip()
                if MIN_TITLE_LENGTH <= len(title) <= limit:
                    return title
    return ""


# -- tags ------------------------------------------------------------------------------------------

def propose_tags(text: str, vocabulary: Mapping[str, Mapping[str, list[str]]]) -> list[str]:
    """Tags of ``vocabulary`` (``data/tags.yml``: group → tag → patterns) whose patterns, or whose own
    name, occur anywhere in ``text`` (``L2 正則化`` → 正則化): services first, then topics."""
    groups = [(vocabulary.get(group) or {}) for group in ("services", "topics")]
    names = [tag for tags in groups for tag in tags]
    found = []
    for tags in groups:
        for tag, patterns in tags.items():
            # A tag's name inside a longer tag's name is that tag (AWS Glue in AWS Glue DataBrew).
            own_text = text
            for longer in names:
                if tag in longer and longer != tag:
                    own_text = own_text.replace(longer, " ")
            own = re.escape(tag)
            if RE_LATIN_ONLY.match(tag):
                own = r"(?<![A-Za-z0-9])" + own + r"(?![A-Za-z0-9])"
            if re.search(own, own_text) or any(re.search(p, text) for p in patterns or []):
                found.append(tag)
    return found


def romanized_letters(word: str, letters: Mapping[str, str]) -> str:
    """A hiragana reading of a Latin word spelled letter by letter (``GPU`` → じーぴーゆー; ``letters``
    maps each upper-case letter or digit to its reading; other signs are left out)."""
    return "".join(letters.get(c, "") for c in unicodedata.normalize("NFKC", word).upper())
