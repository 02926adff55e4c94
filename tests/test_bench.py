"""A fast smoke of `make bench` (tiny sizes), so the benchmark cannot rot."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import FIXTURE_DOCS, ROOT
from studynotes import translations
from studynotes.catalog import build_catalog, read_sources
from studynotes.support.trees import make_tree
from studynotes.terms import build_term_index


def test_synthetic_tree_is_valid_and_keeps_term_mentions(tmp_path):
    counts = make_tree(FIXTURE_DOCS, tmp_path / "docs", 160)
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


@pytest.mark.slow
@pytest.mark.browser(starts="bench.py, whose search figures launch Chromium")
def test_bench_prints_its_figures():
    # As `make bench` runs it: the script itself, in a process of its own (one of its search queries).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--sizes", "8,16", "--queries", "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    last = run.stdout.strip().splitlines()[-1]
    figures = re.fullmatch(r"bench pages=\d+ build_s=[\d.]+ per_page_ratio=[\d.]+ floor_ratio=[\d.]+ "
                           r"hooks_share=[\d.]+ page_kb=[\d.]+ search_first_ms=([\d.]+) search_worst_ms=([\d.]+) "
                           r"search_page_floor_ms=[\d.]+ search_fetch_floor_ms=[\d.]+ search_kb=([\d.]+) "
                           r"index_mb=([\d.]+) index_files=(\d+) "
                           r"study_kb=([\d.]+) serve_edit_s=([\d.]+) serve_term_s=([\d.]+) serve_nav_s=([\d.]+)", last)
    assert figures, last
    first, worst, kb, _, files, study, *served = (float(v) for v in figures.groups())
    assert 0 < first <= worst        # a median is never above the worst
    assert kb > 0 and files > 0      # typing a query fetched search data; the index is on disk
    assert 0 < study <= 10           # what studying on a phone adds, within its budget
    assert all(s > 0 for s in served)  # each edit under `make serve` was seen served
