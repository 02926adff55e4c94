"""``make lint``: every problem of the notes that the build would trip on, or that readers would.

Notes arrive as pull requests from strangers, so the checks here run before any build and report
every problem at once, as ``path:line: English / 日本語`` (:class:`~.errors.Problem`):

- front matter against the schemas, in both the Japanese and the English build (the catalog's own
  checks: duplicate question numbers, in-question term anchors, two terms with one name);
- question numbers without gaps between the lowest and the highest, except the gaps declared in
  ``src/studynotes/data/known-gaps.yml`` (a declared gap that is no longer one is reported too);
- links and images to pages, files and anchors that do not exist (for each language's build);
- TeX: an escaped ``\\_``, unbalanced ``\\( \\)`` / ``\\[ \\]`` and braces, and formulas the build
  cannot render;
- raw HTML that could run code: ``<script>`` and its kin, ``on…=`` event handlers, ``javascript:``
  URLs (also in Markdown links and attribute lists);
- tables that will not render as tables;
- ``TODO`` markers left by the scaffolding (``make new-question``, ``make new-term``).

Code spans and fenced code blocks are left out of the text checks. Everything is a pure function
of the sources (docs-relative path → text); ``python -m studynotes lint`` only reads the files.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

import yaml

from . import catalog as notes_catalog
from . import frontmatter, mathml, translations
from .crossrefs import heading_id
from .errors import RE_DOCS_PATH, NotesError, Problem, line_of
from .labels import label
from .slugs import heading_anchors
from .terms import build_term_index

DEFAULT_LANGUAGE = "ja"
LANGUAGES = ("ja", "en")  # the builds of mkdocs.yml: Japanese at /, English at /en/
KNOWN_GAPS_FILE = Path(__file__).with_name("data") / "known-gaps.yml"
KNOWN_GAPS_PATH = "src/studynotes/data/known-gaps.yml"  # as problems name it (relative to the repository)

RE_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
RE_CODE_SPAN = re.compile(r"(?<![`\\])(?P<ticks>`+)(?!`)(?P<code>(?:(?!\n[ \t]*\n)[\s\S])+?)(?<!`)(?P=ticks)(?!`)")
RE_COMMENT = re.compile(r"<!--(?:>|->|[\s\S]*?--!?>)")
RE_TODO = re.compile(r"(?<![A-Za-z0-9_])TODO(?![A-Za-z0-9_])")

# -- TeX
RE_MATH_TOKEN = re.compile(r"\\\\|\\[()\[\]]|\n[ \t]*\n")
RE_TEX_TOKEN = re.compile(r"\\\\|\\[{}]|\\_|[{}]")
CLOSER = {"\\(": "\\)", "\\[": "\\]"}

# -- raw HTML
DANGEROUS_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta")
RE_TAG = re.compile(r"(?<!\\)<(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?P<attrs>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
RE_ATTRIBUTE = re.compile(r"""(?P<name>[^\s"'<>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
RE_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")
RE_UNSAFE_SCHEME = re.compile(r"(?:java|vb)script:")
RE_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

# -- links
RE_LINK = re.compile(r"""(?P<image>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\(\s*"""
                     r"""(?P<target><[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"""
                     r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)""")
RE_REFERENCE = re.compile(r"^[ \t]*\[(?P<label>[^\]^][^\]]*)\]:[ \t]*(?P<target><[^<>\n]*>|\S+)"
                          r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$""", re.M)
RE_SCHEME = re.compile(r"\A[A-Za-z][A-Za-z0-9+.-]*:")
RE_HTML_ID = re.compile(r"""(?:(?<![\w-])id|<a\b[^>]*?(?<![\w-])name)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))""")
RE_ATTR_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s#.}=]+)")

# -- tables
RE_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
RE_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
RE_OPENS_BLOCK = re.compile(r"^[ \t]*(?:#{1,6}(?:[ \t]|$)|!!!|\?\?\?)")  # a heading or an admonition ends the block
RE_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


# -- known gaps in the question numbering --------------------------------------------------------

@dataclass(frozen=True)
class KnownGaps:
    """Question numbers deliberately absent: number → reason (and the line declaring it)."""

    reasons: Mapping[int, str]
    lines: Mapping[int, int] = field(default_factory=dict)
    path: str = KNOWN_GAPS_PATH


def parse_known_gaps(text: str, path: str = KNOWN_GAPS_PATH) -> tuple[KnownGaps, list[Problem]]:
    """``number: reason`` lines; problems for anything else."""
    expected_en = "expected lines 'number: reason', e.g. '63: not in the raw notes'"
    expected_ja = "'番号: 理由' の行で書いてください（例: '63: 元ノートにない'）"
    try:
        node = yaml.compose(text, Loader=frontmatter.LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        return KnownGaps({}, path=path), [Problem(path, mark.line + 1 if mark else 1, f"not valid YAML: {expected_en}",
                                                 f"YAML が不正です: {expected_ja}")]
    if node is None:
        return KnownGaps({}, path=path), []
    if not isinstance(node, yaml.MappingNode):
        return KnownGaps({}, path=path), [Problem(path, node.start_mark.line + 1, f"not a mapping: {expected_en}",
                                                 f"マッピングではありません: {expected_ja}")]
    reasons, lines, problems = {}, {}, []
    for key, value in node.value:
        line = key.start_mark.line + 1
        number = int(key.value) if key.tag.endswith(":int") and key.value.isdigit() else 0
        reason = value.value if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str") else ""
        if number < 1 or not reason.strip():
            problems.append(Problem(path, line, f"'{key.value}: …' is not a question number with a reason: {expected_en}",
                                    f"'{key.value}: …' は問題番号と理由の組ではありません: {expected_ja}"))
            continue
        reasons[number], lines[number] = reason.strip(), line
    return KnownGaps(reasons, lines, path), problems


def read_known_gaps(file: Path = KNOWN_GAPS_FILE) -> tuple[KnownGaps, list[Problem]]:
    if not file.exists():
        return KnownGaps({}), []
    return parse_known_gaps(file.read_text(encoding="utf-8"))


# -- the whole check -----------------------------------------------------------------------------

def lint_sources(sources: Mapping[str, str], assets: Collection[str] = (),
                 known_gaps: KnownGaps | Mapping[int, str] | None = None) -> list[Problem]:
    """Every problem of the notes, sorted by file and line, each once.

    ``sources``: docs-relative path → text of every Markdown file (both languages). ``assets``:
    docs-relative paths of the other files (images, scripts) that links may point at.
    ``known_gaps``: deliberately absent question numbers; by default ``data/known-gaps.yml``.
    """
    problems: list[Problem] = []
    if known_gaps is None:
        known_gaps, found = read_known_gaps()
        problems += found
    elif not isinstance(known_gaps, KnownGaps):
        known_gaps = KnownGaps(dict(known_gaps))
    pages = {path: _Page(path, text) for path, text in sources.items() if path.endswith(".md")}
    problems += schema_problems(sources)
    problems += numbering_problems(sources, known_gaps)
    for page in pages.values():
        problems += html_problems(page)
        problems += tex_problems(page)
        problems += table_problems(page)
        problems += todo_problems(page)
    problems += link_problems(pages, set(pages) | set(assets))
    return _unique(problems)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.en, p.ja))


