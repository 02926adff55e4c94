"""Front matter of question and glossary pages: parsing with line numbers, one schema each.

MkDocs silently ignores front matter it cannot parse (the YAML then shows up as page text), so the
site parses it again here, strictly, and reports the line of every problem. The schemas are the
single place that says which keys a page may carry and what each must look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from . import mdscan
from .errors import Problem

RE_TODO = re.compile(r"(?<![A-Za-z0-9_])TODO(?![A-Za-z0-9_])")
RE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
RE_LEADING_ZERO = re.compile(r"\A[+-]?0[0-9_]+\Z")

# libyaml's loader where PyYAML was built with it (the same results, many times faster).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RE_HIRAGANA_READING = re.compile(r"\A[ぁ-ゖー・ 　]+\Z")
RE_NEEDS_READING = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
RE_SENTENCE_END = re.compile(r"[。．.!?！？]\Z")


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter: the data, the line of each top-level key, and where the body starts."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    body_line: int
    node: Any = None  # the YAML node tree, for lines of nested values
    # Values can hold control characters only through YAML escapes (a backslash) or as written.
    may_hold_controls: bool = True

    def line_at(self, *path: str | int) -> int | None:
        """The file line of a nested value, e.g. ``line_at("terms", 0, "anchor")`` (else of its top key)."""
        node = value_node(self, *path)
        if node is None:
            return self.key_lines.get(str(path[0])) if path else None
        return node.start_mark.line + 2


@dataclass(frozen=True)
class Field:
    """One key of a schema."""

    name: str
    kind: str  # "int", "str", "list", "reading"
    required: bool = True
    help_en: str = ""
    help_ja: str = ""


QUESTION_FIELDS = (
    Field("number", "int", help_en="the question number, e.g. 62", help_ja="問題番号（例: 62）"),
    Field("title", "str", help_en="a short descriptive Japanese title", help_ja="短い説明的な日本語タイトル"),
    Field("tags", "list", help_en="a list of AWS services and ML topics", help_ja="AWS サービスと ML トピックのリスト"),
    Field("source", "str", required=False, help_en="the title of the raw note file", help_ja="元ノートのタイトル"),
    Field("terms", "terms", required=False,
          help_en="terms this question explains: a list of {term, aliases, reading, summary, anchor}",
          help_ja="この問題で解説する用語: {term, aliases, reading, summary, anchor} のリスト"),
    Field("ja_version", "str", required=False,
          help_en="translations only: the version of the Japanese page translated (make i18n-stamp writes it)",
          help_ja="翻訳のみ: 翻訳元の日本語ページの版（make i18n-stamp が書き込みます）"),
)

# Keys of one item of a question's ``terms`` (a term explained inside the question).
IN_QUESTION_TERM_FIELDS = (
    Field("term", "str", help_en="the term as the note writes it", help_ja="ノートでの用語名"),
    Field("aliases", "list", required=False, help_en="other names and spellings", help_ja="別名・表記ゆれのリスト"),
    Field("reading", "reading", required=False, help_en="the reading in hiragana", help_ja="ひらがなの読み"),
    Field("summary", "str", help_en="one sentence, ending with 。", help_ja="「。」で終わる一文"),
    Field("anchor", "str", help_en="the id of the heading that explains the term, e.g. レイヤーlayerとは",
          help_ja="用語を解説している見出しの id（例: レイヤーlayerとは）"),
)

# The site's own pages (home, indexes, tags): a title, nothing Material would act on.
PAGE_FIELDS = (
    Field("title", "str", required=False, help_en="the page's title", help_ja="ページのタイトル"),
    Field("ja_version", "str", required=False,
          help_en="translations only: the version of the Japanese page translated (make i18n-stamp writes it)",
          help_ja="翻訳のみ: 翻訳元の日本語ページの版（make i18n-stamp が書き込みます）"),
)

TERM_FIELDS = (
    Field("title", "str", help_en="the term as the notes write it", help_ja="ノートでの用語名"),
    Field("aliases", "list", help_en="other names and spellings (may be [])",
          help_ja="別名・表記ゆれのリスト（空なら []）"),
    Field("reading", "reading", required=False, help_en="the reading in hiragana, e.g. しょうしつこうばい",
          help_ja="ひらがなの読み（例: しょうしつこうばい）"),
    Field("summary", "str", help_en="one sentence, ending with 。", help_ja="「。」で終わる一文"),
    Field("source", "str", required=False, help_en="the title of the raw note file", help_ja="元ノートのタイトル"),
    Field("ja_version", "str", required=False,
          help_en="translations only: the version of the Japanese page translated (make i18n-stamp writes it)",
          help_ja="翻訳のみ: 翻訳元の日本語ページの版（make i18n-stamp が書き込みます）"),
)


def split(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split ``text`` into front matter and body; YAML errors come back with their line."""
    if not text.startswith("---"):
        return None, [Problem(path, 1, "no front matter: the page must start with a '---' block",
                              "フロントマターがありません: ページは '---' で始まるブロックが必要です")]
    block = mdscan.front_matter(text)
    if block is None:
        return None, [Problem(path, 1, "front matter is not closed: add a line '---' after it",
                              "フロントマターが閉じていません: 最後に '---' の行を追加してください")]
    source = block.yaml
    loader = LOADER(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark is not None and mark is not None and mark.index >= len(source.rstrip()):
            mark = e.context_mark  # unclosed at the end: where it was opened is what to fix
        line = mark.line + 2 if mark else 1
        what = " ".join(str(x) for x in (e.context, e.problem) if x)
        return None, [Problem(path, line, f"front matter is not valid YAML ({what})",
                              f"フロントマターの YAML が不正です（{what}）")]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "front matter must be a mapping of 'key: value' lines",
                              "フロントマターは「キー: 値」の形式で書いてください")]
    key_lines: dict[str, int] = {}
    problems = []
    for mapping in _mappings(node):
        seen: dict[str, int] = {}
        for key_node, _ in mapping.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if key in seen:
                problems.append(Problem(path, line,
                                        f"key '{key}' is given twice (first on line {seen[key]}): YAML keeps only "
                                        "the last one; keep one of them",
                                        f"キー '{key}' が二度あります（最初は {seen[key]} 行目）: "
                                        "YAML は最後の値だけを使います。どちらか一方にしてください"))
            seen.setdefault(key, line)
            if mapping is node:
                key_lines.setdefault(key, line)
    if problems:
        return None, problems
    controls = "\\" in source or RE_CONTROL.search(source) is not None
    return FrontMatter(data, key_lines, text[block.body_start:], block.body_line, node, controls), []


