"""Our search against Pagefind on the same built site (``make search-eval``, ``tests/test_search_eval.py``).

A notes tree (the fixture notes, ``tests/fixtures/notes/docs``, by default) is built with the real
configuration (the repository's ``mkdocs.yml`` and site assets); Pagefind (the npm package
``pagefind``, its extended build, pinned in ``package-lock.json``) indexes the same built site, each
page's ``<article>`` (the text our index holds). Every query of the query files (``eval.yml`` and
``eval-blind.yml`` under ``tests/fixtures/search``: language → category → query → pages) is asked of
both in Chromium: ours through the site's own search worker, Pagefind through its own
``pagefind.js``, each on a page of the query's language. A query counts as found when one of its
pages is among the first three results (recall@3); :func:`table` gives, per category, how many
queries each engine found, and whether ours is ahead everywhere.

Every path is the repository's (:class:`Paths`, from a ``root`` argument or found from where
``mkdocs.yml`` is: :func:`find_root`). Playwright is imported only where a browser is launched.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from studynotes.support.browser import CHROMIUM_ARGS, chromium_executable, free_port, serve, worker_results

TOP = 3  # a query is found when one of its pages is among this many first results

PAGEFIND_JS = """async (queries) => {
    const pagefind = await import("/_pagefind/pagefind.js")
    await pagefind.init()
    const out = []
    for (const q of queries) {
        const search = await pagefind.search(q)
        const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()))
        out.push(data.map(d => d.url))
    }
    return out
}"""


class PagefindMissing(RuntimeError):
    """Pagefind's binary is not in ``node_modules`` (``npm ci`` installs it)."""


@dataclass(frozen=True)
class Paths:
    """The files of the repository at ``root`` that the evaluation reads."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def assets(self) -> Path:
        """The site's own files (styles, scripts), copied into the notes tree that is built."""
        return self.root / "docs" / "assets"

    @property
    def queries(self) -> Path:
        return self.root / "tests" / "fixtures" / "search" / "eval.yml"

    @property
    def blind(self) -> Path:
        """The second query set, written without seeing the search code."""
        return self.root / "tests" / "fixtures" / "search" / "eval-blind.yml"

    @property
    def concepts(self) -> Path:
        """Queries in a learner's own words (symptom, paraphrase, words of the page), Japanese
        typed without spaces: the set the concept search was built against."""
        return self.root / "tests" / "fixtures" / "search" / "concepts.yml"

    @property
    def concepts_blind(self) -> Path:
        """The same kinds of queries, written by someone who read only the notes: held out."""
        return self.root / "tests" / "fixtures" / "search" / "concept-blind.yml"

    @property
    def query_sets(self) -> list[Path]:
        """Every query set, in the order the table gives them."""
        return [self.queries, self.blind, self.concepts, self.concepts_blind]

    @property
    def fixture(self) -> Path:
        """The notes built by default: the frozen fixture tree."""
        return self.root / "tests" / "fixtures" / "notes" / "docs"

    @property
    def pagefind(self) -> Path:
        return self.root / "node_modules" / ".bin" / "pagefind"


