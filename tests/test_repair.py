"""The export repairs restore structure and never drop or reword the author's text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studynotes.repair import (
    blank_line_before_tables,
    reindent_lists,
    repair,
    repair_math,
    repair_tex,
    shift_headings,
    split_glued_headings,
)


def test_escaped_and_lost_subscripts_are_restored():
    assert repair_tex(r"X' = \frac{X - X{\text{min}}}{X{\text{max}} - X\_{\text{min}}}") == \
        r"X' = \frac{X - X_{\text{min}}}{X_{\text{max}} - X_{\text{min}}}"


def test_commands_with_braces_are_not_mistaken_for_lost_subscripts():
    assert repair_tex(r"\frac{\text{a}}{b} + \sqrt{\text{x}}") == r"\frac{\text{a}}{b} + \sqrt{\text{x}}"


def test_math_repairs_touch_only_math():
    text = r"file\_name and \(X\_{\text{min}}\) and \[X{\text{max}}\]"
    assert repair_math(text) == r"file\_name and \(X_{\text{min}}\) and \[X_{\text{max}}\]"


def test_glued_heading_becomes_bold_lead_and_sentence():
    text = "  - 早期停止の有効化早期停止は、トレーニング中に監視する手法です。"
    assert split_glued_headings(text) == ("  - **早期停止の有効化**  \n"
                                          "    早期停止は、トレーニング中に監視する手法です。")


def test_a_label_set_before_its_sentence_with_a_space_becomes_the_same_bold_lead():
    text = "  - 正解の理由 SageMaker デバッガーは、リアルタイムモニタリングのためのツールを提供します。"
    assert split_glued_headings(text) == ("  - **正解の理由**  \n    SageMaker デバッガーは、"
                                          "リアルタイムモニタリングのためのツールを提供します。")


@pytest.mark.parametrize("text", ["- 他の色は 0 になる。", "- 勾配が大きい → 速く学習が進む",
                                  "- 入力 → 隠れ層 1 → 出力", "- 正解の理由 は次のとおり", "- 最小値（\\(X\\)） = 10"])
def test_items_that_only_look_like_a_label_and_a_sentence_are_left_alone(text):
    assert split_glued_headings(text) == text


def test_ordinary_list_items_are_left_alone():
    text = "- この機能を使用すると、起動時間を短縮できます。\n- 正解は「A」です。"
    assert split_glued_headings(text) == text


def test_table_after_text_gets_a_blank_line():
    text = "例：色\n| 色 | 値 |\n|---|---|\n| 赤 | 1 |\n"
    assert blank_line_before_tables(text) == "例：色\n\n| 色 | 値 |\n|---|---|\n| 赤 | 1 |\n"


def test_table_already_separated_is_unchanged():
    text = "例：色\n\n| 色 | 値 |\n| --- | --- |\n| 赤 | 1 |"
    assert blank_line_before_tables(text) == text


@pytest.mark.parametrize("text, repaired", [
    # a delimiter row as Python-Markdown reads it: any number of dashes, no outer pipes needed
    ("例：\n| a | b |\n|--|--|", "例：\n\n| a | b |\n|--|--|"),
    ("例：\na | b\n--- | ---", "例：\n\na | b\n--- | ---"),
    # not a table: fewer delimiter cells than header cells
    ("例：\n| a | b |\n|---|", "例：\n| a | b |\n|---|"),
    # a row like a delimiter inside a table, after a row without outer pipes: the table is not split
    ("| a | b |\n|---|---|\nc | d\n| e | f |\n|---|---|", "| a | b |\n|---|---|\nc | d\n| e | f |\n|---|---|"),
    # fenced code as superfences reads it: "````" does not close "```"
    ("```\n````\n例：\n| a | b |\n|---|---|\n```", "```\n````\n例：\n| a | b |\n|---|---|\n```"),
])
def test_tables_are_tables_as_the_site_reads_them(text, repaired):
    assert blank_line_before_tables(text) == repaired


def test_headings_shift_as_the_site_reads_them():
    assert shift_headings("##見出し\n####### x\n```\n````\n## code\n```", -1) == \
        "#見出し\n##### # x\n```\n````\n## code\n```"
    assert shift_headings("# A\n###### B", 1) == "## A\n###### B"


def test_headings_shift_but_not_inside_code():
    text = "### A\n```\n### not a heading\n```\n#### B"
    assert shift_headings(text, -1) == "## A\n```\n### not a heading\n```\n### B"


def _letters(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*_\\")


@given(st.text(alphabet=st.sampled_from(list("-|#*\\_{}() \n早期停止のドロップアウト有効化はX'text")), max_size=200))
def test_repairs_never_lose_a_character(text):
    # Repairs only add markup (bold, blank lines, underscores): the author's characters survive in order.
    repaired = repair(text)
    it = iter(_letters(repaired))
    assert all(ch in it for ch in _letters(text))


def test_lists_nested_by_two_or_three_spaces_are_reindented():
    text = "- a\n  - b\n    - c\n\n    | t | u |\n\n1. x\n\n   - y\n\n2. z\ntext\n  indented code stays"
    assert reindent_lists(text) == (
        "- a\n    - b\n        - c\n\n        | t | u |\n\n1. x\n\n      - y\n\n2. z\ntext\n  indented code stays")


def test_lists_already_nested_by_four_spaces_are_unchanged():
    text = "- a\n    - b\n        - c\n"
    assert reindent_lists(text) == text

