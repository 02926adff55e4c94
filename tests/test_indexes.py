"""Grouping for navigation and indexes: fixed question blocks, gojūon order for terms."""

from __future__ import annotations

from studynotes.catalog import Question, Term
from studynotes.indexes import group_questions, group_terms, question_group, question_tree, sort_key, term_initial


def term(title: str, reading: str = "") -> Term:
    return Term(slug=title, title=title, aliases=(), reading=reading, summary="。", path=f"glossary/{title}.md")


def q(n: int) -> Question:
    return Question(n, f"t{n}", ("a",), f"questions/{n:03d}.md")


def test_question_blocks_are_fixed():
    assert question_group(1) == (1, 100) and question_group(100) == (1, 100)
    assert question_group(101) == (101, 200) and question_group(2000) == (1901, 2000)
    assert question_group(62, 10) == (61, 70) and question_group(70, 10) == (61, 70)


def test_questions_are_grouped_in_order():
    questions = [q(n) for n in (120, 3, 61, 50, 51)]
    assert [(key, [x.number for x in qs]) for key, qs in group_questions(questions, 50)] == [
        ((1, 50), [3, 50]), ((51, 100), [51, 61]), ((101, 150), [120])]


def test_navigation_tree_is_hundreds_then_tens():
    def shape(tree):
        return [(key, shape(children) if children and isinstance(children[0], tuple) else [x.number for x in children])
                for key, children in tree]
    assert shape(question_tree([q(n) for n in (62, 61, 69, 70, 71)])) == [
        ((61, 70), [61, 62, 69, 70]), ((71, 80), [71])]
    assert shape(question_tree([q(n) for n in (5, 150, 2000)])) == [
        ((1, 100), [((1, 10), [5])]), ((101, 200), [((141, 150), [150])]), ((1901, 2000), [((1991, 2000), [2000])])]


def test_kana_rows_voiced_kana_and_latin_initials():
    assert term_initial(term("勾配", "こうばい")) == "か"
    assert term_initial(term("GPU の未活用", "じーぴーゆーのみかつよう")) == "さ"
    assert term_initial(term("バッチ正規化", "ばっちせいきか")) == "は"
    assert term_initial(term("ワンホット", "わんほっと")) == "わ"
    assert term_initial(term("Amazon Macie")) == "A"
    assert term_initial(term("ｓｐｏｔ")) == "S"  # full-width Latin
    assert term_initial(term("123")) == ""


def test_gojuon_order_puts_voiced_kana_beside_plain_kana_and_latin_last():
    terms = [term("Zeta"), term("ハッシュ", "はっしゅ"), term("バッチ", "ばっち"), term("アルファ", "あるふぁ"),
             term("パディング", "ぱでぃんぐ"), term("amazon"), term("ひかく", "ひかく"), term("1x")]
    ordered = [t.title for t in sorted(terms, key=sort_key)]
    assert ordered == ["アルファ", "ハッシュ", "バッチ", "パディング", "ひかく", "amazon", "Zeta", "1x"]
    assert [initial for initial, _ in group_terms(terms)] == ["あ", "は", "A", "Z", ""]
