"""`make bench`: build a synthetic notes tree at two sizes and print speed and size figures.

The synthetic tree is made from the real pages in docs/: the questions are copied and renumbered,
and the terms are copied in variants (a two-digit suffix on every name: 消失勾配 → 消失勾配07), with
every mention in the copied text renamed to the same variant, so the cross-linker has as much real
work per page as on the real notes. There are a quarter as many terms as questions. Pages the
real notes have translated are copied the same way in English (``*.en.md``), so both language
builds run, as on the real site; ``pages`` counts both.

Printed: a table per size, then one line
``bench pages=N build_s=… per_page_ratio=… floor_ratio=… hooks_share=… page_kb=… search_first_ms=…
search_worst_ms=… search_page_floor_ms=… search_fetch_floor_ms=… search_kb=… index_mb=… index_files=…
study_kb=… serve_edit_s=… serve_term_s=… serve_nav_s=…`` (``study_kb``: what term cards, review marks
and offline reading add, gzipped; at most 10; ``serve_*``: seconds from saving a note under ``make serve``
to the changed page being served, see :func:`serve_figures`)
Figures come from one run on one machine: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config

from studynotes import mdscan
from studynotes.support.browser import free_port
from studynotes.support.events import notes_events
from studynotes.support.previews import PreviewProcess
from studynotes.support.sizes import study_kb
from studynotes.support.trees import make_tree

ROOT = Path(__file__).resolve().parent.parent

# As readers type them: terms, a phrase, hiragana for katakana, a typo, words apart, a separator;
# then sentences in a learner's own words (Japanese typed without spaces, cut into words).
SEARCH_QUERIES = ["消失勾配", "ウォームプール", "SageMaker Debugger", "最小最大正規化", "どろっぷあうと", "debuger",
                  "ReLU デバッガー", "find matches", "勾配が小さくなりすぎて学習が進まない",
                  "カテゴリを数値に変換する方法", "why does the training loss stop going down"]


# -- measurements ----------------------------------------------------------------------------

# The hooks' events object counts its own time (studynotes.plugin.state.Timings): per event, and per
# feature. "crosslinks": the term index, the matcher, waiting for the note pages linked in a child
# process while MkDocs renders the next ones (studynotes.background.Worker; the child's own time is
# "pages_beside"), related terms, backlinks, counts. "guard": the checks in the build's own process
# (every file screened, the pages that are not notes, every link). "navigation": the site's
# navigation (studynotes.navhtml), called from the page template, not from an event, but the
# project's own code all the same, so it counts in hooks_s. The search index is built in a forked
# process while MkDocs renders the pages: what the build waits for it shows as post_build.
OWN_CODE_OUTSIDE_EVENTS = ("navigation",)
BESIDE = ("pages_beside",)


def timed_build(docs: Path, site: Path, site_url: str) -> tuple[float, dict[str, float], dict[str, float]]:
    """(build seconds, seconds in each event of the project's hooks, seconds in each feature) for
    one real build."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site),
                         site_url=site_url)
    events = notes_events(config)
    events.compiled.clear()  # each build compiles Material's templates, as `make build` does
    start = time.perf_counter()
    build(config)
    elapsed = time.perf_counter() - start
    timings = events.timings
    return elapsed, dict(timings.events), dict(timings.features)


def _body(text: str) -> str:
    front = mdscan.front_matter(text)
    return text[front.body_start:] if front else text


