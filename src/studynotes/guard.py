"""The build's guard: what a page's rendered HTML may contain, checked with an HTML5 parser.

Every page's content, as Markdown rendered it (raw HTML of the note included, before the site adds
math, glossary links and generated sections), is parsed with Lexbor (selectolax), the HTML5 parser
of a browser engine (:mod:`.htmlparse`), inside the same ancestors it has on the page. What the
parser builds is checked against an allowlist; nothing is removed or rewritten, so a note loses
nothing silently: either the page is published as written, or the build fails with the file, the
line and what to write instead.

- **Elements**: the ones Markdown writes and a few an author writes by hand (:data:`ELEMENTS`:
  ``br``, ``sup``, ``sub``, ``kbd``, ``details``/``summary``, ``ruby`` for readings, …). Scripts,
  styles, frames, objects, forms, ``base``, ``meta``, ``link``, SVG and MathML are refused.
- **Attributes**: per element (:data:`ATTRIBUTES`); ``div`` and ``span`` take ``class`` only. No
  event handler, no ``style`` (but the ``text-align`` Markdown writes for aligned table columns).
- **URLs**: links may lead to ``http(s):``, ``mailto:`` or a relative address; images and other
  resources must be files of the site (relative), so no page asks another origin for anything.
- **Structure**: the content closes what it opens and closes nothing of the page around it, and no
  unclosed comment or raw-text element swallows the rest of the page.
- **Text**: lines that look like a table row but were rendered as a paragraph (the table did not
  render), table rows whose cells differ in number from the header's, math delimiters left alone
  (:mod:`.mdext`), and ``TODO`` markers of the page templates.

:func:`scan` is a pure function of the HTML; :func:`locate` finds the line of each finding in the
page's source. Links and anchors are checked once every page is known (:func:`link_problems`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from . import mdscan
from .htmlparse import RE_URL_SCHEME, parse_html
from .mdext import UNBALANCED_CLASS
from .problems import ERROR, WARNING, Problem, line_of

ELEMENTS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
})
# Allowed attributes: for every element except div and span, and per element.
COMMON = frozenset({"class", "title", "lang", "dir"})
ATTRIBUTES = {
    "div": frozenset({"class"}), "span": frozenset({"class"}),
    "a": COMMON | {"href"}, "img": COMMON | {"src", "alt", "width", "height", "loading"},
    "h1": COMMON | {"id"}, "h2": COMMON | {"id"}, "h3": COMMON | {"id"}, "h4": COMMON | {"id"},
    "h5": COMMON | {"id"}, "h6": COMMON | {"id"},
    "td": COMMON | {"colspan", "rowspan", "style"}, "th": COMMON | {"colspan", "rowspan", "scope", "style"},
    "col": COMMON | {"span"}, "colgroup": COMMON | {"span"}, "ol": COMMON | {"start", "reversed", "type"},
    "li": COMMON | {"value"}, "details": COMMON | {"open"}, "blockquote": COMMON | {"cite"},
    "q": COMMON | {"cite"}, "del": COMMON | {"cite"}, "ins": COMMON | {"cite"},
}
LINK_ATTRIBUTES = {("a", "href"), ("blockquote", "cite"), ("q", "cite"), ("del", "cite"), ("ins", "cite")}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# The only style Markdown itself writes: the alignment of a table column.
RE_TABLE_ALIGN = re.compile(r"\Atext-align: (?:left|right|center);\Z")
RE_NUMBER = re.compile(r"\A[0-9]{1,4}\Z")
RE_CLASS = re.compile(r"\A[A-Za-z_][A-Za-z0-9_-]*\Z")
# Leading C0 controls and spaces, and tabs and newlines anywhere, are ignored by URL parsers.
RE_URL_IGNORED = re.compile(r"\A[\x00-\x20]+|[\x00-\x20]+\Z|[\t\n\r]")
RE_TODO = re.compile(r"(?<![A-Za-z0-9_])TODO(?![A-Za-z0-9_])")
CODE = ("code", "pre", "kbd", "samp")
# The ancestors a page's content has in Material's page, so that a stray end tag in the content
# closes what it would close there; the sentinel must end up as the last child of the wrapper.
WRAP_OPEN = '<div class="md-container"><main><div><div><article><div id="studynotes-guard">'
SENTINEL = '<b id="studynotes-guard-end"></b>'
WRAP_CLOSE = "</div></article></div></div></main></div>"
IMAGES_FOLDER = "docs/assets/"


@dataclass(frozen=True)
class Finding:
    """One problem of a page's HTML, before it is located in the page's source.

    ``needles``: texts to look for in the source (case-insensitively), the first found gives the line.
    """

    en: str
    ja: str
    needles: tuple[str, ...] = ()
    severity: str = ERROR
    in_order: bool = False  # found in the text's order: located after the previous such finding


@dataclass(frozen=True)
class Link:
    """A link or resource of a page: the element, the attribute and its value as the page has it."""

    tag: str
    attribute: str
    value: str


@dataclass
class Scan:
    """What the guard found in a page's HTML, and what links and ids it has (for the link check)."""

    findings: list[Finding] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def scan(content: str, todos: bool = True, generated_h1: bool = False) -> Scan:
    """Check one page's content HTML (see the module's docstring). ``todos``: look for ``TODO``
    markers in its text (not in the site's own index pages, whose lists repeat other pages' front
    matter); ``generated_h1``: its first ``<h1>`` is the site's (a question's heading, from its
    front matter, whose own TODOs are reported there), as is a ``p.note-source`` line."""
    result = Scan()
    tree = parse_html(WRAP_OPEN + content + SENTINEL + WRAP_CLOSE)
    wrapper = tree.css_first("#studynotes-guard")
    end = tree.css_first("#studynotes-guard-end")
    if wrapper is None or end is None:  # swallowed by an unclosed comment or raw-text element
        result.findings.append(_swallowed(content))
        return result
    _structure(wrapper, end, result.findings)
    skip = {wrapper.mem_id, end.mem_id}
    refused: set[int] = set()  # elements refused as a whole: what is inside them is not reported again
    delimiters = []
    for node in wrapper.traverse(include_text=False):
        if node.mem_id in skip:
            continue
        tag = node.tag
        if tag == "-comment" or (refused and _inside(node, refused, wrapper)):
            continue
        if tag not in ELEMENTS:
            result.findings.append(_element(tag))
            refused.add(node.mem_id)
            continue
        for name, value in node.attributes.items():
            _attribute(tag, name, value or "", result)
        if tag == "span" and UNBALANCED_CLASS in (node.attributes.get("class") or "").split():
            delimiters.append(node.text())
    result.findings += _delimiter_findings(delimiters)
    if "<table" in content:
        result.findings += _table_findings(wrapper)
    # The text checks look only where their marks can be (a '|' of a table row, a TODO).
    result.findings += _text_findings(wrapper, todos and "TODO" in content, generated_h1, "|" in content)
    return result


