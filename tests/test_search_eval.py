"""The small version of ``make search-eval``: our search against Pagefind on the fixture notes.

Every query set (``tests/fixtures/search/eval.yml``, ``eval-blind.yml``, and the concept sets
``concepts.yml``, ``concept-blind.yml``) is asked of both engines (about fifteen seconds); ours must
be ahead of Pagefind in every category, or find every query of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import tool_missing
from studynotes.support import search_eval

ROOT = Path(__file__).resolve().parent.parent
PATHS = search_eval.Paths(ROOT)


def row(category: str, ours: list[str], pagefind: list[str], pages=("a/",)) -> dict:
    return {"category": category, "query": "q", "pages": list(pages), "ours": ours, "pagefind": pagefind}


def test_a_category_counts_as_ahead_only_when_ours_finds_more_or_everything():
    lines, ahead = search_eval.table({"ja": [row("kana", ["a/"], []), row("kana", ["x/", "y/", "z/", "a/"], ["a/"])]})
    assert ahead is False  # 1 of 2 each: not ahead
    assert any("kana" in line and "not ahead" in line for line in lines)
    assert search_eval.table({"ja": [row("kana", ["a/"], []), row("kana", ["a/"], ["a/"])]})[1] is True
    assert search_eval.table({"ja": [row("exact", ["a/"], ["a/"])]})[1] is True  # both find all


def test_result_urls_are_read_as_eval_yml_names_pages():
    assert search_eval.page_path("http://127.0.0.1:1/en/questions/061/", "en") == "questions/061/"
    assert search_eval.page_path("/questions/061/index.html", "ja") == "questions/061/"
    assert search_eval.page_path("/glossary/fine-tuning/", "ja") == "glossary/fine-tuning/"


def test_query_sets_are_counted_apart():
    queries = search_eval.load([PATHS.queries, PATHS.blind])
    assert "kana" in queries["ja"] and "kana@eval-blind" in queries["ja"]
    lines, _ = search_eval.table({"ja": [row("kana", ["a/"], []), row("kana@eval-blind", [], [])]})
    assert any(line.split()[1:2] == ["all"] for line in lines) and any("all@eval-blind" in line for line in lines)


def test_the_query_set_covers_every_category_of_the_issue():
    queries = yaml.safe_load(PATHS.queries.read_text(encoding="utf-8"))
    assert {"kana", "reading", "long_vowel", "separator", "typo", "spread", "variant", "partial", "exact"} \
        <= set(queries["ja"])
    assert sum(len(q) for q in queries["ja"].values()) >= 60
    assert sum(len(q) for q in queries["en"].values()) >= 25


@pytest.mark.parametrize("name", ["concepts", "concepts_blind"])
def test_the_concept_sets_hold_a_learners_own_words_in_every_category(name):
    queries = yaml.safe_load(getattr(PATHS, name).read_text(encoding="utf-8"))
    for language, least in (("ja", 40 if name == "concepts" else 30), ("en", 15 if name == "concepts" else 12)):
        assert set(queries[language]) == {"symptom", "paraphrase", "page_words"}
        assert sum(len(q) for q in queries[language].values()) >= least
    # typed on a phone: Japanese without spaces; never a listing page as the answer
    assert not [q for by_query in queries["ja"].values() for q in by_query if " " in q]
    pages = {p for by_lang in queries.values() for by_query in by_lang.values() for ps in by_query.values() for p in ps}
    assert pages and all(p.startswith(("questions/0", "glossary/")) and p != "glossary/" for p in pages)


@pytest.mark.slow
@pytest.mark.browser
def test_ours_is_ahead_of_pagefind_in_every_category(browser):
    if not PATHS.pagefind.exists():
        tool_missing("Pagefind is missing: `npm ci` installs it (make test runs it when npm is installed)")
    queries = search_eval.load(PATHS.query_sets)
    results = search_eval.evaluate(queries, list(queries), ROOT, browser=browser)
    lines, ahead = search_eval.table(results)
    print("\n".join(lines))
    assert ahead, "\n".join(lines)
    for language, rows in results.items():
        found = sum(search_eval.found(r, "ours") for r in rows)
        assert found >= 0.9 * len(rows), f"{language}: ours found {found} of {len(rows)}"