def markdown_floor(docs: Path) -> float:
    """Seconds plain Python-Markdown takes for the same pages with the same extensions."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs))
    texts = [_body(p.read_text(encoding="utf-8")) for p in sorted(docs.rglob("*.md"))]
    start = time.perf_counter()
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    for text in texts:
        md.reset().convert(text)
    return time.perf_counter() - start


# In the page: when the query's input event happened, and when the first results were painted
# (the frame after Material put the first result into its list).
RESULTS_PROBE = """() => {
  window.__search = {}
  document.addEventListener("input", () => { window.__search.input = performance.now() }, true)
  const list = document.querySelector(".md-search-result__list")
  new MutationObserver(() => {
    if (!window.__search.inserted && list.querySelector(".md-search-result__item")) {
      window.__search.inserted = true
      requestAnimationFrame(() => { window.__search.painted = performance.now() })
    }
  }).observe(list, { childList: true })
}"""


class Traffic:
    """What a page fetches from now on (its workers and the service worker included), counted once
    the network has been quiet for a while: the passages of a result list come after its first paint."""

    def __init__(self, page):
        self.page, self.pending, self.done, self.last = page, 0, [], time.monotonic()
        # The browser context sees the service worker's own requests too (those reach the network;
        # the page's requests it answers are counted there, once).
        page.context.on("request", self._started)
        page.context.on("requestfinished", self._finished)
        page.context.on("requestfailed", self._failed)

    def _started(self, request):
        self.pending += 1
        self.last = time.monotonic()

    def _finished(self, request):
        self.pending -= 1
        self.done.append(request)
        self.last = time.monotonic()

    def _failed(self, request):
        self.pending -= 1
        self.last = time.monotonic()

    def settled(self, quiet: float = 0.5, timeout: float = 30.0) -> int:
        """Bytes of every response body (compressed, as sent), once nothing is pending and nothing
        has happened for ``quiet`` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and (self.pending > 0 or time.monotonic() - self.last < quiet):
            self.page.wait_for_timeout(100)
        return sum(max(0, request.sizes()["responseBodySize"] or 0) for request in self.done
                   if (response := request.response()) is not None and not response.from_service_worker)


# Two stand-ins for the search worker, measured in the same run to show the floor on this machine:
# one answers every query at once with the first 20 titles (read when the search box opens), so its
# time is the page's own (Material's message handling, rendering, the frame); the other first fetches
# one shard of the index, as small as ours, so its time adds one round trip to the local server.
# (A backslash at the end of a line joins the next one to it.)
FLOOR_WORKER = """
const BASE = new URL(new URL(self.location.href).searchParams.get("index") || "../../search/", self.location.href)
let titles = []
addEventListener("message", async ev => {
  if (ev.data.type === 0) { postMessage({ type: 1 }); \
titles = await (await fetch(new URL("titles.json", BASE))).json(); return }
  if (ev.data.type !== 2) return
  if (FETCH && ev.data.data) \
await (await fetch(new URL("shards/" + (ev.data.data.length % SHARDS) + ".json", BASE))).json()
  postMessage({ type: 3, data: { items: titles.slice(0, 20).map(([location, title]) =>
    [{ location, title, text: "", score: 1, terms: {} }]), done: true } })
})
"""


@contextlib.contextmanager
def chromium() -> Iterator:
    """One Chromium for every search measurement of a run (search_figures, then search_floors'
    two): launched once, not once per series. Nothing of one query reaches the next: each query
    has a browser context of its own (cache, cookies, storage and service workers its own), as
    the queries of one series always had."""
    from playwright.sync_api import sync_playwright

    from studynotes.support.browser import CHROMIUM_ARGS, chromium_executable

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def search_floors(browser, site: Path, site_url: str, queries: list[str]) -> tuple[float, float]:
    """(median ms of the page alone, median ms of the page and one fetch): the two stand-ins above
    in place of the site's worker, on the same queries and pages as search_figures, in ``browser``."""
    worker = site / "assets" / "javascripts" / "search-worker.js"
    shards = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))["shards"]
    original = worker.read_bytes()
    floors = []
    try:
        for fetch in ("false", "true"):
            worker.write_text(FLOOR_WORKER.replace("FETCH", fetch).replace("SHARDS", str(shards)), encoding="utf-8")
            floors.append(search_figures(browser, site, site_url, queries, quiet=True)[0])
    finally:
        worker.write_bytes(original)
    return floors[0], floors[1]


