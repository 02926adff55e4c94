"""Helpers shared by tests: visible text of Markdown and HTML, compared without markup or spaces."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from studynotes import mdscan

RE_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
RE_LINE_MARKUP = re.compile(r"^\s*(?:#+\s|[-*+]\s|\d+\.\s|>\s?)")
# The first line of an admonition (!!!) or a collapsible block (???): its type is markup, and what it
# shows is its title, as Python-Markdown makes it: the title written, none for "", else the type's
# first word capitalized.
RE_ADMONITION = re.compile(r'^\s*(?:!!!|\?{3}\+?) ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *$')
RE_INLINE_MARKUP = re.compile(r"\*\*|__|`")
# A raw HTML tag (not text), or an inline code span, whose tags are text (shown as written).
RE_TAG_OR_CODE = re.compile(r"(`+).+?\1|<[^>]+>")
RE_MARKED_JAPANESE = re.compile(r'<span lang="ja">(.*?)</span>', re.S)  # studynotes.langmark's marks


def without_marks(html: str) -> str:
    """An English page as it was before its Japanese words were marked ``lang="ja"``."""
    return RE_MARKED_JAPANESE.sub(r"\1", html)


RE_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")  # a thematic break: markup only
SKIP_TAGS = {"script", "style", "annotation", "math", "svg", "nav", "header", "footer", "title"}


def squash(text: str) -> str:
    """Text compared as a reader sees it: no whitespace, no table pipes."""
    return re.sub(r"[\s|]+", "", text)


def source_lines(markdown: str) -> list[tuple[int, str, list[str]]]:
    """(line number, visible text, formulas) for every line of a note that carries text (raw HTML
    tags are not text, but inside inline code they are).

    Formulas (which may span lines) are taken out first and reported at the line they start on.
    """
    formulas: dict[int, list[str]] = {}

    def take(m: re.Match) -> str:
        formulas.setdefault(markdown.count("\n", 0, m.start()) + 1, []).append((m.group(1) or m.group(2)).strip())
        return "\n" * m.group(0).count("\n")

    # Lines that are only markup, as the site's renderer reads them (studynotes.mdscan): the fences
    # of fenced code and the delimiter rows of tables.
    markup = {n for fence in mdscan.fences(markdown) for n in (fence.first, fence.last)}
    markup |= {start + 1 for start in mdscan.table_starts(markdown)}
    out = []
    for number, line in enumerate(RE_MATH.sub(take, markdown).split("\n"), 1):
        text = "" if number in markup or RE_RULE.fullmatch(line) else line
        if m := RE_ADMONITION.match(text):
            text = m[1].split(" ", 1)[0].capitalize() if m[2] is None else m[2]
        text = RE_TAG_OR_CODE.sub(lambda m: m[0] if m[1] else "", text)
        text = RE_INLINE_MARKUP.sub("", RE_LINE_MARKUP.sub("", text))
        if squash(text) or number in formulas:
            out.append((number, squash(text), formulas.get(number, [])))
    return out


class _Text(HTMLParser):
    def __init__(self, editors: bool = True):
        super().__init__()
        self.parts, self.skip, self.tex = [], 0, []
        self._in_tex = False
        self._editors = editors
        self._editor: list[str] = []  # inside an editor's note left out: the tags open in it

    def handle_starttag(self, tag, attrs):
        if self._editor:
            if tag in ("div", "details"):
                self._editor.append(tag)
            return
        if not self._editors and tag in ("div", "details") and is_editor_note(tag, dict(attrs).get("class")):
            self._editor.append(tag)
            return
        if tag in SKIP_TAGS:
            self.skip += 1
        if tag == "annotation":
            self._in_tex = True

    def handle_endtag(self, tag):
        if self._editor:
            if tag in ("div", "details"):
                self._editor.pop()
            return
        if tag in SKIP_TAGS:
            self.skip -= 1
        if tag == "annotation":
            self._in_tex = False

    def handle_data(self, data):
        if self._editor:
            return
        if self._in_tex:
            self.tex.append(data.strip())
        elif not self.skip:
            self.parts.append(data)


def is_editor_note(tag: str, classes: str | None) -> bool:
    """Whether an element is an editor's note (``!!! editor``, ``??? editor``): not the author's text."""
    names = (classes or "").split()
    return "editor" in names and (tag == "details" or "admonition" in names)


def visible_text(html: str, editors: bool = True) -> tuple[str, list[str]]:
    """The article text of a built page (navigation left out) and the TeX of its formulas; with
    ``editors=False``, the author's text only: editors' notes (``!!! editor``) left out."""
    start = html.find('<article')
    end = html.find('</article>')
    parser = _Text(editors)
    parser.feed(html[start:end] if start >= 0 else html)
    return "".join(parser.parts), parser.tex


def term_cards(page_html: str) -> dict[str, dict[str, str]]:
    """The term cards of a built page (studynotes.cards): term key → its card's texts."""
    import json

    from selectolax.lexbor import LexborHTMLParser
    node = LexborHTMLParser(page_html).css_first("div[data-cards]")
    return json.loads(node.attributes["data-cards"]) if node is not None else {}


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` as a test's author (no global configuration needed)."""
    subprocess.run(["git", "-c", "user.email=test@example.com", "-c", "user.name=test", *args], cwd=repo,
                   check=True, capture_output=True)
