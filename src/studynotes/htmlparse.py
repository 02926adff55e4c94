"""HTML read as a browser reads it, for the two checks that read HTML: the build's guard (each
page's content, :mod:`.guard`) and the check of the built site (every file, :mod:`.sitecheck`).

Both parse with Lexbor (selectolax), the HTML5 parser of a browser engine, so that they see the
document a reader's browser builds: comments and the text of scripts and styles are not markup,
attribute values are decoded (character references, CR LF), a repeated attribute is dropped, and
end tags close what a browser closes.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# The scheme that starts an absolute URL (``https:``, ``mailto:``, ``javascript:``); group 1 is its name.
RE_URL_SCHEME = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*):")


def parse_html(text: str) -> LexborHTMLParser:
    """The document a browser builds from ``text`` (a whole page, or a fragment in its context)."""
    return LexborHTMLParser(text)