def search_figures(browser, site: Path, site_url: str, queries: list[str],
                   quiet: bool = False) -> tuple[float, float, float]:
    """(median and worst ms from entering a query to its first results, largest KB fetched for one
    query, compressed as GitHub Pages serves it) in ``browser``, a Chromium from :func:`chromium`.

    Each query starts on a freshly loaded page with an empty cache (a reader opens the search box on
    the page they are reading) and is entered in one input event, as an input method commits a
    Japanese word (so the figure does not depend on how fast the test types). The time is measured in
    the page, from the input event to the frame that paints the first results. Bytes count
    everything fetched from the input event until the network is idle again.

    ``quiet`` (search_floors, which wants only the times): nothing printed and no bytes counted
    (the KB returned is nan), so each query's context is closed as soon as its time is read rather
    than after the network has been quiet for half a second. What is timed is the same: the traffic
    is still listened to while the query runs, and the time is read before the bytes would be.
    """
    from studynotes.support.browser import serve

    times, sizes = [], []
    with serve(site, site_url, compress=True) as base_url:
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base_url}/questions/001/", wait_until="networkidle")
            page.click(".md-search__input")
            page.wait_for_load_state("networkidle")  # what opening the search box loads
            page.evaluate(RESULTS_PROBE)
            traffic = Traffic(page)
            page.fill(".md-search__input", query)
            page.wait_for_function("() => window.__search.painted", timeout=120_000)
            times.append(page.evaluate("() => window.__search.painted - window.__search.input"))
            if not quiet:
                sizes.append(traffic.settled() / 1024)
            context.close()
    for query, ms, kb in zip(queries, times, sizes, strict=False):  # none when quiet
        print(f"search {query!r}: first results in {ms:.0f} ms, {kb:.1f} KB fetched", flush=True)
    return statistics.median(times), max(times), max(sizes, default=float("nan"))


def _body_line(text: str) -> int:
    """The index of the first line of a note's text after its front matter (not a heading)."""
    lines = text.split("\n")
    body = mdscan.front_matter(text).body_line - 1
    return next(i for i in range(body, len(lines)) if lines[i].strip() and not lines[i].startswith("#"))


