"""Japanese words on English pages marked ``lang="ja"`` (WCAG 3.1.2, language of parts), so that a
screen reader reads them in Japanese: a source note's name, a title not yet translated in a listing
or the navigation, a word the English text quotes.

The page's text is read as the HTML tokenizer reads it (tags, comments, the raw text of scripts and
styles); each run of Japanese script in the text of ``<body>`` outside an element that already says
its language becomes ``<span lang="ja">…</span>``. Nothing else changes: removing the spans gives
the page back byte for byte. Formulas (MathML, where a ``<span>`` would end the formula), SVG and
the raw text of scripts, styles and text areas are left as they are; attribute values cannot be
marked.
"""

from __future__ import annotations

import re

# Kana, kanji (with their marks 々〆 and Japanese punctuation 、。「」), half- and full-width forms.
RE_JAPANESE_RUN = re.compile(
    "[\u3001-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef]+")
RE_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"                                      # a comment
    r"|<![^>]*>"                                              # the doctype
    r"|<(/?)([A-Za-z][^\s/>]*)"                               # a start or end tag: its name
    r"((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>",  # its attributes
    re.S)
RE_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
RAW_TEXT = {"script", "style", "textarea", "title"}     # text that is not markup: left whole
LEFT_WHOLE = {"head", "math", "svg", "template"} | RAW_TEXT


def mark_language(html: str, page_language: str = "en", marked: str = "ja") -> str:
    """``html`` (a whole page in ``page_language``) with each run of ``marked`` script in its body
    text wrapped in ``<span lang="ja">``, except where an element already says its language."""
    if not RE_JAPANESE_RUN.search(html):
        return html
    out: list[str] = []
    # Elements that say their language, innermost last: [name, language, open elements of that name inside].
    scopes: list[list] = [["", page_language, 0]]
    at = 0
    body = False
    while at < len(html):
        tag = RE_TOKEN.search(html, at)
        end = tag.start() if tag else len(html)
        if end > at:
            text = html[at:end]
            out.append(_wrap(text, marked) if body and scopes[-1][1].split("-")[0] != marked else text)
        if tag is None:
            break
        closing, name, attributes = tag.group(1), (tag.group(2) or "").lower(), tag.group(3) or ""
        at = tag.end()
        out.append(tag.group(0))
        if not name:  # a comment or the doctype
            continue
        if closing:
            top = scopes[-1]
            if len(scopes) > 1 and top[0] == name:
                if top[2]:
                    top[2] -= 1
                else:
                    scopes.pop()
            continue
        if name == "body":
            body = True
        if name in LEFT_WHOLE and not tag.group(0).endswith("/>"):
            close = re.compile(rf"</{name}\s*>", re.I).search(html, at)
            stop = close.end() if close else len(html)
            out.append(html[at:stop])
            at = stop
            continue
        lang = RE_LANG.search(" " + attributes)
        if lang:
            scopes.append([name, next(g for g in lang.groups() if g is not None).lower(), 0])
        elif scopes[-1][0] == name:
            scopes[-1][2] += 1
    return "".join(out)


def _wrap(text: str, marked: str) -> str:
    return RE_JAPANESE_RUN.sub(lambda m: f'<span lang="{marked}">{m.group(0)}</span>', text)
