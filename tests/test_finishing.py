"""The importer finishes pages as the seeds were finished by hand: terms, titles, tags, aliases."""

from __future__ import annotations

import pytest

from conftest import FIXTURE
from studynotes import finishing
from studynotes.finishing import (
    aws_short_forms,
    draft_title,
    explained_terms,
    introduced_name,
    names_given,
    propose_tags,
    shorten,
)
from studynotes.importer import _vocabulary, reading_of
from studynotes.slugs import heading_anchors
from studynotes.support import import_eval

# -- terms explained in questions ------------------------------------------------------------------

@pytest.mark.parametrize("heading, expected", [
    ("🔹 レイヤー（Layer）とは？", ("レイヤー", "Layer")),
    ("📌 勾配とは？", ("勾配", "")),
    ("📌 AWS Glue DataBrew とは？", ("AWS Glue DataBrew", "")),
    ("色特徴ベクトルとは？", ("色特徴ベクトル", "")),
    ("🔹 次元削減（Dimensionality Reduction）とは", ("次元削減", "Dimensionality Reduction")),
    ("「データドリフト」とは?", ("データドリフト", "")),
    ("GPU の未活用（underutilized GPU）とは？", ("GPU の未活用", "underutilized GPU")),
])
def test_a_heading_that_introduces_a_term_gives_its_name(heading, expected):
    assert introduced_name(heading) == expected


@pytest.mark.parametrize("heading", [
    "なぜスケールを統一する必要があるのか？", "スケールを統一するとは？", "実際の値を使って説明する", "結論",
    "📌 まとめ", "🔹 なぜ消失勾配が起こるのか？", "SageMaker Debugger でできること", "正規化するとは？",
    "勾配が小さいとは？", "どの方法を選ぶとは？", "とは？",
])
def test_headings_that_introduce_no_term_are_not_terms(heading):
    assert introduced_name(heading) is None


BODY = """- 正解は「A を使う。」です。

## 🔹 データドリフト（Data Drift）とは？

本番データの分布が、トレーニングデータの 分布から変わってしまう現象。\x20\x20
次の文。

## 📌 勾配（こうばい）とは？

損失を小さくする方向を示す情報

## なぜ起こるのか？

説明。

## 🔹 消失勾配（Vanishing Gradient）とは？

勾配が極端に小さくなる現象。

### 🔹 ワンホットエンコード（One-Hot Encoding）とは？

カテゴリを 0 と 1 に変換する手法。ワンホットエンコーディングは標準的な手法です。
"""


def test_explained_terms_get_name_aliases_reading_summary_and_the_builds_anchor():
    known = {"消失勾配": "消失勾配", "vanishing gradient": "消失勾配"}
    terms = explained_terms(BODY, known, reading_of)
    anchors = heading_anchors(BODY)
    assert [t.term for t in terms] == ["データドリフト", "勾配", "消失勾配", "ワンホットエンコーディング"]
    drift, gradient, vanishing, one_hot = terms
    assert drift.aliases == ("Data Drift",) and drift.reading == "でーたどりふと"
    # The export's stray space is left out.
    assert drift.summary == "本番データの分布が、トレーニングデータの分布から変わってしまう現象。"
    assert gradient.reading == "こうばい" and gradient.aliases == ()  # the hiragana in parentheses is its reading
    assert gradient.summary == "損失を小さくする方向を示す情報。"
    assert vanishing.known_as == "消失勾配" and vanishing.aliases == ("Vanishing Gradient",)
    assert one_hot.aliases == ("ワンホットエンコード", "One-Hot Encoding")  # the page names it as a noun
    for t in terms:
        assert anchors[t.anchor] == t.line  # the id the build gives that heading
        assert t.summary.endswith("。")


def test_a_section_explaining_a_known_term_by_an_alias_takes_the_terms_name():
    terms = explained_terms("## 勾配消失問題（vanishing gradient）とは？\n\n学習が止まる問題。\n",
                            {"vanishinggradient": "消失勾配", "vanishing gradient": "消失勾配"}, reading_of)
    assert [(t.term, t.aliases) for t in terms] == [("消失勾配", ("勾配消失問題", "vanishing gradient"))]


def test_names_given_in_parentheses_are_aliases_readings_and_descriptions_are_not():
    text = ("最小最大正規化（Min-Max Scaling）を使う。勾配（こうばい）。消失勾配（深い層で起こる、問題）。"
            "バイナリ行列（0 と 1 の行列）")
    assert names_given("最小最大正規化", text) == ["Min-Max Scaling"]
    assert names_given("勾配", text) == []  # a reading; and 勾配 of 消失勾配（…） is another word
    assert names_given("バイナリ行列", text) == []