def serve_figures(docs: Path, site: Path, work: Path) -> dict[str, float]:
    """Seconds from saving a note to ``make serve`` serving the change (the page is polled until it
    shows it): one sentence of a question (its own page), a term's summary (a question showing its
    card), a question's title (the next question's navigation)."""
    questions = sorted((p for p in (docs / "questions").glob("[0-9]*.md") if "." not in p.stem),
                       key=lambda p: int(p.stem))
    question, after = questions[len(questions) // 2], questions[len(questions) // 2 + 1]

    def url(page: Path) -> str:
        return f"/questions/{page.stem}/"
    term = next(p for p in sorted((docs / "glossary").glob("*.md")) if p.stem != "index" and "." not in p.stem)
    showing = next(p for p in sorted((site / "questions").glob("*/index.html"))
                   if f'data-term="glossary/{term.name}"' in p.read_text(encoding="utf-8"))
    preview = PreviewProcess(work, work / "preview.log", config_file=ROOT / "mkdocs.yml", docs_dir=docs)
    figures = {}
    try:
        preview.wait_until_serving()
        preview.wait_for(url(question), "<article")

        text = question.read_text(encoding="utf-8")
        lines = text.split("\n")
        at = _body_line(text)
        lines[at] += " benchsentence0001"
        question.write_text("\n".join(lines), encoding="utf-8")
        figures["serve_edit_s"] = preview.wait_for(url(question), "benchsentence0001")

        text = term.read_text(encoding="utf-8")
        term.write_text(re.sub(r"^summary: ?(.*)$", r"summary: benchsummary0001 \1", text, count=1, flags=re.M),
                        encoding="utf-8")
        figures["serve_term_s"] = preview.wait_for(f"/questions/{showing.parent.name}/", "benchsummary0001")

        text = question.read_text(encoding="utf-8")
        question.write_text(re.sub(r"^title: (.*)$", r"title: benchtitle0001 \1", text, count=1, flags=re.M),
                            encoding="utf-8")
        figures["serve_nav_s"] = preview.wait_for(url(after), "benchtitle0001")
    finally:
        preview.stop()
    return figures


def run(size: int, work: Path, search: bool, serve: bool = False, queries: list[str] = SEARCH_QUERIES) -> dict:
    docs, site = work / f"docs-{size}", work / f"site-{size}"
    counts = make_tree(ROOT / "docs", docs, size)
    # Built for the address it is served at in search_figures, as a published site is.
    site_url = f"http://127.0.0.1:{free_port()}/"
    build_s, by_event, by_feature = timed_build(docs, site, site_url)
    hooks_s = sum(by_event.values()) + sum(by_feature.get(f, 0.0) for f in OWN_CODE_OUTSIDE_EVENTS)
    pages = len(list(site.rglob("index.html")))
    question_pages = [p.stat().st_size for p in (site / "questions").glob("*/index.html")]
    figures = {
        "questions": counts["questions"], "terms": counts["terms"], "pages": pages,
        "build_s": build_s, "per_page_ms": build_s / pages * 1000, "hooks_s": hooks_s,
        "hooks_share": hooks_s / build_s, "floor_s": markdown_floor(docs),
        "page_kb": statistics.median(question_pages) / 1024,
    }
    figures["floor_ratio"] = build_s / figures["floor_s"]
    figures["hooks_by_event"] = " ".join(f"{event}={seconds:.2f}s" for event, seconds in sorted(by_event.items()))
    figures["by_feature"] = " ".join(
        f"{feature}={seconds:.2f}s" + (" (in a child process, not in the build's time)" if feature in BESIDE
                                       else f" ({seconds / build_s:.3f} of the build)")
        for feature, seconds in by_feature.items())
    if search:
        with chromium() as browser:
            figures["search_first_ms"], figures["search_worst_ms"], figures["search_kb"] = (
                search_figures(browser, site, site_url, queries))
            figures["search_page_floor_ms"], figures["search_fetch_floor_ms"] = (
                search_floors(browser, site, site_url, queries))
    else:
        figures.update(dict.fromkeys(("search_first_ms", "search_worst_ms", "search_kb", "search_page_floor_ms",
                                      "search_fetch_floor_ms"), float("nan")))
    figures["study_kb"] = study_kb(site)
    index = [f for f in (site / "search").rglob("*") if f.is_file()]
    figures["index_mb"] = sum(f.stat().st_size for f in index) / 1e6
    figures["index_files"] = len(index)
    figures.update(serve_figures(docs, site, work) if serve else
                   dict.fromkeys(("serve_edit_s", "serve_term_s", "serve_nav_s"), float("nan")))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200,2000", help="two question counts, small,large (default 200,2000)")
    parser.add_argument("--no-search", action="store_true", help="skip the browser search measurement")
    parser.add_argument("--no-serve", action="store_true", help="skip the make serve measurement")
    parser.add_argument("--queries", type=int, default=len(SEARCH_QUERIES),
                        help=f"time the first N search queries (default all {len(SEARCH_QUERIES)})")
    parser.add_argument("--keep", type=Path, help="keep the generated trees and sites in this directory")
    args = parser.parse_args(argv)
    small, large = (int(s) for s in args.sizes.split(","))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = [run(size, work, not args.no_search and size == large, not args.no_serve and size == large,
                       SEARCH_QUERIES[:args.queries]) for size in (small, large)]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    columns = ["questions", "terms", "pages", "build_s", "per_page_ms", "hooks_s", "hooks_share", "floor_s",
               "floor_ratio", "page_kb", "search_first_ms", "search_worst_ms", "search_kb", "index_mb"]
    print(" | ".join(f"{c:>15}" for c in columns))
    for r in results:
        print(" | ".join(f"{r[c]:>15.3f}" if isinstance(r[c], float) else f"{r[c]:>15}" for c in columns))
    for r in results:
        print(f"hooks at {r['questions']} questions: {r['hooks_by_event']}")
        print(f"features at {r['questions']} questions: {r['by_feature']}")
    a, b = results
    per_page_ratio = (b["build_s"] / b["pages"]) / (a["build_s"] / a["pages"])
    print(f"bench pages={b['pages']} build_s={b['build_s']:.1f} per_page_ratio={per_page_ratio:.2f} "
          f"floor_ratio={b['floor_ratio']:.2f} hooks_share={b['hooks_share']:.3f} page_kb={b['page_kb']:.1f} "
          f"search_first_ms={b['search_first_ms']:.0f} search_worst_ms={b['search_worst_ms']:.0f} "
          f"search_page_floor_ms={b['search_page_floor_ms']:.0f} "
          f"search_fetch_floor_ms={b['search_fetch_floor_ms']:.0f} "
          f"search_kb={b['search_kb']:.0f} index_mb={b['index_mb']:.1f} index_files={b['index_files']} "
          f"study_kb={b['study_kb']:.1f} serve_edit_s={b['serve_edit_s']:.2f} serve_term_s={b['serve_term_s']:.2f} "
          f"serve_nav_s={b['serve_nav_s']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