# -- elements and attributes ---------------------------------------------------------------------

def _element(tag: str) -> Finding:
    if tag in ("script", "noscript", "template"):
        en, ja = "scripts are not allowed in notes", "ノートにスクリプトは書けません"
        advice = ("to show code, put it in a fenced code block (```)",
                  "コードを見せるならコードブロック（```）に入れてください")
    elif tag == "style":
        en, ja = "a <style> element would restyle the whole page", "<style> 要素はページ全体の見た目を変えてしまいます"
        advice = ("remove it; the site's look is in docs/assets/site.css",
                  "削除してください（サイトの見た目は docs/assets/site.css で決まります）")
    elif tag in ("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "video", "audio", "source",
                 "track", "picture"):
        en, ja = (f"<{tag}> loads content from elsewhere into the page",
                  f"<{tag}> はほかの場所の内容をページに読み込みます")
        advice = ("link to it instead: [text](https://…)", "代わりにリンクにしてください: [テキスト](https://…)")
    elif tag in ("base", "meta", "link", "title", "head", "body", "html"):
        en, ja = (f"<{tag}> changes the page itself, not the note",
                  f"<{tag}> はノートではなくページそのものを変えてしまいます")
        advice = ("remove it", "削除してください")
    elif tag in ("form", "input", "button", "select", "textarea", "option", "label", "fieldset", "output",
                 "datalist", "dialog"):
        en, ja = (f"forms and controls (<{tag}>) are not allowed in notes",
                  f"フォームや入力要素（<{tag}>）はノートに書けません")
        advice = ("remove it", "削除してください")
    elif tag in ("svg", "math"):
        en, ja = f"inline <{tag}> is not allowed in notes", f"ノートに <{tag}> は直接書けません"
        advice = (("write the formula as TeX: \\( … \\) or \\[ … \\]",
                   "数式は TeX で書いてください: \\( … \\) または \\[ … \\]")
                  if tag == "math" else
                  (f"save the picture as PNG in {IMAGES_FOLDER} and show it with ![説明](../assets/…)",
                   f"図は PNG で {IMAGES_FOLDER} に保存し、![説明](../assets/…) で表示してください"))
    else:
        en, ja = f"the HTML element <{tag}> is not allowed in notes", f"HTML の要素 <{tag}> はノートに書けません"
        advice = ("use Markdown, or one of the elements CONTRIBUTING.md lists",
                  "Markdown か、CONTRIBUTING.md に挙げた要素を使ってください")
    return Finding(f"{en}: {advice[0]}", f"{ja}: {advice[1]}", (f"<{tag}",))


