"""A fast smoke of `make bench` (tiny sizes), so the benchmark cannot rot."""

from __future__ import annotations

import re
import sys

import pytest

from conftest import DOCS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402

from studynotes.catalog import build_catalog  # noqa: E402
from studynotes.terms import build_term_index  # noqa: E402


def test_synthetic_tree_is_valid_and_keeps_term_mentions(tmp_path):
    counts = bench.make_tree(DOCS, tmp_path / "docs", 160)
    sources = {str(p.relative_to(tmp_path / "docs")): p.read_text(encoding="utf-8") for p in (tmp_path / "docs").rglob("*.md")}
    index = build_term_index(build_catalog(sources))
    assert counts == {"questions": 160, "terms": len(index.entries)} and len(index.entries) == 2 * 18
    assert "消失勾配" in index.entries["glossary/vanishing-gradient.md"].names
    assert "消失勾配01" in index.entries["glossary/vanishing-gradient-01.md"].names
    # Question 13 is question 66 copied in variant 1: its mentions are renamed to that variant.
    assert "消失勾配01" in sources["questions/013.md"] and "消失勾配が" not in sources["questions/013.md"]


@pytest.mark.browser
def test_bench_prints_its_figures(capsys):
    assert bench.main(["--sizes", "8,16"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    figures = re.fullmatch(r"bench pages=\d+ build_s=[\d.]+ per_page_ratio=[\d.]+ floor_ratio=[\d.]+ "
                           r"hooks_share=[\d.]+ page_kb=[\d.]+ search_first_ms=([\d.]+) search_kb=([\d.]+)", last)
    assert figures, last
    assert float(figures.group(2)) > 0  # typing a query fetched search data
