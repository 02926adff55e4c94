"""Site search in Chromium: Material's search box, fed by the site's own worker and index."""

from __future__ import annotations

import html as html_lib
import itertools
import json
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import DESKTOP, FIXTURE_DOCS
from studynotes import query, translations
from studynotes.catalog import build_catalog, read_sources
from studynotes.search import RE_JAPANESE, VARIANTS, fold, shard_of, tokens
from studynotes.support.browser import worker_results
from studynotes.terms import build_term_index

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).parent / "fixtures" / "search"
PHRASES = yaml.safe_load((FIXTURES / "queries.yml").read_text(encoding="utf-8"))
VECTORS = json.loads((FIXTURES / "vectors.json").read_text(encoding="utf-8"))
READ = json.loads((FIXTURES / "queries-read.json").read_text(encoding="utf-8"))
LISTINGS = {"", "questions/", "glossary/", "tags/", "review/", "study/"}  # the fixture's pages that list others


def term_queries(language: str = "ja") -> list[tuple[str, str]]:
    """(name or alias, the URL path of its page) for every term of one language."""
    index = build_term_index(build_catalog(translations.sources_for(read_sources(FIXTURE_DOCS), language)))
    return [(name, entry.path.removesuffix(".md") + "/") for entry in index.entries.values() for name in entry.names]


