"""Math rendered at build time: arithmatex's TeX becomes MathML, with the TeX kept as annotation.

``pymdownx.arithmatex`` (generic mode) captures ``\\( … \\)`` and ``\\[ … \\]`` and leaves them in
``<span class="arithmatex">`` / ``<div class="arithmatex">``. This module replaces each with native
MathML (Chromium, Firefox and Safari display it), so pages ship no MathJax or KaTeX script, need no
CDN and show formulas at once. The TeX stays in ``<annotation encoding="application/x-tex">`` for
copying and assistive technology. TeX that cannot be rendered faithfully raises :class:`TexError`.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET

from latex2mathml.converter import convert

RE_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.S)
RE_DELIMITERS = re.compile(r"\A\s*\\[(\[](?P<tex>.*)\\[)\]]\s*\Z", re.S)
RE_ESCAPED_SUBSCRIPT = re.compile(r"\\_(?=[{\w])")
MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "mroot": 2, "munder": 2, "mover": 2, "munderover": 3}


class TexError(ValueError):
    """TeX that cannot be rendered; ``tex`` is the formula, ``reason`` says why."""

    def __init__(self, tex: str, reason: str, reason_ja: str):
        self.tex, self.reason, self.reason_ja = tex, reason, reason_ja
        super().__init__(f"{reason}: {tex}")

    def __reduce__(self):  # sent back from the worker's process (studynotes.background)
        return TexError, (self.tex, self.reason, self.reason_ja)


@functools.lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str:
    """One formula as ``<math>`` with its TeX annotation; :class:`TexError` if it is not valid."""
    check_tex(tex)
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as e:  # latex2mathml raises many types, all meaning "cannot parse"
        raise TexError(tex, f"cannot parse TeX ({type(e).__name__})",
                       f"TeX を解析できません（{type(e).__name__}）") from None
    root = ET.fromstring(mathml)
    check_mathml(tex, root)
    inner = "".join(ET.tostring(child, encoding="unicode", short_empty_elements=True) for child in root)
    inner = inner.replace(f' xmlns:ns0="{MATHML_NS[1:-1]}"', "").replace("ns0:", "")
    mode = "block" if display else "inline"
    return (f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">'
            f"<semantics><mrow>{inner}</mrow>"
            f'<annotation encoding="application/x-tex">{html.escape(tex.strip(), quote=False)}</annotation>'
            f"</semantics></math>")


def check_tex(tex: str) -> None:
    """Problems latex2mathml would let through silently."""
    depth = 0
    for i, ch in enumerate(tex):
        if ch in "{}" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            if depth < 0:
                raise TexError(tex, "unbalanced braces: a '}' closes nothing",
                               "波括弧の対応が取れていません: 余分な '}' があります")
    if depth:
        raise TexError(tex, "unbalanced braces: a '{' is never closed",
                       "波括弧の対応が取れていません: '{' が閉じていません")
    if RE_ESCAPED_SUBSCRIPT.search(tex):
        raise TexError(tex, r"escaped underscore '\_': write a subscript as X_{\text{min}}",
                       r"エスケープされた '\_' があります: 下付き文字は X_{\text{min}} と書いてください")


def check_mathml(tex: str, root: ET.Element) -> None:
    """Unknown commands and operators missing an argument."""
    for el in root.iter():
        name = el.tag.removeprefix(MATHML_NS)
        if name in ("mi", "mo", "mtext") and el.text and re.fullmatch(r"\\[A-Za-z]+", el.text.strip()):
            raise TexError(tex, f"unknown TeX command '{el.text.strip()}'",
                           f"未知の TeX コマンド '{el.text.strip()}' です")
        if name in ARITY and len(el) != ARITY[name]:
            raise TexError(tex, f"'{name.removeprefix('m')}' is missing an argument",
                           f"'{name.removeprefix('m')}' の引数が足りません")


def render_page(content: str) -> tuple[str, list[TexError]]:
    """Replace every arithmatex element of a page's HTML with MathML; collect invalid formulas."""
    errors: list[TexError] = []
    if 'class="arithmatex"' not in content:
        return content, errors

    def render(m: re.Match) -> str:
        raw = html.unescape(m.group("tex"))
        d = RE_DELIMITERS.match(raw)
        tex = d.group("tex") if d else raw
        display = m.group("tag") == "div"
        try:
            math = tex_to_mathml(tex, display)
        except TexError as e:
            errors.append(e)
            return m.group(0)
        return f'<{m.group("tag")} class="arithmatex">{math}</{m.group("tag")}>'

    return RE_ARITHMATEX.sub(render, content), errors