def _attribute(tag: str, name: str, value: str, result: Scan) -> None:
    found = result.findings
    if name.startswith("on"):
        found.append(Finding(f"event-handler attribute '{name}' on <{tag}> runs code in readers' browsers: remove it",
                             f"<{tag}> のイベントハンドラ属性 '{name}' は読者のブラウザでコードを実行します: "
                             "削除してください",
                             (name + "=", name)))
        return
    if name == "style" and not (tag in ("td", "th") and RE_TABLE_ALIGN.match(value)):
        found.append(Finding(f"the style attribute on <{tag}> is not allowed (styles can hide text or load resources "
                             "from other sites): remove it; to align a table column, use ':---:' in its delimiter row",
                             f"<{tag}> の style 属性は使えません（文字を隠したり、"
                             "ほかのサイトから読み込んだりできます）: "
                             "削除してください（表の列をそろえるなら区切り行に ':---:' と書きます）",
                             ("style=", "style")))
        return
    if name not in ATTRIBUTES.get(tag, COMMON):
        allowed = ", ".join(sorted(ATTRIBUTES.get(tag, COMMON))) or "(none)"
        found.append(Finding(f"attribute '{name}' is not allowed on <{tag}> (allowed: {allowed}): remove it",
                             f"<{tag}> に属性 '{name}' は使えません（使える属性: {allowed}）: 削除してください",
                             (f"{name}=", name)))
        return
    if name == "id":
        if value.startswith("__") or value.startswith("studynotes-guard"):
            found.append(Finding(f"id '{value}' is reserved for the site's own interface: choose another id",
                                 f"id '{value}' はサイトの画面が使う名前です: 別の id にしてください", (value,)))
        result.ids.append(value)
    elif name == "class":
        bad = [c for c in value.split() if not RE_CLASS.match(c)]
        if bad:
            found.append(Finding(f"class '{bad[0]}' on <{tag}> is not a class name: use letters, digits, '-' and '_'",
                                 f"<{tag}> の class '{bad[0]}' はクラス名ではありません: 英数字と '-'、'_' "
                                 "を使ってください",
                                 (bad[0],)))
    elif (name in ("colspan", "rowspan", "span", "start", "value", "width", "height")
          and not RE_NUMBER.match(value.strip())):
        found.append(Finding(f"attribute {name}=\"{value}\" on <{tag}> must be a number",
                             f"<{tag}> の属性 {name}=\"{value}\" は数にしてください", (value,)))
    elif (tag, name) in LINK_ATTRIBUTES:
        finding = _link_url(tag, name, value)
        if finding is not None:
            found.append(finding)
        elif name == "href":
            result.links.append(Link(tag, name, value))
    elif tag == "img" and name == "src":
        finding = _resource_url(value)
        if finding is not None:
            found.append(finding)
        else:
            result.links.append(Link(tag, name, value))