# -- aliases ---------------------------------------------------------------------------------------

def test_aws_names_get_their_short_forms_and_tails_only_where_the_notes_write_them():
    assert aws_short_forms("Amazon Macie", "") == ["Macie"]
    notes = "Amazon SageMaker Model Monitor を使う。Model Monitor は監視する。"
    assert aws_short_forms("Amazon SageMaker Model Monitor", notes) == ["SageMaker Model Monitor", "Model Monitor"]
    assert aws_short_forms("Amazon SageMaker Model Monitor", "Amazon SageMaker Model Monitor だけ") == [
        "SageMaker Model Monitor"]
    assert aws_short_forms("消失勾配", notes) == []


@pytest.mark.parametrize("name, reading", [
    ("GPU の未活用", "じーぴーゆーのみかつよう"), ("L2 正則化", "えるにせいそくか"), ("消失勾配", "しょうしつこうばい"),
    ("AWS Glue", ""),
])
def test_readings_are_hiragana_with_latin_letters_and_digits_spelled_out(name, reading):
    assert reading_of(name) == reading


# -- titles ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, title, source", [
    ("- 正解は「Amazon Macie を使用して機密データを識別する。AWS Lambda で削除する。」です。",
     "Amazon Macie を使用して機密データを識別する", "answer"),
    ("- 正解は「モデルで早期停止を有効にする。」と「レイヤーのドロップアウトを増やす。」です。",
     "「モデルで早期停止を有効にする」と「レイヤーのドロップアウトを増やす」", "answer"),
    ("- 正解は「Amazon SageMaker Model Monitor を使用してデータドリフトを検出する。」です。",
     "SageMaker Model Monitor でデータドリフトを検出する", "answer"),
    ("### 結論\n\n1. トレーニングデータの最小・最大値を保存し、それを本番データにも適用するのが正解！",
     "トレーニングデータの最小・最大値を保存し、それを本番データにも適用する", "conclusion"),
    ("- 企業のトレーニングジョブに関連するエネルギー使用量と計算リソースを削減するには、"
     "どのようなアクションが必要でしょうか？",
     "企業のトレーニングジョブに関連するエネルギー使用量と計算リソースを削減するには", "problem"),
    ("それぞれの用語を簡単に説明するね。\n\n## 🔹 パディング（Padding）とは？\n\n埋める手法。", "パディング", "terms"),
])
def test_titles_come_from_the_answer_then_the_conclusion_the_problem_the_terms(body, title, source):
    terms = [t.term for t in explained_terms(body, {}, reading_of)]
    assert draft_title(body, terms) == (title, source)


@pytest.mark.parametrize("text", [
    "SageMaker マネージドウォームプールは、トレーニングジョブのインフラストラクチャをあらかじめ準備しておく機能です。",
    "正解の選択肢は長いので、この文は途中で切られることになりますが、句読点の位置で切られて、最後に省略記号は付きません。",
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんあいうえおかきくけこ",
])
def test_a_title_is_cut_at_a_boundary_to_40_characters_without_an_ellipsis(text):
    title = shorten(text) or draft_title(text)[0]
    assert 0 < len(title) <= finishing.TITLE_LENGTH and "…" not in title and not title.endswith(("、", "は"))


def test_every_seed_question_gets_a_usable_title_and_the_term_figures_hold():
    """The figures of ``make import-eval`` (python -m studynotes.support.import_eval): the importer's
    pages of the frozen raw files against the pages finished by hand from them."""
    figures = import_eval.evaluate(FIXTURE / "docs", FIXTURE / "raw")
    assert figures.terms_seed == 14
    assert figures.terms_right >= 12 and len(figures.terms_extra) <= 1, import_eval.lines(figures)
    assert figures.titles == 8 and figures.titles_usable == 8, import_eval.lines(figures)
    assert figures.slugs_right >= 4 and figures.aliases_found >= 4


# -- tags ------------------------------------------------------------------------------------------

def test_a_tags_name_inside_a_longer_word_proposes_it_and_a_longer_tags_name_is_that_tag():
    vocabulary = _vocabulary()
    assert "正則化" in propose_tags("L2 正則化を有効にする。", vocabulary)
    tags = propose_tags("AWS Glue DataBrew で前処理する。", vocabulary)
    assert "AWS Glue DataBrew" in tags and "AWS Glue" not in tags
    assert propose_tags("何にも当たらない文。", vocabulary) == []
