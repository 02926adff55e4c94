"""``make search-eval``: recall@3 of the site's search and of Pagefind, side by side, per category.

The fixture notes (``tests/fixtures/notes``) are built with the real configuration; Pagefind (the npm
package ``pagefind``, its extended build, pinned in ``package-lock.json``) indexes the same built
site, each page's ``<article>`` (the text our index holds). Every query of
``tests/fixtures/search/eval.yml`` and of ``eval-blind.yml`` (written without seeing the search code)
is asked of both in Chromium: ours through the site's own search
worker, Pagefind through its own ``pagefind.js``, each on a page of the query's language. A query
counts as found when one of its pages is among the first three results; the table gives, per
category, how many queries each engine found.

``python tools/search_eval.py [--only ja|en] [--queries FILE...] [--docs DIR] [--show-misses]``; exit
status 1 if ours is behind Pagefind in any category (``--require-ahead``). ``--docs docs`` with a
query file of your own asks the same of the live notes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

from studynotes.support.browser import CHROMIUM_ARGS, chromium_executable, free_port, serve, worker_results

ROOT = Path(__file__).resolve().parent.parent

QUERIES = ROOT / "tests" / "fixtures" / "search" / "eval.yml"
BLIND = ROOT / "tests" / "fixtures" / "search" / "eval-blind.yml"  # written without seeing the search code
FIXTURE = ROOT / "tests" / "fixtures" / "notes" / "docs"
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"

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


def build(site: Path, site_url: str, notes: Path = FIXTURE) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs = site.parent / "docs"
    shutil.copytree(notes, docs, ignore=shutil.ignore_patterns("assets"))
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    mkdocs_build(load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
                             site_url=site_url))


def index_with_pagefind(site: Path) -> None:
    if not PAGEFIND.exists():
        sys.exit("Pagefind is not installed: run `npm ci` (package.json pins it)")
    subprocess.run([str(PAGEFIND), "--site", str(site), "--output-subdir", "_pagefind", "--root-selector", "article",
                    "--silent"], check=True)


def page_path(url: str, language: str) -> str:
    """A result's page as eval.yml names it: the path under the language's root."""
    path = url.split("://", 1)[-1]
    path = path[path.find("/"):] if "://" in url else path
    path = path.lstrip("/").removeprefix("index.html")
    if language != "ja":
        path = path.removeprefix(f"{language}/")
    return path.removesuffix("index.html")


def load(paths: list[Path]) -> dict:
    """language → category → query → pages, the categories of each file after the first named
    ``category@file`` so that each set is counted on its own."""
    merged: dict = {}
    for n, path in enumerate(paths):
        for language, by_category in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for category, by_query in by_category.items():
                name = category if n == 0 else f"{category}@{path.stem}"
                merged.setdefault(language, {})[name] = by_query
    return merged


def evaluate(queries: dict, languages: list[str], notes: Path = FIXTURE, browser=None) -> dict:
    """Every query's results from both engines, by language; ``browser``: a Playwright browser to
    use (the tests' own), else one is started."""
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="search-eval-"))
    try:
        site_url = f"http://127.0.0.1:{free_port()}/"
        site = work / "site"
        build(site, site_url, notes)
        index_with_pagefind(site)
        with serve(site, site_url) as base:
            if browser is not None:
                return ask(browser, base, queries, languages)
            with sync_playwright() as p:
                own = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
                try:
                    return ask(own, base, queries, languages)
                finally:
                    own.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ask(browser, base: str, queries: dict, languages: list[str]) -> dict:
    results: dict = {}
    for language in languages:
        asked = [(category, q, pages) for category, by_query in queries[language].items()
                 for q, pages in by_query.items()]
        prefix = "" if language == "ja" else f"{language}/"
        page = browser.new_page()
        try:
            page.goto(f"{base}/{prefix}", wait_until="networkidle")
            ours = worker_results(page, [str(q) for _, q, _ in asked], f"{base}/{prefix}search/")
            theirs = page.evaluate(PAGEFIND_JS, [str(q) for _, q, _ in asked])
        finally:
            page.close()
        for (category, q, pages), mine, peer in zip(asked, ours, theirs):
            results.setdefault(language, []).append({
                "category": category, "query": q, "pages": pages,
                "ours": [page_path(u, language) for u in mine],
                "pagefind": [page_path(u, language) for u in peer]})
    return results


def found(result: dict, engine: str) -> bool:
    return any(p in result[engine][:3] for p in result["pages"])


def table(results: dict) -> tuple[list[str], bool]:
    lines, ahead = [], True
    lines.append(f"{'language':8} {'category':22} {'queries':>7} {'ours':>6} {'pagefind':>8}")
    for language, rows in results.items():
        by_category = defaultdict(list)
        for r in rows:
            by_category[r["category"]].append(r)
        totals: dict = defaultdict(lambda: [0, 0, 0])
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, nargs="+", default=[QUERIES, BLIND],
                        help="query files (default: eval.yml and eval-blind.yml), each counted on its own")
    parser.add_argument("--only", choices=["ja", "en"])
    parser.add_argument("--docs", type=Path, default=FIXTURE, help="the notes to build (default: the fixture tree)")
    parser.add_argument("--show-misses", action="store_true", help="list the queries either engine missed")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--require-ahead", action="store_true", help="exit 1 if ours is not ahead everywhere")
    args = parser.parse_args(argv)
    queries = load(args.queries)
    results = evaluate(queries, [args.only] if args.only else list(queries), args.docs.resolve())
    lines, ahead = table(results)
    print("\n".join(lines))
    print("(recall@3: a query is found when one of its pages is among the first three results; "
          "'all' sums every category of a query set; @eval-blind: the set written without seeing the code)")
    if args.show_misses:
        for language, rows in results.items():
            for r in rows:
                if not found(r, "ours") or not found(r, "pagefind"):
                    print(f"{language} {r['category']:22} {str(r['query'])!r:30} want {r['pages']} "
                          f"ours {r['ours'][:3]} pagefind {r['pagefind'][:3]}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ahead or not args.require_ahead else 1


if __name__ == "__main__":
    sys.exit(main())