def _mappings(node):
    """Every mapping node of a YAML tree, the root first."""
    if isinstance(node, yaml.MappingNode):
        yield node
        for _, value in node.value:
            yield from _mappings(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mappings(item)


def value_node(fm: FrontMatter, *path: str | int):
    """The YAML node of a nested value, or None."""
    node = fm.node
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


def validate(path: str, fm: FrontMatter, fields: tuple[Field, ...], data: dict | None = None,
             at: tuple = ()) -> list[Problem]:
    """Check ``data`` (the front matter, or a mapping nested in it at ``at``) against a schema."""
    data = fm.data if data is None else data
    problems = []
    known = {f.name for f in fields}
    prefix = "".join(f"{p}[{i}]" if isinstance(i, int) else "" for p, i in zip(at[::2], at[1::2], strict=True))
    prefix = f"{prefix}." if prefix else ""
    for key in data:
        if key not in known:
            problems.append(Problem(
                path, fm.line_at(*at, str(key)),
                f"unknown front matter key '{prefix}{key}': expected one of {', '.join(sorted(known))}",
                f"不明なキー '{prefix}{key}': 使えるキーは {', '.join(sorted(known))} です"))
    for f in fields:
        name = prefix + f.name
        if f.name not in data:
            if f.required:
                problems.append(Problem(path, fm.line_at(*at) if at else None,
                                        f"missing front matter key '{name}': {f.help_en}",
                                        f"キー '{name}' がありません: {f.help_ja}"))
            continue
        value = data[f.name]
        if value is None:
            if f.required:
                empty = " (write [] if there are none)" if f.kind == "list" and f.name == "aliases" else ""
                empty_ja = "（なければ [] と書きます）" if empty else ""
                problems.append(Problem(path, fm.line_at(*at, f.name), f"'{name}' is empty{empty}: {f.help_en}",
                                        f"'{name}' が空です{empty_ja}: {f.help_ja}"))
            continue
        node = value_node(fm, *at, f.name) if f.kind == "int" else None
        if node is not None and isinstance(node, yaml.ScalarNode) and not node.style \
                and RE_LEADING_ZERO.match(node.value):
            digits = node.value.lstrip("+-").lstrip("0_") or "0"
            octal = (f" ({node.value} is read as {value})" if isinstance(value, int) and not isinstance(value, bool)
                     else "")
            octal_ja = f"（{node.value} は {value} と読まれます）" if octal else ""
            problems.append(Problem(path, fm.line_at(*at, f.name),
                                    f"'{name}: {node.value}': a leading zero makes YAML read the number "
                                    f"as octal{octal}; write '{f.name}: {digits}' (the file name keeps its zeros)",
                                    f"'{name}: {node.value}': 先頭の 0 があると "
                                    f"YAML は 8 進数として読みます{octal_ja}。"
                                    f"'{f.name}: {digits}' と書いてください（ファイル名の 0 はそのままで構いません）"))
            continue
        message = _check_value(f, value, fm.may_hold_controls)
        if message:
            problems.append(Problem(path, fm.line_at(*at, f.name),
                                    f"'{name}' {message[0]}, found {value!r}: {f.help_en}",
                                    f"'{name}' {message[1]}（値: {value!r}）: {f.help_ja}"))
    return problems


def _check_value(f: Field, value: Any, controls: bool = True) -> tuple[str, str] | None:
    texts = ([value] if isinstance(value, str)
             else [v for v in value if isinstance(v, str)] if isinstance(value, list) else [])
    if controls and (bad := next((m for t in texts if (m := RE_CONTROL.search(t))), None)) is not None:
        char = f"U+{ord(bad.group()):04X}"
        return (f"must not contain control characters (found {char}, perhaps from a YAML escape)",
                f"に制御文字を含めないでください（{char} があります。YAML のエスケープでは？）")
    if isinstance(value, str) and f.kind in ("str", "reading") and RE_TODO.search(value):
        return None  # a placeholder of the page templates: reported as a TODO marker, once
    if f.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return "must be a positive whole number", "は正の整数で指定してください"
    elif f.kind in ("str", "reading"):
        if not isinstance(value, str) or not value.strip():
            return "must be non-empty text", "は空でない文字列で指定してください"
        if "\n" in value.strip():
            return "must be on one line", "は一行で書いてください"
        if f.kind == "reading" and not RE_HIRAGANA_READING.match(value):
            return "must be written in hiragana", "はひらがなで書いてください"
        if f.name == "summary" and not RE_SENTENCE_END.search(value.strip()):
            return "must be one sentence ending with 。", "は「。」で終わる一文にしてください"
    elif f.kind == "terms":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return "must be a list of mappings", "はマッピングのリストで指定してください"
    elif f.kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return "must be a list of non-empty texts", "は空でない文字列のリストで指定してください"
        if f.name == "tags" and not value:
            return "must name at least one tag", "は少なくとも一つ指定してください"
    return None


def needs_reading(title: str) -> bool:
    """Kana and kanji titles need a hiragana ``reading`` to sort in gojūon order."""
    return bool(RE_NEEDS_READING.search(title))