def result_pages(page) -> list[str]:
    hrefs = page.eval_on_selector_all(".md-search-result__item > a:first-child", "els => els.map(e => e.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs]


# Run in a page before its scripts (page.add_init_script): the time the search worker last said a
# query's results are complete (its message with done: true).
WATCH_WORKER = """(() => {
    const Native = window.Worker
    window.Worker = class extends Native {
        constructor(...args) {
            super(...args)
            this.addEventListener("message", e => {
                if (e.data && e.data.type === 3 && e.data.data && e.data.data.done) window.__done = performance.now()
            })
        }
    }
    window.__done = 0
})()"""


def ui_search(page, query: str) -> list[str]:
    """Type ``query`` into Material's search box and return the pages listed, best first."""
    page.fill(".md-search__input", "")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    page.evaluate("""() => {
        const list = document.querySelector(".md-search-result__list")
        window.__changed = window.__asked = performance.now()
        if (!window.__watching) new MutationObserver(() => { window.__changed = performance.now() })
            .observe(list, { childList: true, subtree: true })
        window.__watching = true
    }""")
    page.fill(".md-search__input", query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    # The list grows (a term's page, the titles, then the passages): read it once it is still, and
    # where the worker is watched (WATCH_WORKER), once it has said the results are complete.
    page.wait_for_function("""() => window.__done === undefined ? performance.now() - window.__changed > 250
        : window.__done > window.__asked && performance.now() - Math.max(window.__changed, window.__done) > 60""",
                           timeout=10_000, polling=20)
    return result_pages(page)


def open_search(page, url: str):
    """The page at ``url``, its search worker watched (WATCH_WORKER) and its search box open."""
    page.add_init_script(WATCH_WORKER)
    page.goto(url, wait_until="networkidle")
    page.click(".md-search__input")
    return page


# The fixture site (tests/fixtures/notes): the terms and phrases below are its own.
@pytest.fixture
def search_page(page, fixture_url):
    """A page of its own for a test that does more than search (opens a result, reloads, …)."""
    return open_search(page, f"{fixture_url}/questions/061/")


@pytest.fixture(scope="module")
def shared_search_page(browser, fixture_url):
    """One page for the tests that only type queries (``ui_search`` empties the box and waits for the
    list to be gone first): loading a page for each query was most of their time."""
    context = browser.new_context(**DESKTOP)
    yield open_search(context.new_page(), f"{fixture_url}/questions/061/")
    context.close()


def test_worker_tokenizes_like_the_index(page, base_url):
    page.goto(f"{base_url}/", wait_until="networkidle")
    page.add_script_tag(url=f"{base_url}/assets/javascripts/search-worker.js")
    page.evaluate("rules => setVariants(rules)", VARIANTS)  # the manifest gives them to the worker
    for vector in VECTORS:
        js = page.evaluate("text => [...new Set(tokens(text))]", vector["text"])
        assert js == vector["tokens"], vector["text"]
        assert page.evaluate("text => fold(text)", vector["text"]) == fold(vector["text"]), vector["text"]
        # The folding that places highlights: the same text, each unit traced back to the original.
        mapped = page.evaluate("""text => { const m = foldMapped(text)
            return [m.folded, m.starts.every((a, k) => a >= 0 && a < m.ends[k] && m.ends[k] <= text.length)] }""",
                               vector["text"])
        assert mapped == [fold(vector["text"]), True], vector["text"]
    # Queries are read as query.py reads them, with the lists the manifest gives.
    page.evaluate("lists => setQueryWords(lists)", query.manifest_lists())
    for vector in READ:
        read = page.evaluate("""q => { const a = analyze(q), tokens = w => w.groups.map(g => g.tokens)
            return [a.words.map(tokens), a.phrases.map(tokens)] }""", vector["query"])
        assert read == [vector["words"], vector["phrases"]], vector["query"]
    for token in ["機密", "de", "debugger", "gpu", "=amazonmacie"[1:], "ﾃｽﾄ"]:
        assert page.evaluate("t => { manifest = {shards: 64}; return shardOf(t) }", token) == shard_of(token, 64)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_term_and_alias_finds_its_page_first(page, fixture_url, language):
    """Every name of every term (title, alias, reading), asked of the language's index through the
    site's own worker in the page; a few are also typed into Material's box below."""
    names = term_queries(language)
    prefix = "" if language == "ja" else "en/"
    page.goto(f"{fixture_url}/{prefix}", wait_until="networkidle")
    found = worker_results(page, [name for name, _ in names], f"{fixture_url}/{prefix}search/", workers=4)
    wrong = [(name, expected, [urlsplit(g).path.lstrip("/") for g in got[:3]])
             for (name, expected), got in zip(names, found, strict=True)
             if [urlsplit(g).path.lstrip("/") for g in got[:1]] != [prefix + expected]]
    assert len(names) > 20 and wrong == []


def test_a_terms_name_typed_into_the_search_box_lists_its_page_first(shared_search_page):
    # a title, an alias in Latin letters, a reading: as a reader sees the list
    for name, expected in [("消失勾配", "glossary/vanishing-gradient/"), ("One-Hot Encoding", "questions/069/"),
                           ("ふぁいんちゅーにんぐ", "glossary/fine-tuning/")]:
        assert ui_search(shared_search_page, name)[:1] == [expected], name


@pytest.mark.parametrize("phrase", list(PHRASES))
def test_phrases_from_the_notes_find_their_page(shared_search_page, phrase):
    assert PHRASES[phrase] in ui_search(shared_search_page, phrase)[:10]


def test_results_keep_materials_look(search_page):
    ui_search(search_page, "消失勾配")
    # The titles come first; the passages, with their highlighted matches, replace them.
    search_page.wait_for_selector(".md-search-result__item >> nth=0 >> mark")
    sections = search_page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any("#" in href for href in sections)                      # section links
    assert search_page.inner_text(".md-search-result__meta").endswith("見つかりました")
    search_page.keyboard.press("ArrowDown")                            # keyboard navigation
    search_page.keyboard.press("Enter")
    search_page.wait_for_url(re.compile(r".*/glossary/vanishing-gradient/.*"))


def page_texts(site, language: str) -> dict[str, str]:
    """Visible article text of every page of one language, folded, by URL path under the site."""
    root = site / "en" if language == "en" else site
    texts = {}
    for html_file in root.rglob("index.html"):
        if language == "ja" and html_file.relative_to(site).parts[0] == "en":
            continue
        html = html_file.read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        # Not the page's text: formulas' markup, permalinks, the review toggle and the study page's
        # deck (the site's own controls), the date of the last change (Material's, under the article).
        article = re.sub(r"<(math|script|style)\b.*?</\1>|<a class=\"headerlink\".*?</a>"
                         r"|<div class=\"review-row\".*?</div>"
                         r"|<div class=\"study-deck__ui\".*?<p class=\"study-keys\">.*?</p></div>"
                         r"|<div class=\"study-progress__ui\".*?</div>"
                         r"|<aside class=\"md-source-file\">.*?</aside>", " ", article, flags=re.S)
        url = html_file.parent.relative_to(site).as_posix()
        # Block elements on lines of their own: a phrase is sampled within one block of text.
        article = re.sub(r"</?(?:p|li|h[1-6]|td|th|div|tr|pre|summary)\b[^>]*>", "\n", article)
        # Folded line by line: fold() drops white space between kana, which would join a heading
        # ending in kana to the block under it (ユースケース / ローン審査), a phrase on no line.
        shown = html_lib.unescape(re.sub(r"<[^>]+>", " ", article))
        texts["" if url == "." else url + "/"] = "\n".join(fold(line) for line in shown.split("\n"))
    return texts


def sample_phrases(texts: dict[str, str], language: str, per_page: int = 8) -> list[tuple[str, str]]:
    """Random phrases of each page's text that at most 10 pages contain: 2–6 characters of a
    Japanese run, or 1–3 consecutive English words."""
    rng = random.Random(2026)
    samples = []
    page_tokens = {url: set(tokens(text)) for url, text in texts.items()}
    for url, text in sorted(texts.items()):
        if language == "ja":
            runs = [r for r in RE_JAPANESE.findall(text) if len(r) >= 2]
        else:
            runs = [words for line in text.split("\n") if (words := re.findall(r"[a-z][a-z0-9-]*[a-z0-9]", line))]
        for _ in range(per_page if runs else 0):
            run = rng.choice(runs)
            length = rng.randint(2, min(6, len(run))) if language == "ja" else rng.randint(1, min(3, len(run)))
            start = rng.randint(0, len(run) - length)
            phrase = run[start:start + length] if language == "ja" else " ".join(run[start:start + length])
            holders = [u for u in texts if page_tokens[u].issuperset(tokens(phrase))]
            if len(holders) <= 10:
                samples.append((phrase, url))
    return samples


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ja", "en"])
def test_any_phrase_on_a_page_finds_it_among_the_first_ten(page, base_url, site, language):
    """Random phrases of every page's text, asked of the language's index through the worker itself."""
    samples = sample_phrases(page_texts(site, language), language)
    page.goto(f"{base_url}/", wait_until="networkidle")
    index = f"{base_url}/en/search/" if language == "en" else f"{base_url}/search/"
    # A page that lists others (an index, the tags, the home page) is listed after the notes' pages:
    # it is looked for among the pages of its kind.
    listing = {u for u in page_texts(site, language) if u.removeprefix("en/") in LISTINGS}
    found = [[p for p in pages if (p in listing) == (url in listing)][:10]
             for pages, (_, url) in zip(worker_results(page, [q for q, _ in samples], index, workers=4), samples,
                                         strict=True)]
    missing = [(phrase, url, got) for (phrase, url), got in zip(samples, found, strict=True) if url not in got]
    assert len(samples) >= 100
    assert missing == [], "\n".join(map(repr, missing))


# -- what a reader sees of the result list (tests/fixtures/notes) ---------------------------------

def marks_in_results(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__item mark", "els => els.map(e => e.textContent)")


def test_a_query_in_hiragana_marks_the_katakana_the_page_writes(shared_search_page):
    assert ui_search(shared_search_page, "どろっぷあうと")[0] == "questions/062/"
    shared_search_page.wait_for_selector(".md-search-result__item mark:text-is('ドロップアウト')")
    href = shared_search_page.get_attribute(".md-search-result__item a", "href")
    assert "h=%E3%83%89%E3%83%AD%E3%83%83%E3%83%97%E3%82%A2%E3%82%A6%E3%83%88" in href  # ?h=ドロップアウト


def test_the_target_page_highlights_the_spelling_actually_matched(search_page):
    ui_search(search_page, "どろっぷあうと")
    search_page.wait_for_selector(".md-search-result__item mark:text-is('ドロップアウト')")
    search_page.click(".md-search-result__item a")
    search_page.wait_for_url(re.compile(r".*/questions/062/.*"))
    search_page.wait_for_selector("article mark:text-is('ドロップアウト')", state="attached")
    marked = search_page.eval_on_selector_all("article mark", "els => els.map(e => e.textContent)")
    # Every occurrence of the spelling the page writes (and of the reading, which the page writes too).
    assert marked.count("ドロップアウト") >= 3 and set(marked) <= {"ドロップアウト", "どろっぷあうと"}


def test_a_typo_is_corrected_and_the_corrected_word_is_marked(shared_search_page):
    assert ui_search(shared_search_page, "debuger")[0] == "questions/066/"
    shared_search_page.wait_for_selector(".md-search-result__item mark:text-is('Debugger')")
    assert "h=Debugger" in shared_search_page.get_attribute(".md-search-result__item a", "href")


def test_an_exact_word_is_not_corrected_to_another(shared_search_page):
    # "batch" is one edit from "match" and "watch", both on other pages: only the exact word counts.
    assert ui_search(shared_search_page, "batch") == ["questions/066/"]


def test_a_snippet_is_the_passage_around_the_first_match(shared_search_page):
    # Far into a long section of 062: the passage shown starts near it, not at the section's start.
    ui_search(shared_search_page, "割合が高すぎる")
    mark = shared_search_page.wait_for_selector(".md-search-result__item mark")
    assert "割合が高すぎる" in mark.text_content()
    text = shared_search_page.eval_on_selector(".md-search-result__item mark",
                                        "m => m.closest('article').textContent")
    assert text.index("割合が高すぎる") < 120, text


@pytest.mark.parametrize("query, label", [("ドロップアウト zzzqqq", "一部の語に一致")])
def test_pages_with_some_of_the_words_are_listed_as_partial_matches(shared_search_page, query, label):
    assert ui_search(shared_search_page, query)[0] == "questions/062/"
    shared_search_page.wait_for_selector(f".md-search-result__item h1 .search-partial:text-is('{label}')")
    assert shared_search_page.locator(".md-search-result__item").count() == \
        shared_search_page.locator(".md-search-result__item h1 .search-partial").count()  # every page is marked
    shared_search_page.wait_for_selector(".md-search-result__terms:has-text('zzzqqq')")  # Material: the word missing


def test_a_full_match_is_not_marked_partial(shared_search_page):
    found = ui_search(shared_search_page, "ドロップアウト 早期停止")
    shared_search_page.wait_for_selector(".md-search-result__item mark")
    items = shared_search_page.locator(".md-search-result__item:has(h1)")
    assert found[0] == "questions/062/" and items.first.locator(".search-partial").count() == 0
    # The notes' pages with only some of the words follow the full matches, each marked.
    marked = [items.nth(i).locator(".search-partial").count() for i, p in enumerate(found) if p not in LISTINGS]
    assert marked == sorted(marked) and marked[-1] == 1, marked


def test_a_sentence_typed_without_spaces_finds_the_pages_with_its_words(shared_search_page):
    # No page writes the sentence; the glossary page and 066 have its words (勾配, 小さい, 学習, 進まない).
    found = ui_search(shared_search_page, "勾配が小さくなりすぎて学習が進まない")
    assert set(found[:2]) == {"glossary/vanishing-gradient/", "questions/066/"}, found
    shared_search_page.wait_for_selector(".md-search-result__item mark")
    # The stem 小 is marked where it stands alone (小さく), not inside a compound (最小).
    beside = shared_search_page.evaluate("""() => [...document.querySelectorAll(".md-search-result__item mark")]
        .filter(m => m.textContent === "小")
        .map(m => [(m.previousSibling && m.previousSibling.textContent || "").slice(-1),
                   (m.nextSibling && m.nextSibling.textContent || "").slice(0, 1)])""")
    assert beside and not [pair for pair in beside if any(re.match(r"[\u4e00-\u9fff]", c) for c in pair)], beside


def test_another_form_of_a_verb_finds_the_form_the_page_writes(shared_search_page):
    # 062's title: 過学習を抑える. Asked as 抑えられない, the page's 抑える is marked.
    assert ui_search(shared_search_page, "過学習を抑えられない")[0] == "questions/062/"
    assert any("抑" in mark for mark in marks_in_results(shared_search_page))


def test_a_rare_word_counts_more_than_a_common_one(shared_search_page):
    # No page has both: 065 has 欠損値, three pages have GPU. The rarer word's page comes first.
    found = ui_search(shared_search_page, "GPU 欠損値")
    assert found[0] == "questions/065/" and "glossary/underutilized-gpu/" in found[1:3], found


def test_the_pages_that_list_others_come_after_the_pages_they_list(shared_search_page):
    # The indexes and tag pages repeat every title: each has ドロップアウト, after the notes' pages.
    found = ui_search(shared_search_page, "ドロップアウト")
    first = next(i for i, p in enumerate(found) if p in LISTINGS)
    assert found[0] == "questions/062/" and first > 0 and set(found[first:]) <= LISTINGS, found


def test_a_query_with_no_word_on_the_site_lists_nothing(shared_search_page):
    shared_search_page.fill(".md-search__input", "zzzqqq xqxqxq")
    shared_search_page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('見つかりませんでした')")
    assert shared_search_page.locator(".md-search-result__item").count() == 0


def test_the_list_never_shrinks_while_passages_arrive(search_page):
    """Pages are listed at once by title; their passages replace the lines, never the list."""
    search_page.evaluate("""() => {
        window.__counts = []
        const list = document.querySelector(".md-search-result__list")
        new MutationObserver(() => window.__counts.push(list.children.length)).observe(list, {childList: true})
    }""")
    ui_search(search_page, "SageMaker")
    search_page.wait_for_selector(".md-search-result__item mark")
    search_page.wait_for_timeout(300)
    counts = [c for c in search_page.evaluate("() => window.__counts") if c]
    assert counts and all(a <= b for a, b in itertools.pairwise(counts)), counts


def test_a_terms_name_lists_its_page_before_the_other_results(page, fixture_url):
    page.goto(f"{fixture_url}/", wait_until="networkidle")
    posts = page.evaluate("""async () => {
        const worker = new Worker("assets/javascripts/search-worker.js?index=" + \
encodeURIComponent(location.origin + "/search/"))
        const posts = []
        await new Promise(res => { worker.onmessage = res; worker.postMessage({type: 0, data: {}}) })
        worker.postMessage({type: 2, data: ""})                  // the search box opens: titles are read
        await new Promise(res => setTimeout(res, 500))
        await new Promise(res => {
            worker.onmessage = ev => { posts.push(ev.data.data.items.map(g => g[0].location)); \
if (ev.data.data.done) res() }
            worker.postMessage({type: 2, data: "しょうしつこうばい"})
        })
        worker.terminate()
        return posts
    }""")
    assert posts[0] == ["glossary/vanishing-gradient/"]               # its page at once, by its reading
    assert len(posts[-1]) > 1 and posts[-1][0].startswith("glossary/vanishing-gradient/")


def test_a_latin_word_written_against_japanese_is_marked(shared_search_page):
    # "Amazon Macieは、AWS …": the word ends where the Japanese begins.
    ui_search(shared_search_page, "Macie")
    marked = [m.strip() for m in marks_in_results(shared_search_page)]
    assert "Macie" in marked and not any(m.startswith("Macieは") for m in marked), marked


def test_the_worker_keeps_to_its_limits(page, base_url):
    page.goto(f"{base_url}/", wait_until="networkidle")
    page.add_script_tag(url=f"{base_url}/assets/javascripts/search-worker.js")
    # Each word is a bit of an Int32Array: at most 30 count (duplicates once).
    assert page.evaluate('analyze(Array.from({length: 40}, (_, i) => "w" + i).join(" ")).words.length') == 30
    assert page.evaluate('analyze("gpu gpu gpu").words.length') == 1
    # A prefix is looked up in the shard of its first two letters: one letter is not a prefix.
    assert page.evaluate('[analyze("g").words[0].groups[0].prefix, analyze("gp").words[0].groups[0].prefix]') == \
        [False, True]
    # A passage never starts or ends inside a surrogate pair.
    text = "。" + "😀" * 20 + "gpu" + "😀" * 100
    lone = page.evaluate("""t => {
        const s = snippet(t, matchers(analyze("gpu ").words), new Map()).replace(/<[^>]+>/g, "")
        return [s.includes("gpu"), \
/(^|[^\\ud800-\\udbff])[\\udc00-\\udfff]|[\\ud800-\\udbff]([^\\udc00-\\udfff]|$)/.test(s)]
    }""", text)
    assert lone == [True, False]


def test_a_word_asked_before_the_word_list_has_come_is_still_corrected(page, fixture_url):
    # The worker reads words.json (corrections and splits) in the background after setup; held back
    # a second, as on a phone's slow network, a query that needs it waits for it (a search link,
    # ?q=debuger, asks the moment the worker is ready: it got no results one time in two).
    def late(route):
        page.wait_for_timeout(1000)
        route.continue_()
    page.context.route("**/search/words.json", late)
    page.goto(f"{fixture_url}/en/", wait_until="networkidle")
    try:
        typo, joined = worker_results(page, ["debuger", "groundtruth"], f"{fixture_url}/en/search/")
    finally:
        page.context.unroute_all(behavior="ignoreErrors")
    assert typo[:1] == ["en/questions/066/"]
    assert joined


def test_a_word_list_that_failed_to_load_is_asked_for_again(page, fixture_url):
    # A network blip on words.json must not turn corrections off for the rest of the visit.
    page.goto(f"{fixture_url}/en/", wait_until="networkidle")
    page.evaluate("() => caches.delete('studynotes-search')")  # no kept copy to fall back on
    asked = []

    def once(route):
        asked.append(route.request.url)
        route.abort() if len(asked) == 1 else route.continue_()
    page.context.route("**/en/search/words.json", once)
    try:
        found = worker_results(page, ["machine", "debuger", "debuger"], f"{fixture_url}/en/search/")
    finally:
        page.context.unroute_all(behavior="ignoreErrors")
    assert len(asked) == 2  # failed once, asked again by the query that needed it
    assert found[1][:1] == found[2][:1] == ["en/questions/066/"]
