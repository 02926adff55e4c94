"""``make new-question N=70`` and ``make new-term SLUG=batch-normalization``: a new page to fill in.

The page has its front matter and the skeleton of the existing pages (Japanese headings), with
``TODO`` markers wherever the author has to write. It builds as it is (every value passes the
schema), and ``make lint`` rejects it until no ``TODO`` is left. An existing page is never touched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

RE_NUMBER = re.compile(r"\A[0-9]+\Z")
RE_SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # as catalog.RE_TERM_FILE
RE_QUESTION_FILE = re.compile(r"\A(?P<stem>\d+)(?:\.[a-z]{2})?\.md\Z")


class ScaffoldError(Exception):
    """A page that cannot be created, said in English and Japanese."""

    def __init__(self, en: str, ja: str):
        self.en, self.ja = en, ja
        super().__init__(f"{en} / {ja}")


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def parse_number(text: str) -> int:
    """A question number as the command line gives it: a positive whole number (``70``, ``070``)."""
    text = str(text).strip()
    if not RE_NUMBER.match(text) or int(text) < 1:
        raise ScaffoldError(f"question number '{text}' is not a positive whole number: give one like N=70",
                            f"問題番号 '{text}' は正の整数ではありません: N=70 のように指定してください")
    return int(text)


def check_slug(slug: str) -> str:
    if not RE_SLUG.match(slug):
        raise ScaffoldError(
            f"slug '{slug}' is not lowercase-hyphenated ASCII: use letters a-z, digits and single hyphens, "
            "like SLUG=batch-normalization",
            f"スラッグ '{slug}' が小文字・ハイフン区切りの英数字ではありません: SLUG=batch-normalization のように "
            "a-z・数字・ハイフン（連続させない）で指定してください")
    return slug


def question_page(number: int, source: str | None = None) -> str:
    """The text of a new question page."""
    source_line = (f"source: {_yaml_text(source)}\n" if source else
                   "# source: 元ノートのタイトル（任意。例: CloudTech Study） / the raw note file's title (optional)\n")
    return (
        "---\n"
        f"number: {number}\n"
        'title: "TODO: 問題の要点を表す短い日本語タイトル"\n'
        "tags: [TODO]  # AWS サービス名（AWS の表記どおり）と ML トピック。例: [Amazon SageMaker, 過学習]\n"
        f"{source_line}"
        "# terms: この問題の中で解説する用語（任意）。書き方は CONTRIBUTING.md の「問題の中で用語を解説する」を参照\n"
        "---\n"
        "\n"
        "- 正解は「TODO: 正解の選択肢」です。\n"
        "    - TODO: それが正解である理由。\n"
        "- 「TODO: 不正解の選択肢」は不正解です。\n"
        "    - TODO: 不正解である理由。\n"
        "\n"
        "## 🔹 TODO: 用語（English name）とは？\n"
        "\n"
        "TODO: 問題に出てくる用語の説明（不要なら見出しごと削除）。\n"
        "\n"
        "## 📌 結論\n"
        "\n"
        "TODO: この問題のポイントを一、二文で。\n"
    )


def term_page(slug: str) -> str:
    """The text of a new glossary page. The title placeholder is Latin (from the slug), so that the
    page builds before it has a reading; the reading is left empty with a TODO beside it."""
    words = slug.replace("-", " ")
    return (
        "---\n"
        f'title: "TODO: {words}"  # ノートでの用語名（例: バッチ正規化）\n'
        "aliases: []  # 英語名・カタカナ・略語などの別名（例: [Batch Normalization, BN]）。なければ []\n"
        "reading:  # TODO: ひらがなの読み（例: ばっちせいきか）。タイトルに かな・漢字 があるときは必須\n"
        'summary: "TODO: 用語を一文で説明する。"\n'
        "# source: 元ノートのタイトル（任意。例: AWS機械学習関連用語解説） / the raw note file's title (optional)\n"
        "---\n"
        "\n"
        f"# TODO: 用語名（{words}）\n"
        "\n"
        "TODO: 用語の説明。最初の一文は summary と同じにする。\n"
        "\n"
        "## 基本概念\n"
        "\n"
        "- **TODO**: 説明\n"
        "\n"
        "## 主な特徴\n"
        "\n"
        "- **TODO**: 説明\n"
        "\n"
        "## 利点\n"
        "\n"
        "- **TODO**: 説明\n"
        "\n"
        "## 一般的なユースケース\n"
        "\n"
        "- **TODO**: 説明\n"
    )


def _create(target: Path, text: str, what_en: str, what_ja: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as f:  # never overwrite, even if created meanwhile
            f.write(text)
    except FileExistsError:
        raise _exists(target, what_en, what_ja) from None
    return target


def _exists(path: Path, what_en: str, what_ja: str) -> ScaffoldError:
    return ScaffoldError(f"{path} already exists ({what_en}): edit it, or choose another one",
                         f"{path} はすでにあります（{what_ja}）: そのページを編集するか、別のものを指定してください")


def new_question(docs: Path, number: str | int, source: str | None = None) -> Path:
    """Create ``questions/NNN.md`` under ``docs``; :class:`ScaffoldError` if it cannot."""
    n = parse_number(str(number))
    folder = docs / "questions"
    target = folder / f"{n:03d}.md"
    if target.exists():
        raise _exists(target, f"question {n}", f"問題 {n}")
    if folder.is_dir():  # the same number under another name (0070.md) or only translated (070.en.md)
        for existing in sorted(folder.glob("*.md")):
            m = RE_QUESTION_FILE.match(existing.name)
            if m and int(m.group("stem")) == n:
                raise _exists(existing, f"question {n}", f"問題 {n}")
    return _create(target, question_page(n, source), f"question {n}", f"問題 {n}")


def new_term(docs: Path, slug: str) -> Path:
    """Create ``glossary/<slug>.md`` under ``docs``; :class:`ScaffoldError` if it cannot."""
    check_slug(slug)
    return _create(docs / "glossary" / f"{slug}.md", term_page(slug), f"term '{slug}'", f"用語 '{slug}'")
