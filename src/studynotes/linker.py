"""Cross-linking a rendered page: the first mention of each term becomes a link to it.

Works on the HTML a page renders to, token by token (tags are copied unchanged), so that links are
never placed inside code, preformatted text, math, existing links, headings, scripts or attributes,
and the visible text stays exactly the author's. While scanning, it records every term a page
mentions and the section (the id of the heading above) of its first mention, for backlinks.
"""

from __future__ import annotations

import html
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
    """
    defining = defining or {}
    result = PageLinks("")
    pieces: list[str] = []
    stack: list[str] = []
    section = ""
    quiet: list[tuple[int, set[str]]] = []  # (heading level, keys) of defining sections we are in
    pos = 0  # content[pos:] is not yet in pieces
    for m in RE_TOKEN.finditer(content):
        start = m.start()
        if start > pos:
            raw = content[pos:start]
            linked = _text(raw, matcher, target, stack, section, quiet, result)
            pieces.append(raw if linked is None else linked)
        pieces.append(m.group(0))
        pos = m.end()
        name = m.group("name")
        if name is None:
            continue
        name = name.lower()
        if m.group("close"):
            if name in stack:
                while stack and stack.pop() != name:
                    pass
            continue
        if name in HEADINGS:
            level = int(name[1])
            quiet = [(lvl, keys) for lvl, keys in quiet if lvl < level]
            ident = RE_ID.search(m.group("attrs"))
            if ident:
                section = html.unescape(next(g for g in ident.groups() if g is not None))
                if section in defining:
                    quiet.append((level, set(defining[section])))
        if name not in VOID and not m.group("self"):
            stack.append(name)
    tail = _text(content[pos:], matcher, target, stack, section, quiet, result)
    pieces.append(content[pos:] if tail is None else tail)
    result.html = "".join(pieces)
    return result


def _text(raw: str, matcher: Matcher, target, stack, section, quiet, result: PageLinks) -> str | None:
    """The text node ``raw`` with links, or None where it stays as it is."""
    if not raw or raw.isspace() or any(name in OPAQUE for name in stack):
        return None
    text = html.unescape(raw) if "&" in raw else raw
    matches = matcher.find(text)
    if not matches:
        return None
    linkable = not any(name in NO_LINK for name in stack)
    silenced = set().union(*(keys for _, keys in quiet)) if quiet else set()
    pieces, pos, changed = [], 0, False
    for match in matches:
        result.mentions.setdefault(match.key, section)
        if not linkable or match.key in result.linked or match.key in silenced:
            continue
        link = target(match.key)
        if link is None:
            continue
        pieces.append(html.escape(text[pos:match.start], quote=False))
        pieces.append(f'<a class="glossary-link" href="{html.escape(link.href)}" title="{html.escape(link.title)}">'
                      f"{html.escape(text[match.start:match.end], quote=False)}</a>")
        pos = match.end
        result.linked.append(match.key)
        changed = True
    if not changed:
        return None
    pieces.append(html.escape(text[pos:], quote=False))
    return "".join(pieces)
