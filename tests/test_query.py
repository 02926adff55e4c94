"""How a query is read (studynotes.query): the words a page is asked for, and the phrases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studynotes import query
from studynotes.problems import NotesError
from studynotes.query import hiragana_words, lists, read
from studynotes.search import index_tokens


def asked(groups_of_words) -> list[list[str]]:
    """Each word (or phrase) as the first token of each of its groups."""
    return [[group[0] for group in groups] for groups in groups_of_words]


READ = json.loads((Path(__file__).parent / "fixtures" / "search" / "queries-read.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("vector", READ, ids=[v["query"] for v in READ])
def test_queries_are_read_as_the_shared_vectors_say(vector):
    # The browser worker is checked against the same vectors (test_search_browser.py).
    found = read(vector["query"])
    assert json.loads(json.dumps(found.words)) == vector["words"]
    assert json.loads(json.dumps(found.phrases)) == vector["phrases"]


def test_a_sentence_typed_without_spaces_is_cut_into_its_content_words():
    found = read("勾配が小さくなりすぎて学習が進まない")
    # Particles and endings are not asked for; a lone kanji before its okurigana is the stem.
    assert asked(found.words) == [["勾配"], ["小"], ["学習"], ["進"]]
    assert found.words[1] == (("小", "小さ"),)  # or as a compound may hold it: 小さ
    assert found.phrases == ()  # a sentence as written: twice the shards to read, for pages that never write it


def test_a_short_chunk_cut_into_words_is_also_asked_for_as_written():
    found = read("重複レコード")
    assert asked(found.words) == [["重複"], ["れこ", "こど"]]
    assert asked(found.phrases) == [["重複", "れこ", "こど"]]  # a page that writes it so ranks first


def test_other_forms_of_a_verb_or_adjective_ask_for_the_same_stem():
    assert asked(read("進まない").words) == asked(read("進まなくなる").words) == asked(read("進む").words) == [["進"]]
    assert asked(read("小さくなりすぎる").words) == asked(read("小さくなる").words) == [["小"]]


def test_the_index_holds_the_stem_a_query_asks_for():
    assert "進" in index_tokens("学習が進む") and "小" in index_tokens("小さい値")
    assert "返" in index_tokens("繰り返す")  # okurigana dropped by the folding: the kanji still stand alone
    assert "進" not in index_tokens("前進する")  # a kanji inside a compound is not a stem


def test_a_chunk_without_kanji_or_katakana_is_one_word_as_typed():
    # a reading, or hiragana for a katakana word: particles inside it are part of the word
    assert asked(read("のーとぶっく").words) == [["のと", "ぶっ", "っく"]]
    assert read("しょうしつこうばい").phrases == ()


def test_hiragana_left_over_is_a_word_and_okurigana_goes_with_its_kanji():
    function = lists().function
    # ば is read as a particle: what is left is still in the page's ばらつき
    assert hiragana_words("のばらつきを", False, function) == ["らつ"]
    assert hiragana_words("べたい", True, function) == []  # 調べたい: べ is 調's okurigana
    assert hiragana_words("にそろえたい", False, function) == ["そろえ"]


def test_generic_words_are_not_asked_for_unless_the_query_has_nothing_else():
    assert asked(read("正規化の方法").words) == [["正規", "規化"]]
    assert asked(read("how to normalize the data").words) == [["normaliz"], ["data"]]
    assert asked(read("方法").words) == [["方法"]]


def test_english_words_are_the_query_split_at_spaces():
    assert asked(read("SageMaker Debugger").words) == [["sagemaker"], ["debugger"]]
    assert read("SageMaker Debugger").phrases == ()


@pytest.mark.parametrize("text, line, expected", [
    ("function:\n  - [が, ガ]\ngeneric: [[方法]]\n", 2, "`ガ` is not a function word: expected hiragana"),
    ("function: [[が]]\n", 1, "`generic:` is expected"),
    ("function: [が]\ngeneric: [[方法]]\n", 1, "`function:` is expected, a list of lists"),
    ("function: [[が]\n", 2, "not valid YAML"),
])
def test_a_malformed_list_stops_the_build_with_its_line(tmp_path, text, line, expected):
    bad = tmp_path / "query-words.yml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(NotesError) as caught:
        query.lists.__wrapped__(bad)
    problem = caught.value.problems[0]
    assert problem.line == line and expected in problem.en and problem.ja, problem


# One chunk typed without spaces (a space between kana is folded away in the index, not in a query).
CHARACTERS = "勾配小進学習値範囲変換繰返" "がをにのはでとくないたすぎるなりさまりし" "データロスグラフー・s3"
JAPANESE = st.text(st.sampled_from(CHARACTERS), max_size=24)


@settings(max_examples=300, deadline=None)
@given(JAPANESE)
def test_a_page_that_writes_the_query_has_every_word_and_phrase_of_it(text):
    """What keeps exact phrases found: every token a query asks for is in the index of the query's
    own text, so a page that writes it as typed has every word, in one section."""
    held = set(index_tokens(text))
    found = read(text)
    for groups in found.words + found.phrases:
        assert all(held & set(group) for group in groups), (text, groups)


def test_the_build_is_told_of_a_malformed_list_before_it_starts(monkeypatch):
    from studynotes import search
    from studynotes.problems import Problem

    assert search.table_problems() == []  # the tables the repository has are valid
    wrong = Problem("src/studynotes/data/query-words.yml", 3, "`ガ` is not a function word", "使えません")

    def refuse():
        raise NotesError(wrong)

    monkeypatch.setattr(query, "lists", refuse)
    assert search.table_problems() == [wrong]  # on_pre_build stops the build with it
