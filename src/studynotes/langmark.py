"""Japanese words on English pages marked ``lang="ja"`` (WCAG 3.1.2, language of parts), so that a
screen reader reads them in Japanese: a source note's name, a title not yet translated in a listing
or the navigation, a word the English text quotes.

The page's text is read as the HTML tokenizer reads it (tags, comments, the raw text of scripts and
styles); each run of Japanese script in the text of ``<body>`` outside an element that already says
its language becomes ``<span lang="ja">…</span>``. Nothing else changes: removing the spans gives
the page back byte for byte. Formulas (MathML, where a ``<span>`` would end the formula), SVG and
the raw text of scripts, styles and text areas are left as they are; attribute values cannot be
marked. An element that says its language is taken to end at its end tag, as in the HTML the
site writes (an end tag a browser would imply, as a new ``<p>`` ends a ``<p lang>``, is not seen).

It runs on every English page of a build: what cannot change anything is passed over by regular
expressions, and Python reads only the few tags that may and the runs of Japanese (0.5 ms for a
question page of the 2,000-question benchmark, 1.3 ms with a loop over every tag).
"""

from __future__ import annotations

import bisect
import functools
import re

# Kana, kanji (with their marks 々〆 and Japanese punctuation 、。「」), half- and full-width forms.
JAPANESE = "\u3001-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef"
RE_JAPANESE_RUN = re.compile(f"[{JAPANESE}]+")
RE_ANY_JAPANESE = re.compile(f"[{JAPANESE}]")  # whether there is any: found sooner than a run
_COMMENT, _DOCTYPE = r"<!--.*?(?:-->|\Z)", r"<![^>]*>"
_ATTRIBUTES = r"""(?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*"""
RE_TOKEN = re.compile(
    rf"{_COMMENT}|{_DOCTYPE}"                           # a comment, the doctype
    rf"|<(/?)([A-Za-z][^\s/>]*)({_ATTRIBUTES})\s*/?>",  # a start or end tag: its name, its attributes
    re.S)
RE_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
LEFT_WHOLE = {"head", "math", "svg", "template", "script", "style", "textarea", "title"}
# The end of an element left whole (its raw text, or markup where a <span> does not belong).
RE_END_OF = {name: re.compile(rf"</{name}\s*>", re.I) for name in LEFT_WHOLE}
# Where a tag may say its language: the scan below stops there, and RE_TOKEN and RE_LANG read it.
RE_LANG_ANYWHERE = re.compile(r"\s[Ll][Aa][Nn][Gg]\s*=")  # as RE_LANG's start
RE_LANG_LOWER = re.compile(r"lang\s*=")  # the same in a lower-cased page, found far sooner (a literal)


def _lang_positions(html: str) -> list[int]:
    """Where RE_LANG_ANYWHERE matches in ``html``, then its end."""
    lowered = html.lower()
    if len(lowered) != len(html):  # a letter whose lower case is longer: positions would shift
        found = [m.start() for m in RE_LANG_ANYWHERE.finditer(html)]
    else:  # str.isspace is what \s matches
        found = [m.start() - 1 for m in RE_LANG_LOWER.finditer(lowered, 1) if lowered[m.start() - 1].isspace()]
    return [*found, len(html)]


@functools.lru_cache(maxsize=64)  # one per name of an element that says its language, and two states
def _skipped(scope: str, japanese_too: bool) -> re.Pattern:
    """What changes nothing inside an element named ``scope`` that says its language: text without
    Japanese (any text, ``japanese_too``, where nothing is marked: before the body, or inside an
    element in Japanese), closed comments, the doctype, and tags that neither open or close an
    element named ``scope``, nor start the body or an element left whole (a tag that says a
    language is never reached: the scan ends before it, at the next RE_LANG_ANYWHERE)."""
    starts = "|".join(map(re.escape, sorted(LEFT_WHOLE | {"body"} | ({scope} if scope else set()))))
    ends = rf"(?!(?i:{re.escape(scope)})[\s/>])" if scope else ""
    tag = rf"<(?:/{ends}|(?!(?i:{starts})[\s/>]))[A-Za-z][^\s/>]*{_ATTRIBUTES}\s*/?>"
    text = "[^<]*" if japanese_too else rf"[^<{JAPANESE}]*"
    # An unclosed comment runs to the end of the page: RE_TOKEN reads it.
    return re.compile(rf"{text}(?:(?:<!--.*?-->|<!(?!--)[^>]*>|{tag}){text})*", re.S)


def mark_language(html: str, page_language: str = "en", marked: str = "ja") -> str:
    """``html`` (a whole page in ``page_language``) with each run of ``marked`` script in its body
    text wrapped in ``<span lang="ja">``, except where an element already says its language."""
    if not RE_ANY_JAPANESE.search(html):
        return html
    langs = _lang_positions(html)
    out: list[str] = []
    copied = 0  # html[:copied] is in out
    # Elements that say their language, innermost last: [name, language, open elements of that name inside].
    scopes: list[list] = [["", page_language, 0]]
    body = False
    at = 0
    while True:
        name, language, _ = scopes[-1]
        marking = body and language.split("-")[0] != marked
        at = _skipped(name, not marking).match(html, at, langs[bisect.bisect_left(langs, at)]).end()
        if at >= len(html):
            break
        if marking and (run := RE_JAPANESE_RUN.match(html, at)):
            out += [html[copied:at], _wrap(run.group(0), marked)]
            copied = at = run.end()
        elif tag := RE_TOKEN.match(html, at):
            at = tag.end()
            closing, name, attributes = tag.group(1), (tag.group(2) or "").lower(), tag.group(3) or ""
            if not name:  # a comment or the doctype
                pass
            elif closing:
                top = scopes[-1]
                if len(scopes) > 1 and top[0] == name:
                    if top[2]:
                        top[2] -= 1
                    else:
                        scopes.pop()
            elif name in LEFT_WHOLE and not tag.group(0).endswith("/>"):
                close = RE_END_OF[name].search(html, at)
                at = close.end() if close else len(html)
            else:
                body = body or name == "body"
                lang = RE_LANG.search(attributes)
                if lang:
                    scopes.append([name, next(g for g in lang.groups() if g is not None).lower(), 0])
                elif scopes[-1][0] == name:
                    scopes[-1][2] += 1
        else:  # text that is neither Japanese nor a tag (a "<" that starts none, or where a lang= is)
            at += 1
    out.append(html[copied:])
    return "".join(out)


def _wrap(text: str, marked: str) -> str:
    return f'<span lang="{marked}">{text}</span>'
