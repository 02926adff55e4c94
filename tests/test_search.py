"""The search index built at build time: tokens, stems, shards, sections and the files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studynotes.search import build_index, fold, page_sections, shard_of, stem, tokens

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
        ("q/1/", "1. 題", "はじめに", ()), ("q/1/#a", "節 A", "本文 & more", ("名前",)), ("q/1/#b", "B", "b", ())]


def test_index_files_hold_postings_names_and_page_entries():
    pages = [page_sections("a/", "機密データ", "<p>Macie で機密データ</p>", {"a/": ("Amazon Macie",)}),
             page_sections("b/", "その他", "<p>データ</p>")]
    files = build_index(pages, "ja")
    manifest = json.loads(files["manifest.json"])
    assert manifest["docs"] == 2 and manifest["doc_pages"] == [0, 1] and manifest["language"] == "ja"
    shards = [json.loads(files[f"shards/{i}.json"]) for i in range(manifest["shards"])]
    merged = {k: v for s in shards for k, v in s.items()}
    assert merged["機密"] == [0, 5]            # in the title (weight 4) and once in the text
    assert merged["デー"] == [0, 5, 1, 1]
    assert merged["=amazonmacie"] == 0         # whole names point at their page
    assert json.loads(files["pages/1.json"]) == {"sections": [["b/", "その他", "データ"]]}
    for token in ("機密", "デー", stem("macie")):
        assert token in shards[shard_of(token, manifest["shards"])]


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