def url_scheme(value: str) -> str | None:
    """The scheme of a URL as a browser reads it (spaces and controls ignored), lower case; None if
    the URL is relative."""
    m = RE_URL_SCHEME.match(RE_URL_IGNORED.sub("", value))
    return m.group(1).lower() if m else None


def _link_url(tag: str, name: str, value: str) -> Finding | None:
    scheme = url_scheme(value)
    cleaned = RE_URL_IGNORED.sub("", value)
    if scheme is None and cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return Finding(f"link '{value}' leaves out the scheme: write the full address, https://…",
                       f"リンク '{value}' にスキームがありません: https://… の完全なアドレスを書いてください", (value,))
    if scheme is None or scheme in LINK_SCHEMES:
        return None
    return Finding(f"'{scheme}:' URL in {name} of <{tag}> is not allowed (it can run code or carry a page of its own): "
                   "link to a page of the site (a relative path to its .md file) or to an https:// address",
                   f"<{tag}> の {name} にある '{scheme}:' の URL は使えません（コードを実行したり、"
                   "別のページを埋め込んだりできます）: サイト内のページ（.md ファイルへの相対パス）か https:// "
                   "のアドレスにリンクしてください",
                   (value, f"{scheme}:", cleaned.split(":", 1)[-1][:40]))


def _resource_url(value: str) -> Finding | None:
    scheme = url_scheme(value)
    cleaned = RE_URL_IGNORED.sub("", value)
    if scheme is None and not cleaned.startswith(("/", "\\")):
        return None
    return Finding(f"image '{value}' is loaded from another site (readers' browsers would ask it for the file): "
                   f"save the image in {IMAGES_FOLDER} and link it relatively, e.g. ![説明](../assets/chart.png)",
                   f"画像 '{value}' をほかのサイトから読み込んでいます（読者のブラウザがそのサイトに問い合わせます）: "
                   f"画像を {IMAGES_FOLDER} に保存し、相対パスで参照してください（例: ![説明](../assets/chart.png)）",
                   (value,))


def _inside(node, ids: set[int], stop) -> bool:
    return any(a.mem_id in ids for a in _ancestors(node, stop))


def _delimiter_findings(delimiters: list[str]) -> list[Finding]:
    """Lone math delimiters, in page order: a pair the formula syntax could not take (display math
    inside a sentence, a formula across a blank line) is one finding."""
    found, i = [], 0
    while i < len(delimiters):
        here, following = delimiters[i], delimiters[i + 1] if i + 1 < len(delimiters) else None
        if (here, following) == ("\\[", "\\]"):
            found.append(Finding("display math \\[ … \\] inside a line of text is not a formula: put \\[ and \\] on "
                                 "lines of their own (with a blank line before and after), or write \\( … \\) for "
                                 "math inside a sentence",
                                 "文中の \\[ … \\] は数式になりません: \\[ と \\] "
                                 "をそれぞれ単独の行に書き（前後に空行）、文中の数式なら \\( … \\) "
                                 "と書いてください", ("\\[",)))
            i += 2
        elif (here, following) == ("\\(", "\\)"):
            found.append(Finding("an inline formula \\( … \\) cannot go on over a blank line: keep it in one paragraph",
                                 "インラインの数式 \\( … \\) は空行をまたげません: "
                                 "一つの段落の中に書いてください", ("\\(",)))
            i += 2
        else:
            found.append(_lone_delimiter(here))
            i += 1
    return found


