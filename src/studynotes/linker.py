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

RE_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<(?P<close>/)?(?P<name>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>[^>]*?)(?P<self>/)?>|<[^>]*>", re.S)
RE_ID = re.compile(r"""\bid\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Text inside these is never scanned at all (not text a reader reads as prose).
OPAQUE = {"code", "pre", "kbd", "samp", "script", "style", "math", "svg", "textarea", "template", "title"}
# Text inside these counts as a mention but is never linked.
NO_LINK = OPAQUE | HEADINGS | {"a", "button", "label", "select", "option", "abbr"}
SEPARATOR = "\x00"  # joins a page's text nodes for one pass of the matcher; no name contains it
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Target:
    """Where a term links from this page, and what its tooltip says."""

    href: str
    title: str


@dataclass
class PageLinks:
    html: str
    mentions: dict[str, str] = field(default_factory=dict)  # key → section id of the first mention
    linked: list[str] = field(default_factory=list)          # keys linked, in page order


def link_page(content: str, matcher: Matcher, target: Callable[[str], Target | None],
              defining: dict[str, set[str]] | None = None) -> PageLinks:
    """Link the first linkable mention of each term in ``content`` (a page's HTML).

    ``target(key)`` gives the link for a term, or None where this page must not link it (e.g. the
    term's own page). ``defining`` maps a heading id of this page to the keys of the terms that
    heading's section explains: they are not linked inside it.

    The page's text nodes are collected with their context first, then searched together in one
    pass of the matcher (joined by a character no name contains), then the links are spliced in.
    """
    nodes = _text_nodes(content, defining or {})
    result = PageLinks(content)
    if not nodes:
        return result
    starts, texts, position = [], [], 0
    for node in nodes:
        starts.append(position)
        texts.append(node.text)
        position += len(node.text) + 1
    links: dict[int, list[tuple[int, int, Target]]] = {}
    for match in matcher.find(SEPARATOR.join(texts)):
        i = bisect.bisect_right(starts, match.start) - 1
        node = nodes[i]
        result.mentions.setdefault(match.key, node.section)
        if not node.linkable or match.key in result.linked or match.key in node.silenced:
            continue
        link = target(match.key)
        if link is None:
            continue
        links.setdefault(i, []).append((match.start - starts[i], match.end - starts[i], link))
        result.linked.append(match.key)
    if links:
        pieces, pos = [], 0
        for i, spans in sorted(links.items()):
            node = nodes[i]
            pieces += [content[pos:node.start], _linked_text(node.text, spans)]
            pos = node.end
        pieces.append(content[pos:])
        result.html = "".join(pieces)
    return result


@dataclass
class _Node:
    start: int          # the raw text's place in the page's HTML
    end: int
    text: str           # the text a reader sees (entities resolved)
    linkable: bool
    section: str
    silenced: frozenset[str]


def _text_nodes(content: str, defining: dict[str, set[str]]) -> list[_Node]:
    """Every text node outside opaque elements, with its section and whether it may hold a link."""
    nodes: list[_Node] = []
    stack: list[str] = []
    opaque = no_link = 0
    section = ""
    quiet: list[tuple[int, set[str]]] = []  # (heading level, keys) of the defining sections we are in
    silenced: frozenset[str] = frozenset()
    pos = 0
    for m in itertools.chain(RE_TOKEN.finditer(content), (None,)):
        start = m.start() if m else len(content)
        if start > pos and not opaque:
            raw = content[pos:start]
            if not raw.isspace() and SEPARATOR not in raw:
                text = html.unescape(raw) if "&" in raw else raw
                nodes.append(_Node(pos, start, text, not no_link, section, silenced))
        if m is None:
            break
        pos = m.end()
        name = m.group("name")
        if name is None:
            continue
        name = name.lower()
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
        if name not in VOID and not m.group("self"):
            stack.append(name)
            opaque += name in OPAQUE
            no_link += name in NO_LINK
    return nodes


def _linked_text(text: str, spans: list[tuple[int, int, Target]]) -> str:
    """One text node as HTML with links around the given spans."""
    pieces, pos = [], 0
    for start, end, link in spans:
        pieces.append(html.escape(text[pos:start], quote=False))
        pieces.append(f'<a class="glossary-link" href="{html.escape(link.href)}" title="{html.escape(link.title)}">'
                      f"{html.escape(text[start:end], quote=False)}</a>")
        pos = end
    pieces.append(html.escape(text[pos:], quote=False))
    return "".join(pieces)
