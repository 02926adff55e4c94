"""A fast smoke of `make bench` (tiny sizes), so the benchmark cannot rot."""

from __future__ import annotations

import re
import sys

import pytest

from conftest import FIXTURE_DOCS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402

from studynotes import translations  # noqa: E402
from studynotes.catalog import build_catalog, read_sources  # noqa: E402
from studynotes.terms import build_term_index  # noqa: E402


def test_synthetic_tree_is_valid_and_keeps_term_mentions(tmp_path):
    counts = bench.make_tree(FIXTURE_DOCS, tmp_path / "docs", 160)
    every = read_sources(tmp_path / "docs")
    ja = build_term_index(build_catalog(translations.sources_for(every, "ja")))
    en = build_term_index(build_catalog(translations.sources_for(every, "en")))
    assert counts == {"questions": 160, "terms": len(ja.entries)} and len(ja.entries) == 2 * 18
    assert "消失勾配" in ja.entries["glossary/vanishing-gradient.md"].names
    assert "消失勾配01" in ja.entries["glossary/vanishing-gradient-01.md"].names
    assert "Vanishing gradient01" in en.entries["glossary/vanishing-gradient-01.md"].names
    # Question 13 is question 66 copied in variant 1: its mentions are renamed to that variant.
    assert "消失勾配01" in every["questions/013.md"] and "消失勾配が" not in every["questions/013.md"]
    assert "vanishing gradient01" in every["questions/013.en.md"].lower()
    # Every translation records the version of its (synthetic) original.
    statuses = translations.statuses(every, "en")
    assert {s.state for s in statuses} == {translations.CURRENT} and len(statuses) == len(every) // 2


@pytest.mark.browser
def test_bench_prints_its_figures(capsys):
    assert bench.main(["--sizes", "8,16"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = re.fullmatch(r"bench pages=\d+ build_s=[\d.]+ per_page_ratio=[\d.]+ floor_ratio=[\d.]+ "
                           r"hooks_share=[\d.]+ page_kb=[\d.]+ search_first_ms=([\d.]+) search_worst_ms=([\d.]+) "
                           r"search_page_floor_ms=[\d.]+ search_fetch_floor_ms=[\d.]+ search_kb=([\d.]+) index_mb=([\d.]+) index_files=(\d+) "
                           r"study_kb=([\d.]+)", last)
    assert figures, last
    first, worst, kb, _, files, study = (float(v) for v in figures.groups())
    assert 0 < first <= worst        # a median is never above the worst
    assert kb > 0 and files > 0      # typing a query fetched search data; the index is on disk
    assert 0 < study <= 10           # what studying on a phone adds, within its budget