def _lone_delimiter(delimiter: str) -> Finding:
    partner = {"\\(": "\\)", "\\)": "\\(", "\\[": "\\]", "\\]": "\\["}.get(delimiter, "")
    return Finding(f"math delimiter '{delimiter}' without its '{partner}': close the formula (inline math is "
                   "\\( … \\) on one line; display math is \\[ … \\] with the delimiters on lines of their own); "
                   "to show a bracket, write it without the backslash",
                   f"数式の区切り '{delimiter}' に対応する '{partner}' がありません: "
                   "数式を閉じてください（インラインは一行の \\( … \\)、ディスプレイは区切りだけの行で囲む \\[ … "
                   "\\]）。括弧を表示するだけならバックスラッシュを付けません",
                   (delimiter,))


# -- structure -----------------------------------------------------------------------------------

def _swallowed(content: str) -> Finding:
    return Finding("an unclosed comment (<!--) or element hides the rest of the page: close it",
                   "閉じていないコメント（<!--）か要素が、ページの残りを隠してしまいます: 閉じてください",
                   ("<!--", "<textarea", "<xmp", "<plaintext", "<noscript", "<title", "<style", "<script", "<iframe"))


def _structure(wrapper, end, findings: list[Finding]) -> None:
    """The sentinel after the content must be the wrapper's last child: otherwise the content left
    an element open (it would wrap the page below it) or closed one of the page's own elements."""
    parent = end.parent
    if parent is not None and parent.mem_id == wrapper.mem_id and end.next is None:
        return
    inside = parent
    while inside is not None and inside.mem_id != wrapper.mem_id:
        if inside.parent is not None and inside.parent.mem_id == wrapper.mem_id:
            break
        inside = inside.parent
    if inside is not None and inside.mem_id != wrapper.mem_id:
        findings.append(Finding(f"<{inside.tag}> is opened but never closed: add </{inside.tag}>",
                                f"<{inside.tag}> が閉じられていません: </{inside.tag}> "
                                "を追加してください", (f"<{inside.tag}",)))
    elif end.next is not None:
        tag = end.next.tag
        findings.append(Finding(f"<{tag}> is opened but never closed: add </{tag}>",
                                f"<{tag}> が閉じられていません: </{tag}> を追加してください", (f"<{tag}",)))
    else:
        findings.append(Finding("a closing tag (such as </div>) closes an element the note did not open, which breaks "
                                "the page's layout: remove it",
                                "ノートで開いていない要素を閉じるタグ（</div> など）があり、"
                                "ページのレイアウトが崩れます: 削除してください",
                                ("</div", "</article", "</main", "</")))


# -- text ----------------------------------------------------------------------------------------

def _table_findings(wrapper) -> list[Finding]:
    found = []
    for table in wrapper.css("table"):
        rows = table.css("tr")
        if not rows:
            continue
        header = len(rows[0].css("th")) or len(rows[0].css("td"))
        for row in rows[1:]:
            cells = row.css("td") or row.css("th")
            if len(cells) != header and not row.css("table"):
                first = cells[0].text().strip() if cells else ""
                found.append(Finding(
                    f"table row has {_cells(len(cells))} but the header row has {_cells(header)}: give every row "
                    f"{_cells(header)} (a '|' inside a cell is written '\\|'; inside a formula \\( … \\) it needs "
                    "nothing)",
                    f"表の行のセルが {len(cells)} 個ですが見出し行は {header} 個です: すべての行を {header} "
                    "個にしてください（セル内の '|' は '\\|' と書きます。数式 \\( … \\) "
                    "の中ではそのままで構いません）",
                    tuple(n for n in (first, cells[-1].text().strip() if cells else "") if n), WARNING))
    return found


def _cells(n: int) -> str:
    return f"{n} cell" if n == 1 else f"{n} cells"