def find_root(start: Path) -> Path:
    """The repository holding ``start``: the nearest folder, ``start`` or above, with a ``mkdocs.yml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise FileNotFoundError(f"no mkdocs.yml in {start} or above")


def build(site: Path, site_url: str, notes: Path, paths: Paths) -> None:
    """Build ``notes`` (with the site's assets) into ``site`` with the repository's configuration."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs = site.parent / "docs"
    shutil.copytree(notes, docs, ignore=shutil.ignore_patterns("assets"))
    shutil.copytree(paths.assets, docs / "assets", dirs_exist_ok=True)
    mkdocs_build(load_config(config_file=str(paths.config), docs_dir=str(docs), site_dir=str(site),
                             site_url=site_url))


def index_with_pagefind(site: Path, pagefind: Path) -> None:
    """Pagefind's index of ``site``'s articles, in ``site/_pagefind``."""
    if not pagefind.exists():
        raise PagefindMissing("Pagefind is not installed: run `npm ci` (package.json pins it)")
    subprocess.run([str(pagefind), "--site", str(site), "--output-subdir", "_pagefind", "--root-selector", "article",
                    "--silent"], check=True)


def page_path(url: str, language: str) -> str:
    """A result's page as eval.yml names it: the path under the language's root."""
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "://" in url else path
    path = path.lstrip("/").removeprefix("index.html")
    if language != "ja":
        path = path.removeprefix(f"{language}/")
    return path.removesuffix("index.html")


def load(files: list[Path]) -> dict:
    """language → category → query → pages, the categories of each file after the first named
    ``category@file`` so that each set is counted on its own."""
    merged: dict = {}
    for n, path in enumerate(files):
        for language, by_category in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for category, by_query in by_category.items():
                name = category if n == 0 else f"{category}@{path.stem}"
                merged.setdefault(language, {})[name] = by_query
    return merged


def evaluate(queries: dict, languages: list[str], root: Path, notes: Path | None = None, browser=None) -> dict:
    """Every query's results from both engines, by language, on a build of ``notes`` (default: the
    fixture notes of the repository at ``root``); ``browser``: a Playwright browser to use (the
    tests' own), else one is started. Raises :class:`PagefindMissing` without Pagefind."""
    paths = Paths(root)
    work = Path(tempfile.mkdtemp(prefix="search-eval-"))
    try:
        site_url = f"http://127.0.0.1:{free_port()}/"
        site = work / "site"
        build(site, site_url, notes or paths.fixture, paths)
        index_with_pagefind(site, paths.pagefind)
        with serve(site, site_url) as base:
            if browser is not None:
                return ask(browser, base, queries, languages)
            return _ask_in_own_browser(base, queries, languages)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ask_in_own_browser(base: str, queries: dict, languages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        own = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            return ask(own, base, queries, languages)
        finally:
            own.close()


def ask(browser, base: str, queries: dict, languages: list[str]) -> dict:
    """language → one result per query (category, query, pages wanted, each engine's pages) from
    the site served at ``base``."""
    asked = {language: _ask_language(browser, base, queries[language], language) for language in languages}
    return {language: rows for language, rows in asked.items() if rows}


def _ask_language(browser, base: str, by_category: dict, language: str) -> list[dict]:
    asked = [(category, q, pages) for category, by_query in by_category.items() for q, pages in by_query.items()]
    texts = [str(q) for _, q, _ in asked]
    prefix = "" if language == "ja" else f"{language}/"
    page = browser.new_page()
    try:
        page.goto(f"{base}/{prefix}", wait_until="networkidle")
        ours = worker_results(page, texts, f"{base}/{prefix}search/", workers=4)
        theirs = page.evaluate(PAGEFIND_JS, texts)
    finally:
        page.close()
    return [{"category": category, "query": q, "pages": pages,
             "ours": [page_path(u, language) for u in mine],
             "pagefind": [page_path(u, language) for u in peer]}
            for (category, q, pages), mine, peer in zip(asked, ours, theirs, strict=True)]


def found(result: dict, engine: str) -> bool:
    """Whether ``engine`` (``ours`` or ``pagefind``) has one of the query's pages in its first results."""
    return any(p in result[engine][:TOP] for p in result["pages"])


def table(results: dict) -> tuple[list[str], bool]:
    """The table's lines (per language, a row per category, then a sum per query set) and whether
    ours is ahead in every category: it finds more queries than Pagefind, or all of them."""
    lines, ahead = [f"{'language':8} {'category':22} {'queries':>7} {'ours':>6} {'pagefind':>8}"], True
    for language, rows in results.items():
        more, language_ahead = _language_table(language, rows)
        lines += more
        ahead &= language_ahead
    return lines, ahead


def _language_table(language: str, rows: list[dict]) -> tuple[list[str], bool]:
    by_category = defaultdict(list)
    for r in rows:
        by_category[r["category"]].append(r)
    lines, ahead = [], True
    totals: dict = defaultdict(lambda: [0, 0, 0])  # query set (the file's stem after "@") → counts
    for category, rs in by_category.items():
        ours, theirs = sum(found(r, "ours") for r in rs), sum(found(r, "pagefind") for r in rs)
        total = totals[category.partition("@")[2]]
        total[:] = [total[0] + len(rs), total[1] + ours, total[2] + theirs]
        mark = "" if ours > theirs or ours == len(rs) else "  <- not ahead"
        ahead &= not mark
        lines.append(f"{language:8} {category:22} {len(rs):>7} {ours:>6} {theirs:>8}{mark}")
    for name, (n, ours, theirs) in totals.items():
        lines.append(f"{language:8} {'all' + ('@' + name if name else ''):22} {n:>7} {ours:>6} {theirs:>8}")
    return lines, ahead


def misses(results: dict) -> list[str]:
    """A line for every query either engine missed: the pages wanted and each engine's first results."""
    return [f"{language} {r['category']:22} {str(r['query'])!r:30} want {r['pages']} "
            f"ours {r['ours'][:TOP]} pagefind {r['pagefind'][:TOP]}"
            for language, rows in results.items() for r in rows
            if not found(r, "ours") or not found(r, "pagefind")]
