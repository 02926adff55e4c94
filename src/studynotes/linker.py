"""Cross-linking a rendered page: the first mention of each term becomes a link to it.

Works on the HTML a page renders to, token by token (tags are copied unchanged), so that links are
never placed inside code, preformatted text, math, existing links, headings, scripts or attributes,
and the visible text stays exactly the author's. While scanning, it records every term a page
mentions and the section (the id of the heading above) of its first mention, for backlinks.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .matching import Matcher

# A run of text: skips (possessively, so never back) the tags, comments and spaces before it, and
# starts at a character that is not a space; at the end, the skipped tail matches with no run, so
# the scan stays linear. Only runs that hold text cost a step of Python.
RE_TEXT_RUN = re.compile(r"(?:<!--.*?-->|<[^>]*>|\s)*+(?:([^<\s][^<]*)|\Z)", re.S)
RE_ID = re.compile(r"""\bid\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Text inside these is never scanned at all (not text a reader reads as prose).
OPAQUE = {"code", "pre", "kbd", "samp", "script", "style", "math", "svg", "textarea", "template", "title"}
# Text inside these counts as a mention but is never linked.
NO_LINK = OPAQUE | HEADINGS | {"a", "button", "label", "select", "option", "abbr"}
MASK = "\x00"  # joins the pieces of a page's text: no name contains it, so no match spans two pieces


@dataclass
class TermLink:
    """Where a term links from this page, and which term it is (its card: :mod:`studynotes.cards`)."""

    href: str
    key: str


@dataclass
class PageLinks:
    html: str
    mentions: dict[str, str] = field(default_factory=dict)  # key → section id of the first mention
    linked: list[str] = field(default_factory=list)          # keys linked, in page order


def _tracked_pattern() -> re.Pattern:
    names = "|".join(sorted(OPAQUE | NO_LINK, key=len, reverse=True))
    return re.compile(rf"<(?P<close>/)?(?P<name>{names})(?![\w-])(?P<attrs>[^>]*)>", re.I)


RE_TRACKED = _tracked_pattern()


def link_page(content: str, matcher: Matcher, target: Callable[[str], TermLink | None],
              defining: dict[str, set[str]] | None = None) -> PageLinks:
    """Link the first linkable mention of each term in ``content`` (a page's HTML).

    ``target(key)`` gives the link for a term, or None where this page must not link it (e.g. the
    term's own page). ``defining`` maps a heading id of this page to the keys of the terms that
    heading's section explains: they are not linked inside it.

    The page's text (outside tags and opaque content such as code and math) is searched in one pass
    of the matcher, its pieces joined by :data:`MASK`. Text stays escaped as it is: names are matched
    in their escaped form too (see :class:`Matcher`).
    """
    result = PageLinks(content)
    zones = _zones(content, defining or {})
    text, text_starts, raw_starts = _text_of(content, zones)
    zone_starts = [z.start for z in zones]
    inserts: list[tuple[int, int, TermLink]] = []
    for match in matcher.find(text):
        piece = bisect.bisect_right(text_starts, match.start) - 1
        start = raw_starts[piece] + match.start - text_starts[piece]
        end = start + match.end - match.start
        zone = zones[bisect.bisect_right(zone_starts, start) - 1]
        result.mentions.setdefault(match.key, zone.section)
        if not zone.linkable or match.key in result.linked or match.key in zone.silenced:
            continue
        link = target(match.key)
        if link is None:
            continue
        inserts.append((start, end, link))
        result.linked.append(match.key)
    if inserts:
        pieces, pos = [], 0
        for start, end, link in inserts:
            pieces += [content[pos:start],
                       f'<a class="glossary-link" href="{html.escape(link.href)}" data-term="{html.escape(link.key)}">',
                       content[start:end], "</a>"]
            pos = end
        pieces.append(content[pos:])
        result.html = "".join(pieces)
    return result


@dataclass
class _Zone:
    """A stretch of the page between two tracked tags, and what may happen to text in it."""

    start: int
    end: int
    opaque: bool
    linkable: bool
    section: str
    silenced: frozenset[str]


def _zones(content: str, defining: dict[str, set[str]]) -> list[_Zone]:
    """Cut the page at the tags that change what may be linked (code, links, headings, math, …)."""
    zones: list[_Zone] = []
    stack: list[str] = []
    opaque = no_link = 0
    section = ""
    quiet: list[tuple[int, set[str]]] = []  # (heading level, keys) of the defining sections we are in
    silenced: frozenset[str] = frozenset()
    pos = 0
    for m in itertools.chain(RE_TRACKED.finditer(content), (None,)):
        end = m.start() if m else len(content)
        zones.append(_Zone(pos, end, opaque > 0, no_link == 0, section, silenced))
        if m is None:
            break
        pos = m.start()
        name = m.group("name").lower()
        if m.group("close"):
            if name in stack:
                while stack:
                    popped = stack.pop()
                    opaque -= popped in OPAQUE
                    no_link -= popped in NO_LINK
                    if popped == name:
                        break
            continue
        if name in HEADINGS:
            level = int(name[1])
            quiet = [(lvl, keys) for lvl, keys in quiet if lvl < level]
            ident = RE_ID.search(m.group("attrs"))
            if ident:
                section = html.unescape(next(g for g in ident.groups() if g is not None))
                if section in defining:
                    quiet.append((level, set(defining[section])))
            silenced = frozenset().union(*(keys for _, keys in quiet))
        if not m.group("attrs").endswith("/"):  # not self-closing
            stack.append(name)
            opaque += name in OPAQUE
            no_link += name in NO_LINK
    return zones


def _text_of(content: str, zones: list[_Zone]) -> tuple[str, list[int], list[int]]:
    """The page's text outside tags and opaque zones, one :data:`MASK` between pieces.

    Also returns, for each piece, where it starts in that text and in ``content``; a piece never
    holds a tag, so a match inside a piece maps back to ``content`` by a shift.
    """
    opaque = [(z.start, z.end) for z in zones if z.opaque]
    texts, text_starts, raw_starts = [], [], []
    length = o = 0
    for m in RE_TEXT_RUN.finditer(content):
        pos = m.start(1)
        if pos < 0:
            continue  # the tags and spaces at the end
        while o < len(opaque) and opaque[o][1] <= pos:
            o += 1
        if o < len(opaque) and opaque[o][0] <= pos:
            continue
        piece = m.group(1)
        texts.append(piece)
        text_starts.append(length)
        raw_starts.append(pos)
        length += len(piece) + 1
    return MASK.join(texts), text_starts, raw_starts