def _text_findings(wrapper, todos: bool, generated_h1: bool, pipes: bool = True) -> list[Finding]:
    found = []
    for paragraph in wrapper.css("p") if pipes else ():
        text = paragraph.text(deep=True)
        if "|" not in text:
            continue
        for m in mdscan.RE_TABLE_ROW.finditer(text):  # a paragraph's line that looks like a row
            line = m.group().strip()
            found.append(Finding(
                f"'{_shorten(line)}' looks like a table row but is shown as text: a table needs a blank line before "
                "it, a header row, then a delimiter row like '| --- | --- |' with as many cells",
                f"'{_shorten(line)}' は表の行に見えますが、文として表示されます: 表の前に空行を入れ、見出し行の次に "
                "'| --- | --- |' のような同じセル数の区切り行を書いてください",
                (line,), WARNING))
            break
    if not todos:
        return found
    skip = {n.mem_id for n in wrapper.css("p.note-source")}
    if generated_h1 and (h1 := wrapper.css_first("h1")) is not None:
        skip.add(h1.mem_id)
    for node in wrapper.traverse(include_text=True):
        if node.tag != "-text" or not RE_TODO.search(node.text_content or ""):
            continue
        if any(a.tag in CODE or a.mem_id in skip for a in _ancestors(node, wrapper)):
            continue
        text = node.text_content.strip()
        found.append(_todo(text))
    return found


def _todo(text: str) -> Finding:
    shown = _shorten(text, 70)
    return Finding(f"replace the TODO marker: '{shown}' is a placeholder of the page template; write the real text",
                   f"TODO の印を置き換えてください: '{shown}' はひな形の仮の文です。実際の内容を書いてください",
                   (text, "TODO"), WARNING, in_order=True)


def todo_findings(values: Iterable[str]) -> list[Finding]:
    """``TODO`` markers in front matter values (as YAML decoded them)."""
    return [_todo(v) for v in values if RE_TODO.search(v)]


def _ancestors(node, stop):
    node = node.parent
    while node is not None and node.mem_id != stop.mem_id:
        yield node
        node = node.parent


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- where a finding is in the source ------------------------------------------------------------

def locate(source: str, finding: Finding, start: int = 0, after: dict[str, int] | None = None) -> int | None:
    """The line of ``source`` where the first of the finding's needles occurs (from ``start``).
    ``after``: where each needle was last found; the same needle again is looked for after it, so
    that repeated findings (two ``<script>`` elements) get the lines of successive occurrences."""
    at = _position(source.casefold(), finding, start, after)
    return line_of(source, at) if at is not None else None


def _position(folded: str, finding: Finding, start: int, after: dict[str, int] | None) -> int | None:
    for needle in finding.needles:
        needle = needle.strip().casefold()
        if not needle:
            continue
        at = folded.find(needle, max(start, (after or {}).get(needle, -1) + 1))
        if at < 0 and not finding.in_order:
            at = folded.find(needle, start)
        if at >= 0:
            if after is not None:
                after[needle] = at
            return at
    return None


def problems(path: str, source: str, findings: Iterable[Finding], body_start: int = 0) -> list[Problem]:
    """Findings of a page as problems of its file, each with the line where it can be found.
    Findings in the text's order are looked for each after the one before."""
    after: dict[str, int] = {}
    folded, cursor = source.casefold(), body_start
    found = []
    for f in findings:
        at = _position(folded, f, cursor if f.in_order else body_start, after)
        if f.in_order and at is not None:
            cursor = at + 1
        found.append(Problem(path, line_of(source, at) if at is not None else None, f.en, f.ja, f.severity))
    return found


# -- links and anchors, once every page is known -------------------------------------------------

@dataclass(frozen=True)
class LinkTarget:
    """What a page's URL leads to: the docs file, and the ids of its page (None for a file)."""

    path: str
    ids: frozenset[str] | None = None