# -- a page, with the parts each check must not look at blanked out -----------------------------

def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (newlines kept, so offsets and lines stay)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _fenced_blocks(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of the fenced code blocks (``` or ~~~, also indented in lists) from offset ``start``."""
    spans, offset, opened = [], 0, None
    for line in re.findall(r"[^\n]*\n|[^\n]+\Z", text):
        if offset >= start:
            m = RE_FENCE_OPEN.match(line)
            if opened is None and m:
                opened = (offset, m.group("fence"))
            elif opened is not None and m and m.group("fence")[0] == opened[1][0] \
                    and len(m.group("fence")) >= len(opened[1]) and not line[m.end():].strip():
                spans.append((opened[0], offset + len(line)))
                opened = None
        offset += len(line)
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


@dataclass
class _Page:
    path: str
    text: str

    @cached_property
    def body_start(self) -> int:
        m = frontmatter.RE_FRONT_MATTER.match(self.text)
        return m.end() if m else 0

    @cached_property
    def without_code(self) -> str:
        """The whole file, front matter included, without fenced code blocks and code spans."""
        text = _blank(self.text, _fenced_blocks(self.text, self.body_start))
        body = [(m.start(), m.end()) for m in RE_CODE_SPAN.finditer(text, self.body_start)]
        return _blank(text, body)

    @cached_property
    def body_text(self) -> str:
        """The body without code (front matter blanked): what TeX and tables are checked in."""
        return _blank(self.without_code, [(0, self.body_start)])

    @cached_property
    def html_text(self) -> str:
        """Where raw HTML can be: everything but code and closed HTML comments."""
        return _blank(self.without_code, [(m.start(), m.end()) for m in RE_COMMENT.finditer(self.without_code)])

    @cached_property
    def formulas(self) -> list[tuple[int, int, str]]:
        """(start, end, opening delimiter) of each balanced formula, delimiters included."""
        return _scan_math(self.body_text)[0]

    @cached_property
    def link_text(self) -> str:
        """The body as Markdown inlines see it: no code, comments or formulas."""
        text = _blank(self.html_text, [(0, self.body_start)])
        return _blank(text, [(start, end) for start, end, _ in self.formulas])

    @cached_property
    def front(self) -> frontmatter.FrontMatter | None:
        return frontmatter.split(self.path, self.text)[0]

    def line(self, index: int) -> int:
        return line_of(self.text, index)


def _language_of(path: str) -> str | None:
    """The language a page is written in: ``ja``, ``en`` (``x.en.md``), None for another locale."""
    for language in LANGUAGES:
        if language != DEFAULT_LANGUAGE and translations.original_path(path, language) is not None:
            return language
    return None if translations.is_translation(path) else DEFAULT_LANGUAGE


# -- front matter --------------------------------------------------------------------------------

def schema_problems(sources: Mapping[str, str]) -> list[Problem]:
    """The catalog's and the term index's problems in each language's build, naming the real file."""
    problems = []
    for language in LANGUAGES:
        chosen = translations.sources_for(dict(sources), language, DEFAULT_LANGUAGE)
        real = translations.build_files(sources, language, DEFAULT_LANGUAGE)
        try:
            build_term_index(notes_catalog.build_catalog(chosen))
        except NotesError as e:
            problems += [_renamed(p, real) for p in e.problems]
    return problems


def _renamed(problem: Problem, real: Mapping[str, str]) -> Problem:
    def sub(text: str) -> str:
        return RE_DOCS_PATH.sub(lambda m: real.get(m.group(0), m.group(0)), text)
    return Problem(real.get(problem.path, problem.path), problem.line, sub(problem.en), sub(problem.ja))


# -- question numbering --------------------------------------------------------------------------

def numbering_problems(sources: Mapping[str, str], known_gaps: KnownGaps) -> list[Problem]:
    """Numbers missing between the lowest and the highest question, unless declared; declared
    gaps that are not (or no longer) gaps."""
    numbers: dict[int, str] = {}
    for path in sorted(sources):
        m = notes_catalog.RE_QUESTION_FILE.match(path)
        if m:
            numbers.setdefault(int(m.group("stem")), path)
    problems = []
    if not numbers:
        return problems
    ordered = sorted(numbers)
    low, high = ordered[0], ordered[-1]
    for before, after in zip(ordered, ordered[1:]):  # the problem is reported on the page after a gap
        if after == before + 1:
            continue
        declared = sorted(n for n in known_gaps.reasons if before < n < after)
        first = before + 1
        for stop in [*declared, after]:
            if first < stop:
                problems.append(_gap(first, stop - 1, before, after, numbers[after], sources, known_gaps.path))
            first = stop + 1
    for number, reason in sorted(known_gaps.reasons.items()):
        line = known_gaps.lines.get(number)
        if number in numbers:
            problems.append(Problem(
                known_gaps.path, line,
                f"question {number} is declared absent ({reason}) but {numbers[number]} exists: remove '{number}:' from this file",
                f"問題 {number} は欠番として宣言されていますが {numbers[number]} があります: このファイルから '{number}:' を削除してください"))
        elif not low < number < high:
            problems.append(Problem(
                known_gaps.path, line,
                f"question {number} is declared absent but is not a gap: the questions run from {low} to {high}; "
                f"remove '{number}:' from this file",
                f"問題 {number} は欠番として宣言されていますが、問題は {low}〜{high} なので欠番ではありません: "
                f"このファイルから '{number}:' を削除してください"))
    return problems


def _gap(first: int, last: int, before: int, after: int, path: str, sources: Mapping[str, str],
         known_gaps_path: str) -> Problem:
    fm, _ = frontmatter.split(path, sources[path])
    which = f"question {first} is" if first == last else f"questions {first}–{last} are"
    which_ja = f"問題 {first}" if first == last else f"問題 {first}–{last}"
    return Problem(
        path, fm.key_lines.get("number") if fm else None,
        f"{which} missing: the numbers jump from {before} to {after}; add questions/{first:03d}.md "
        f"(make new-question N={first}), or, if it is absent on purpose, declare it with the reason in "
        f"{known_gaps_path} ('{first}: why it is absent')",
        f"{which_ja} がありません（{before} の次が {after} です）: questions/{first:03d}.md を追加するか"
        f"（make new-question N={first}）、意図した欠番なら {known_gaps_path} に「{first}: 欠番の理由」を書いてください")


# -- TeX -----------------------------------------------------------------------------------------

def _scan_math(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, str, str]]]:
    """Balanced formulas (start, end, opener) and delimiter problems (index, en, ja).

    A formula cannot span a blank line (Markdown ends the paragraph there); ``\\\\`` is an escaped
    backslash (outside math) or a line break (inside), never a delimiter.
    """
    formulas, problems = [], []
    opened: tuple[int, str] | None = None
    for m in RE_MATH_TOKEN.finditer(text):
        token = m.group()
        if token == "\\\\":
            continue
        if token.strip() == "":  # a blank line
            if opened:
                problems.append(_unclosed(opened, "a blank line", "空行"))
                opened = None
            continue
        if token in CLOSER:
            if opened:
                problems.append(_unclosed(opened, f"another '{token}'", f"次の '{token}'"))
            opened = (m.start(), token)
        elif opened is None:
            opening = "\\(" if token == "\\)" else "\\["
            problems.append((m.start(), f"'{token}' closes no formula: add the opening '{opening}' or remove it",
                             f"'{token}' に対応する '{opening}' がありません: '{opening}' を追加するか削除してください"))
        elif CLOSER[opened[1]] != token:
            problems.append((m.start(), f"formula opened with '{opened[1]}' is closed with '{token}': expected '{CLOSER[opened[1]]}'",
                             f"'{opened[1]}' で始まる数式が '{token}' で閉じられています: '{CLOSER[opened[1]]}' で閉じてください"))
            opened = None
        else:
            formulas.append((opened[0], m.end(), opened[1]))
            opened = None
    if opened:
        problems.append(_unclosed(opened, "the end of the file", "ファイルの終わり"))
    return formulas, problems


def _unclosed(opened: tuple[int, str], before_en: str, before_ja: str) -> tuple[int, str, str]:
    index, token = opened
    closer = CLOSER[token]
    return (index, f"formula opened with '{token}' is not closed: expected '{closer}' before {before_en}",
            f"'{token}' で始まる数式が閉じていません: {before_ja}の前に '{closer}' が必要です")


def tex_problems(page: _Page) -> list[Problem]:
    text = page.body_text
    formulas, delimiter_problems = _scan_math(text)
    problems = [Problem(page.path, page.line(i), en, ja) for i, en, ja in delimiter_problems]
    for start, end, opener in formulas:
        tex = text[start + 2:end - 2]
        shown = _shorten(tex)
        found = []
        depth: list[int] = []
        for m in RE_TEX_TOKEN.finditer(tex):
            token, at = m.group(), start + 2 + m.start()
            if token == "\\_":
                found.append(Problem(page.path, page.line(at),
                                     f"escaped underscore '\\_' in formula '{shown}': write a subscript with '_', e.g. X_{{\\text{{min}}}}",
                                     f"数式 '{shown}' にエスケープされた '\\_' があります: 下付き文字は '_' で書いてください（例: X_{{\\text{{min}}}}）"))
            elif token == "{":
                depth.append(at)
            elif token == "}":
                if depth:
                    depth.pop()
                else:
                    found.append(Problem(page.path, page.line(at),
                                         f"unbalanced braces in formula '{shown}': this '}}' closes no '{{'",
                                         f"数式 '{shown}' の波括弧の対応が取れていません: この '}}' に対応する '{{' がありません"))
        for at in depth:
            found.append(Problem(page.path, page.line(at),
                                 f"unbalanced braces in formula '{shown}': this '{{' is never closed, expected a '}}'",
                                 f"数式 '{shown}' の波括弧の対応が取れていません: この '{{' が閉じていません（'}}' が必要です）"))
        if not found:  # what else the build would refuse (unknown commands, missing arguments)
            try:
                mathml.tex_to_mathml(tex, opener == "\\[")
            except mathml.TexError as e:
                found.append(Problem(page.path, page.line(start), f"invalid TeX: {e.reason} in '{shown}'",
                                     f"TeX が不正です: {e.reason_ja}（'{shown}'）"))
        problems += found
    return problems


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# -- raw HTML that could run code ----------------------------------------------------------------

def _unsafe_url(value: str) -> str | None:
    """``javascript:`` / ``vbscript:`` if a URL uses that scheme, as a browser reads it: entities
    decoded, control characters and spaces ignored, any case."""
    m = RE_UNSAFE_SCHEME.match(RE_CONTROL.sub("", html.unescape(value)).lower())
    return m.group() if m else None


def html_problems(page: _Page) -> list[Problem]:
    problems = []
    for m in RE_TAG.finditer(page.html_text):
        name, line = m.group("name").lower(), page.line(m.start())
        if name in DANGEROUS_TAGS:
            problems.append(Problem(page.path, line,
                                    f"raw HTML <{name}> can run code or take over the page in readers' browsers: remove it "
                                    f"(to show code, put it in a fenced code block)",
                                    f"生の HTML <{name}> は読者のブラウザでコードを実行したりページを乗っ取ったりできます: "
                                    f"削除してください（コードを見せるならコードブロックに入れてください）"))
        problems += _attribute_problems(page, m.group("attrs"), f"<{name}>", f"<{name}>", line)
    for m in RE_ATTR_LIST.finditer(page.link_text):
        body = m.group("body")
        if "=" in body:  # {: key=value }: attr_list copies it into the HTML
            problems += _attribute_problems(page, body, "an attribute list { … }", "属性リスト { … }", page.line(m.start()))
    for m in list(RE_LINK.finditer(page.link_text)) + list(RE_REFERENCE.finditer(page.link_text)):
        scheme = _unsafe_url(m.group("target").strip("<>"))
        if scheme:
            problems.append(Problem(page.path, page.line(m.start()),
                                    f"'{scheme}' link target can run code: link to a page of the site or an https:// address",
                                    f"リンク先の '{scheme}' はコードを実行できます: サイト内のページか https:// のアドレスにリンクしてください"))
    return problems


def _attribute_problems(page: _Page, attrs: str, where: str, where_ja: str, line: int) -> list[Problem]:
    problems = []
    for a in RE_ATTRIBUTE.finditer(attrs):
        name, value = a.group("name").lower(), a.group("value")
        if value is None:
            continue
        if name.startswith("on"):
            problems.append(Problem(page.path, line,
                                    f"event-handler attribute '{name}' in {where} runs code in readers' browsers: remove it",
                                    f"{where_ja} のイベントハンドラ属性 '{name}' は読者のブラウザでコードを実行します: 削除してください"))
        scheme = _unsafe_url(value.strip("\"'"))
        if scheme:
            problems.append(Problem(page.path, line,
                                    f"'{scheme}' URL in attribute '{name}' of {where} can run code: link to a page of the site or an https:// address",
                                    f"{where_ja} の属性 '{name}' にある '{scheme}' の URL はコードを実行できます: "
                                    f"サイト内のページか https:// のアドレスにしてください"))
    return problems


# -- tables --------------------------------------------------------------------------------------

def _cells(row: str) -> int:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(RE_UNESCAPED_PIPE.split(row))


def _count(cells: int) -> str:
    return f"{cells} cell" if cells == 1 else f"{cells} cells"


def table_problems(page: _Page) -> list[Problem]:
    """Tables as Python-Markdown reads them: a block (no blank line inside) whose first line is the
    header and second the delimiter row; every further line of the block is a row."""
    lines = page.body_text.split("\n")
    problems = []

    def add(i: int, en: str, ja: str) -> None:
        problems.append(Problem(page.path, i + 1, en, ja))

    i = 0
    while i < len(lines):
        if not RE_TABLE_ROW.match(lines[i]):
            i += 1
            continue
        previous = lines[i - 1] if i else ""
        if previous.strip() and not RE_OPENS_BLOCK.match(previous):
            add(i, f"table starts right after a line of text ('{_shorten(previous, 30)}'), so it is shown as text: "
                   "add a blank line before the table",
                f"表が文の行（'{_shorten(previous, 30)}'）の直後にあるため、表になりません: 表の前に空行を入れてください")
        header = _cells(lines[i])
        j = i + 1
        if j >= len(lines) or not RE_DELIMITER_ROW.match(lines[j]):
            found = _shorten(lines[j], 30) if j < len(lines) and lines[j].strip() else "nothing"
            add(i, f"table header row is followed by '{found}', not by a delimiter row: add a row like "
                   f"'|{' --- |' * header}' after it",
                f"表の見出し行の次が区切り行ではありません（'{found}'）: 見出し行の次に '|{' --- |' * header}' のような行を入れてください")
            while j < len(lines) and RE_TABLE_ROW.match(lines[j]):
                j += 1
            i = j
            continue
        if _cells(lines[j]) != header:
            add(j, f"delimiter row has {_count(_cells(lines[j]))} but the header row has {_count(header)}: give it {_count(header)}",
                f"区切り行のセルが {_cells(lines[j])} 個ですが見出し行は {header} 個です: {header} 個にしてください")
        j += 1
        while j < len(lines) and lines[j].strip():
            if "|" not in lines[j]:
                add(j, f"line '{_shorten(lines[j], 30)}' right after the table becomes one of its rows: "
                       "add a blank line after the table",
                    f"表の直後の行 '{_shorten(lines[j], 30)}' が表の行になってしまいます: 表の後に空行を入れてください")
            elif _cells(lines[j]) != header:
                add(j, f"table row has {_count(_cells(lines[j]))} but the header row has {_count(header)}: give every row {_count(header)} "
                       "(write a '|' inside a cell as '\\|')",
                    f"表の行のセルが {_cells(lines[j])} 個ですが見出し行は {header} 個です: すべての行を {header} 個にしてください"
                    "（セル内の '|' は '\\|' と書きます）")
            j += 1
        i = j
    return problems


# -- TODO markers --------------------------------------------------------------------------------

def todo_problems(page: _Page) -> list[Problem]:
    problems, seen = [], set()
    text = page.without_code
    for m in RE_TODO.finditer(text):
        line = page.line(m.start())
        if line in seen:
            continue
        seen.add(line)
        shown = _shorten(page.text.split("\n")[line - 1], 70)
        problems.append(Problem(page.path, line,
                                f"replace the TODO marker: '{shown}' is a placeholder of the page template; write the real text",
                                f"TODO の印を置き換えてください: '{shown}' はひな形の仮の文です。実際の内容を書いてください"))
    return problems


# -- links ---------------------------------------------------------------------------------------

def _links(page: _Page) -> list[tuple[int, str]]:
    """(index, target) of every Markdown link, image and reference definition of the body."""
    text = page.link_text
    found = [(m.start(), m.group("target")) for m in RE_LINK.finditer(text)]
    found += [(m.start(), m.group("target")) for m in RE_REFERENCE.finditer(text)]
    return sorted(found)


def link_problems(pages: Mapping[str, _Page], files: Collection[str]) -> list[Problem]:
    """Links to pages, files or anchors missing in the build of the page's language, and, for a
    Japanese page without a translation, in the English build too (which shows it untranslated)."""
    problems = []
    anchors: dict[tuple[str, str], dict[str, None]] = {}

    def ids(path: str, language: str) -> dict[str, None]:
        if (path, language) not in anchors:
            anchors[path, language] = _anchor_ids(pages[path], language)
        return anchors[path, language]

    for language in LANGUAGES:
        for real in translations.build_files(pages, language, DEFAULT_LANGUAGE).values():
            page = pages[real]
            fallback = _language_of(real) != language
            for index, raw in _links(page):
                target = raw.strip("<>") if raw.startswith("<") else raw
                problem = _check_link(page, target, language, fallback, files, ids)
                if problem:
                    problems.append(Problem(page.path, page.line(index), *problem))
    return problems


def _check_link(page: _Page, target: str, language: str, fallback: bool, files: Collection[str],
                ids) -> tuple[str, str] | None:
    if not target or RE_SCHEME.match(target) or target.startswith("//"):
        return None  # no target, or another site (javascript: is reported by html_problems)
    path, _, anchor = target.partition("#")
    path, anchor = unquote(path.split("?")[0]), unquote(anchor)
    if fallback and not path:
        return None  # the page itself, as in the Japanese build
    if path.startswith("/"):
        if fallback:
            return None
        return (f"link '{target}' is absolute: write it relative to this page (e.g. '../questions/065.md'), "
                "so that it works wherever the site is published",
                f"リンク '{target}' が絶対パスです: このページからの相対パス（例: '../questions/065.md'）で書いてください")
    if path:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
        if joined == ".." or joined.startswith("../"):
            return (f"link '{target}' points outside docs/: link to a page or file inside docs/",
                    f"リンク '{target}' は docs/ の外を指しています: docs/ の中のページかファイルにリンクしてください")
        resolved = _resolve(joined, language, files)
        if resolved is None:
            return None if fallback else _missing(target, joined, files)
    else:
        resolved = page.path
    if not anchor or not resolved.endswith(".md"):
        return None
    if fallback and _localized(resolved) is None:
        return None  # the same page as in the Japanese build, which reports it
    known = ids(resolved, language)
    if anchor in known:
        return None
    listed = ", ".join(list(known)[:12]) + (", …" if len(known) > 12 else "")
    where_en = where_ja = ""
    if fallback:
        where_en = (" (this page has no English translation, so the English site shows it as it is, "
                    f"and there the link leads to {resolved})")
        where_ja = f"（このページには英語版がないため、英語版サイトではこのページがそのまま表示され、リンク先は {resolved} になります）"
    return (f"link '{target}': '#{anchor}' is not a heading or id of {resolved}{where_en}; its ids are: {listed or '(none)'}",
            f"リンク '{target}': '#{anchor}' は {resolved} の見出しや id にありません{where_ja}。id の一覧: {listed or '（なし）'}")


def _localized(path: str) -> str | None:
    """The language of a translated file (``x.en.md``, ``chart.en.png``), None for the original."""
    m = re.search(r"\.([a-z]{2})\.[^./]+\Z", path)
    return m.group(1) if m and m.group(1) in LANGUAGES and m.group(1) != DEFAULT_LANGUAGE else None


def _resolve(path: str, language: str, files: Collection[str]) -> str | None:
    """The file a link to ``path`` reaches in ``language``'s build (as mkdocs-static-i18n resolves
    it: the translation where there is one), or None."""
    if language == DEFAULT_LANGUAGE:
        return path if path in files and _localized(path) is None else None
    if _localized(path) is not None:
        return path if _localized(path) == language and path in files else None
    translated = translations.translation_path(path, language)
    return translated if translated in files else path if path in files else None


def _missing(target: str, joined: str, files: Collection[str]) -> tuple[str, str]:
    if _localized(joined) and joined in files:  # only the Japanese build lacks a translation
        original = posixpath.basename(translations.original_path(joined, _localized(joined)))
        return (f"link '{target}' leads to a translation, which the Japanese site does not have: link to "
                f"'{original}' (each language's site picks its own version)",
                f"リンク '{target}' は翻訳版を指していますが、日本語のサイトにはありません: '{original}' にリンクしてください"
                "（各言語のサイトが自分の版を選びます）")
    hint_en = hint_ja = ""
    for candidate in (f"{joined}.md", f"{joined}/index.md", f"{joined.removesuffix('.html')}.md"):
        if candidate in files and candidate != joined:
            hint_en = f"; did you mean the page {candidate}? Link to its .md file"
            hint_ja = f"。ページ {candidate} のことなら、その .md ファイルにリンクしてください"
            break
    return (f"link '{target}' leads nowhere: there is no page or file {joined} in docs/{hint_en}",
            f"リンク '{target}' の先がありません: docs/ に {joined} というページやファイルはありません{hint_ja}")


def _anchor_ids(page: _Page, language: str) -> dict[str, None]:
    """Every id a link can point at on a page, in page order: its headings' ids (as the toc
    extension makes them), ``{ #id }`` attribute lists, raw HTML ids, and the headings the site
    generates (a question's heading and related terms, a term's backlinks)."""
    ids = dict.fromkeys(heading_anchors(page.text[page.body_start:]))
    for m in RE_ATTR_LIST.finditer(page.link_text):
        ids.update(dict.fromkeys(a.group("id") for a in RE_ATTR_ID.finditer(m.group("body"))))
    for m in RE_TAG.finditer(page.html_text):
        ids.update(dict.fromkeys(next(v for v in i.groups() if v is not None) for i in RE_HTML_ID.finditer(m.group(0))))
    original = translations.original_path(page.path, language) or page.path
    data = page.front.data if page.front else {}
    if notes_catalog.RE_QUESTION_FILE.match(original):
        if isinstance(data.get("title"), str):
            ids[heading_id(label(language, "question_heading", number=data.get("number"), title=data["title"].strip()))] = None
        ids[heading_id(label(language, "related"))] = None
    elif notes_catalog.RE_TERM_FILE.match(original):
        ids[heading_id(label(language, "backlinks"))] = None
    return ids
