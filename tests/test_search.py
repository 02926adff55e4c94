"""The search index built at build time: tokens, stems, shards, sections and the files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studynotes.search import build_index, fold, page_sections, replace_page, shard_of, stem, tokens, write_index

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "search" / "vectors.json").read_text(encoding="utf-8"))


def unique(items):
    return list(dict.fromkeys(items))


@pytest.mark.parametrize("vector", VECTORS, ids=[v["text"] for v in VECTORS])
def test_tokens_match_the_shared_vectors(vector):
    # The browser worker is checked against the same vectors (test_search_browser.py).
    assert unique(tokens(vector["text"])) == vector["tokens"]


def test_stemming_joins_english_word_forms():
    assert stem("normalization") == stem("normalize") == stem("normalized") == "normaliz"
    assert stem("gpus") == "gpu" and stem("class") == stem("classes") == "class"
    assert stem("x2") == "x2" and stem("über") == "über"


def test_shards_depend_on_the_first_two_characters():
    assert shard_of("debugger", 64) == shard_of("debug", 64) == shard_of("de", 64)
    assert 0 <= shard_of("機密", 64) < 64
    assert fold("ＡＢＣ") == "abc"


def test_page_sections_split_at_headings_and_drop_math_and_permalinks():
    html = ('<h1 id="t">問題 1</h1><p>はじめに <span class="arithmatex"><math><mi>X</mi>'
            '<annotation encoding="application/x-tex">X</annotation></math></span></p>'
            '<h2 id="a">節 A<a class="headerlink" href="#a">¶</a></h2><p>本文 &amp; more</p><h3 id="b">B</h3><p>b</p>')
    page = page_sections("q/1/", "1. 題", html, {"q/1/#a": ("名前",)})
    assert [(s.location, s.title, s.text, s.names) for s in page.sections] == [
        ("q/1/", "1. 題", "はじめに 問題 1", ()), ("q/1/#a", "節 A", "本文 & more", ("名前",)),
        ("q/1/#b", "B", "b", ())]


def test_the_words_of_a_pages_heading_are_found_with_the_page_where_the_title_is_not_the_heading():
    untranslated = page_sections("en/q/73/", "73. 正規化と <script>",
                                 '<div class="notice"><p>Shown in Japanese</p></div>'
                                 '<h1 id="t">Question 73: 正規化と &lt;script&gt;</h1><p>本文</p>')
    assert untranslated.sections[0].text == "Shown in Japanese 本文 Question 73: 正規化と <script>"
    assert {"question", "script"} <= set(tokens(untranslated.sections[0].text))
    same = page_sections("g/t/", "消失勾配", '<h1 id="t">消失勾配</h1><p>本文</p>')
    assert same.sections[0].text == "本文"  # the title is indexed as the title already


def test_index_files_hold_postings_names_and_page_entries():
    pages = [page_sections("a/", "機密データ", "<p>Macie で機密データ</p>",
                           {"a/": ("Amazon Macie", "あまぞんめいしー")}),
             page_sections("b/", "その他", "<p>データ</p>")]
    files = build_index(pages, "ja")
    manifest = json.loads(files["manifest.json"])
    assert manifest["docs"] == 2 and manifest["page_first_doc"] == [0, 1] and manifest["language"] == "ja"
    assert ["組込み", "組み込み"] in manifest["variants"]  # the worker folds queries with the same table
    shards = [json.loads(files[f"shards/{i}.json"]) for i in range(manifest["shards"])]
    merged = {k: v for s in shards for k, v in s.items()}
    assert merged["機密"] == [0, 5]            # (gap to the doc, weight): in the title (4) and once in the text
    assert merged["でた"] == [0, 5, 1, 1]      # データ, folded; doc 1 is 1 after doc 0
    assert merged["=amazonmacie"] == 0         # whole names point at their page
    assert merged["=あまぞんめいし"] == 0      # readings are names too (folded: no ー)
    assert merged["めい"][0] == 0              # and their words are found in the page
    assert json.loads(files["pages/1.json"]) == {"sections": [["b/", "その他", "データ"]]}
    assert "macie" in json.loads(files["words.json"])  # Latin words as written, for the browser's corrections
    for token in ("機密", "でた", stem("macie")):
        assert token in shards[shard_of(token, manifest["shards"])]


@pytest.mark.parametrize("one, other", [
    ("どろっぷあうと", "ドロップアウト"), ("ｶﾀｶﾅ", "かたかな"), ("サーバ", "サーバー"),
    ("コンピュータ", "コンピューター"), ("ワンホット・エンコーディング", "ワンホットエンコーディング"),
    ("ワンホット エンコーディング", "ワンホットエンコーディング"),
    ("ワンホット-エンコーディング", "ワンホットエンコーディング"), ("データ／セット", "データセット"),
    ("組込み", "組み込み"), ("割当てる", "割り当てる"), ("インタフェース", "インターフェース"), ("ＡＢＣ", "abc"),
])
def test_spellings_readers_share_fold_alike(one, other):
    assert fold(one) == fold(other)


@pytest.mark.parametrize("one, other", [("繰返す", "繰り返す"), ("取扱い", "取り扱い"), ("割当て", "割り当て"),
                                        ("組込み", "組み込み"), ("問合せ", "問い合わせ")])
def test_okurigana_between_kanji_is_dropped_as_readers_leave_it_out(one, other):
    assert fold(one) == fold(other)


def test_particles_between_kanji_stay():
    assert fold("機械の学習") == "機械の学習" and fold("勾配が消失") == "勾配が消失"


def test_a_phrase_starting_at_a_dropped_okurigana_is_in_the_index():
    pages = [page_sections("a/", "例", "<p>処理を繰り返す</p>")]
    files = build_index(pages, "ja")
    manifest = json.loads(files["manifest.json"])
    merged = {k: v for i in range(manifest["shards"]) for k, v in json.loads(files[f"shards/{i}.json"]).items()}
    for token in tokens("り返す") + tokens("繰り") + tokens("繰返す"):
        assert token in merged, token


def test_long_vowels_after_kanji_or_latin_and_words_apart_are_kept():
    assert fold("長ー") == "長ー" and fold("x ー y") == "x ー y"
    assert fold("機械 学習") == "機械 学習"  # only spaces between kana are dropped


def test_compounds_meet_however_they_are_written():
    assert {"find", "match", "findmatch"} <= set(tokens("FindMatches"))
    assert {"find", "match", "findmatch"} <= set(tokens("find-matches"))
    assert {"min", "max", "minmax"} <= set(tokens("Min-Max"))
    assert {"ml", "insight"} <= set(tokens("MLInsights")) and "gp" not in tokens("GPUs")


def test_shards_keep_a_query_download_small():
    import random
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x30A1, 0x30F6)] + [chr(c) for c in range(0x4E00, 0x4E00 + 300)]
    pages = [page_sections(f"p{i}/", f"題{i}", "<p>" + "".join(rng.choice(alphabet) for _ in range(600)) + "</p>")
             for i in range(400)]
    files = build_index(pages, "ja")
    manifest = json.loads(files["manifest.json"])
    assert manifest["shards"] > 1
    largest = max(len(files[f"shards/{i}.json"].encode()) for i in range(manifest["shards"]))
    total = sum(len(files[f"shards/{i}.json"].encode()) for i in range(manifest["shards"]))
    assert largest < total / 4



def _written(directory) -> dict[str, str]:
    return {str(f.relative_to(directory)): f.read_text(encoding="utf-8") for f in sorted(directory.rglob("*"))
            if f.is_file()}


@pytest.mark.parametrize("seed", range(6))
def test_a_page_indexed_again_in_place_gives_the_files_of_the_whole_index(tmp_path, seed):
    """replace_page (the preview's fast path) writes what write_index of every page writes."""
    import random
    rng = random.Random(seed)
    words = ["データ", "正規化", "Min-Max", "SageMaker", "FindMatches", "過学習", "勾配", "normalization",
             "の", "を", "ドロップアウト", "バッチ", "scaling", "XGBoost", "特徴量"]

    def text(n):
        rare = "".join(rng.choice("xyzqk") for _ in range(4))  # a Latin word few pages have
        return " ".join([rare] + [rng.choice(words) + rng.choice(["", "です", "する", "s"]) for _ in range(n)])

    def page(i, body):
        return (f"p{i}/", f"題{i}", f'<h1 id="t">題{i}</h1><p>{body[0]}</p><h2 id="a">節</h2><p>{body[1]}</p>',
                {f"p{i}/#a": (f"名前{i}",)} if i % 5 == 0 else None, ("タグ",) if i % 2 else ())

    bodies = [[text(rng.randint(0, 40)), text(rng.randint(0, 40))] for _ in range(60)]
    pages = [page(i, b) for i, b in enumerate(bodies)]
    kept = tmp_path / "kept"
    state = write_index(pages, "ja", str(kept))
    in_place = 0
    for _ in range(8):  # one page after another, some twice, into the same index
        p = rng.randrange(len(pages))
        edited = page(p, [text(rng.randint(0, 40)), bodies[p][1] if rng.random() < 0.5 else text(rng.randint(0, 40))])
        written = replace_page(str(kept), state, p, page_sections(*pages[p]), page_sections(*edited))
        if written is None:  # the number of shards changed: the whole index is written again
            state = write_index([*pages[:p], edited, *pages[p + 1:]], "ja", str(kept))
        in_place += written is not None
        pages[p] = edited
        whole = tmp_path / f"whole-{_}"
        write_index(pages, "ja", str(whole))
        assert _written(kept) == _written(whole)
    assert in_place >= 4
    assert any(replace_page(str(kept), state, p, page_sections(*pages[p]), page_sections(*pages[p])) == []
               for p in range(3))


def test_a_page_whose_sections_change_is_not_indexed_in_place(tmp_path):
    pages = [("a/", "例", '<p>データ</p>', None, ()), ("b/", "他", "<p>勾配</p>", None, ())]
    state = write_index(pages, "ja", str(tmp_path))
    more = page_sections("a/", "例", '<p>データ</p><h2 id="x">節</h2><p>正規化</p>')
    assert replace_page(str(tmp_path), state, 0, page_sections(*pages[0]), more) is None
    assert replace_page(str(tmp_path), state, 0, page_sections(*pages[0]),
                        page_sections("a/", "例2", "<p>データ</p>")) is None

@pytest.mark.parametrize("table, line, message", [
    ("- [組み込み, 組込み]\n- 組込み\n", 2, "two or more spellings"),
    ("- [組み込み]\n", 1, "two or more spellings"),
    ("- [組み込み, 組込み]\n- [読み込み, '']\n", 2, "two or more spellings"),
    ("- [組み込み, 組込み]\n- [くみこみ, 組込み]\n", 2, "already in the group on line 1"),
    ("- [組み込み, 組込み\n", 2, "not valid YAML"),
    ("組み込み: 組込み\n", 1, "a list of groups"),
])
def test_a_malformed_variants_table_names_its_line(tmp_path, table, line, message):
    from studynotes.errors import NotesError
    from studynotes.search import _variant_rules
    path = tmp_path / "variants.yml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(NotesError) as e:
        _variant_rules(path)
    problem = e.value.problems[0]
    assert (problem.line, message in problem.en, bool(problem.ja)) == (line, True, True), str(e.value)


def test_the_variants_table_groups_its_spellings():
    from studynotes.search import VARIANTS
    assert ("組込み", "組み込み") in VARIANTS and all(v != kept for v, kept in VARIANTS)