def link_problems(page_path: str, page_url: str, source: str, links: Iterable[Link],
                  targets: Mapping[str, LinkTarget], resolve_source: Callable[[str], str | None],
                  body_start: int = 0, fallback_note: tuple[str, str] | None = None,
                  shown: str | None = None, skip: Collection[str] = (),
                  failed: set[str] | None = None) -> list[Problem]:
    """Links of one page (``page_path``, docs-relative) that lead nowhere, or to an id its target
    does not have; the problems name the file ``shown`` (as a contributor sees it).

    ``targets``: each URL of this build (``questions/065/``, ``assets/x.png``) → its target.
    ``resolve_source(path)``: for a docs path, the file this build really reads (or None).
    ``fallback_note``: the page is shown untranslated in another language's site, where only its
    links to ids can differ from the original site's: those are checked, with these words added.
    ``skip``: link values not to check (already reported by the original site's build); ``failed``
    receives the values of the links reported.
    """
    found = []
    seen = set()
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    for link in links:
        if link.value in seen or link.value in skip:
            continue
        seen.add(link.value)
        problem = _link_problem(link, page_path, base, targets, resolve_source)
        if problem is not None:
            en, ja, needles, to_id = problem
            if fallback_note is not None:
                if not to_id:
                    continue
                en, ja = f"{en} {fallback_note[0]}", f"{ja}{fallback_note[1]}"
            found.append(Problem(shown or page_path, locate(source, Finding(en, ja, needles), body_start), en, ja,
                                 WARNING))
            if failed is not None:
                failed.add(link.value)
    return found


def _link_problem(link: Link, page_path: str, base: str, targets: Mapping[str, LinkTarget],
                  resolve_source: Callable[[str], str | None]):
    value = link.value
    if url_scheme(value) is not None:
        return None  # another site (only allowed schemes get here)
    parts = urlsplit(value)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    what = "image" if link.tag == "img" else "link"
    what_ja = "画像" if link.tag == "img" else "リンク"
    if path.startswith("/"):
        return (f"{what} '{value}' is absolute: write it relative to this page's file (e.g. '../questions/065.md'), "
                "so that it works wherever the site is published",
                f"{what_ja} '{value}' が絶対パスです: このページのファイルからの相対パス（例: "
                "'../questions/065.md'）で書いてください",
                (value,), False)
    if not path:
        url = base
    else:
        url = posixpath.normpath(posixpath.join(base, path))
        url = "" if url == "." else url
        if path.endswith("/") and url:
            url += "/"
    target = targets.get(url) or targets.get(url.rstrip("/") + "/") or targets.get(url + "index.html".lstrip("/"))
    if target is None:
        written = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path)) if path else page_path
        if written == ".." or written.startswith("../"):
            return (f"{what} '{value}' points outside docs/: link to a page or file inside docs/",
                    f"{what_ja} '{value}' は docs/ の外を指しています: docs/ "
                    "の中のページかファイルにリンクしてください",
                    (value,), False)
        if path and resolve_source(written) is not None:  # raw HTML: not rewritten, read from the page's URL
            return (f"{what} '{value}' is written from the page's file, but raw HTML is read from the page's "
                    f"address ({base or './'}), where it leads nowhere: write it in Markdown "
                    "(![…](…) or […](…)), which the site resolves from the file",
                    f"{what_ja} '{value}' はページのファイルからの相対パスですが、生の HTML はページのアドレス"
                    f"（{base or './'}）から読まれるため、先がありません: サイトがファイルから解決する Markdown "
                    "（![…](…) や […](…)）で書いてください", (value,), False)
        hint_en = hint_ja = ""
        for candidate in (f"{written}.md", f"{written.rstrip('/')}/index.md", f"{written.removesuffix('.html')}.md"):
            if resolve_source(candidate) is not None and candidate != written:
                hint_en = f"; did you mean the page {candidate}? Link to its .md file"
                hint_ja = f"。ページ {candidate} のことなら、その .md ファイルにリンクしてください"
                break
        return (f"{what} '{value}' leads nowhere: there is no page or file {written} in docs/{hint_en}",
                f"{what_ja} '{value}' の先がありません: docs/ に {written} というページやファイルはありません{hint_ja}",
                (value, path), False)
    if not fragment or target.ids is None or fragment in target.ids:
        return None
    known = sorted(target.ids)
    listed = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    return (f"link '{value}': '#{fragment}' is not a heading or id of {target.path}; its ids are: {listed or '(none)'}",
            f"リンク '{value}': '#{fragment}' は {target.path} の見出しや id にありません。id の一覧: "
            f"{listed or '（なし）'}",
            (f"#{fragment}", value), True)
