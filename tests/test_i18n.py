"""The English build: every page in both languages, switcher and hreflang targets, no cross-language
links, the fallback for a missing translation, and stale translations reported and marked.

Tests on ``site`` (the live docs/) check what holds for any notes; exact expectations are made on
``fixture_site`` (tests/fixtures/notes)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import DOCS, SITE_URL, build_site
from studynotes import i18n, translations
from studynotes.__main__ import main as cli
from studynotes.catalog import read_sources
from util import term_cards


def html_files(site: Path, language: str, pattern: str = "index.html") -> list[Path]:
    """The built files of one language: under site/en/ for English, the rest for Japanese."""
    root = site / "en" if language == "en" else site
    return [p for p in root.rglob(pattern) if language == "en" or p.relative_to(site).parts[0] != "en"]


def pages(site: Path, language: str) -> set[str]:
    """URL paths (relative to the language's root) of every page of one language."""
    root = site / "en" if language == "en" else site
    return {("" if (rel := p.parent.relative_to(root).as_posix()) == "." else rel + "/")
            for p in html_files(site, language)}


def url_of(site: Path, html: Path) -> str:
    rel = html.parent.relative_to(site).as_posix()
    return SITE_URL + ("" if rel == "." else rel + "/")


class Links(HTMLParser):
    """Every link of a page: (tag, attributes), with the language switcher and head links apart."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append((tag, attrs))


def links(html: str) -> list[tuple[str, dict]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def test_every_page_exists_in_both_languages(site):
    ja, en = pages(site, "ja"), pages(site, "en")
    assert ja == en
    assert {"", "questions/", "glossary/", "tags/"} <= ja


def test_english_pages_are_english(fixture_site):
    site = fixture_site
    html = (site / "en/questions/065/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    assert "<h1" in html and "Question 65: Min-max normalization" in html
    assert "Related terms" in html and "関連用語" not in html
    term = (site / "en/glossary/vanishing-gradient/index.html").read_text(encoding="utf-8")
    assert 'id="questions-that-mention-this-term"' in term and "この用語が登場する問題" not in term
    assert 'placeholder="Search"' in term
    # The same formulas as the Japanese page.
    ja = (site / "questions/065/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<annotation[^>]*>(.*?)</annotation>", html, re.S) == \
        re.findall(r"<annotation[^>]*>(.*?)</annotation>", ja, re.S)


def test_english_glossary_index_is_a_to_z(fixture_site):
    site = fixture_site
    html = (site / "en/glossary/index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="[^"]*">(.*?)<', html)
    assert headings == sorted(headings) and all(re.fullmatch(r"[A-Z]", h) for h in headings)
    titles = re.findall(r'<li><a href="[^"]*"[^>]*>([^<]*)</a>', html[html.find("<article"):])
    assert titles == sorted(titles, key=str.casefold) and "Vanishing gradient" in titles


@pytest.mark.parametrize("language", ["ja", "en"])
def test_switcher_and_hreflang_lead_to_the_same_page_in_each_language(site, language):
    for html_file in html_files(site, language):
        path = url_of(site, html_file)[len(SITE_URL):].removeprefix("en/")
        expected = {"ja": SITE_URL + path, "en": SITE_URL + "en/" + path}
        found = links(html_file.read_text(encoding="utf-8"))
        head = {a["hreflang"]: a["href"] for tag, a in found if tag == "link" and a.get("rel") == "alternate"}
        switcher = {a["hreflang"]: a["href"] for tag, a in found if "md-select__link" in a.get("class", "")}
        assert head == expected, html_file  # absolute, as search engines want them
        # Relative, so that the switcher works wherever the site is served.
        assert all(not re.match(r"[a-z]+:|/", href) for href in switcher.values()), html_file
        assert {lang: urljoin(url_of(site, html_file), href) for lang, href in switcher.items()} == expected


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_page_links_into_the_other_language(site, language):
    for html_file in html_files(site, language, "*.html"):
        base = url_of(site, html_file) if html_file.name == "index.html" else SITE_URL
        for tag, attrs in links(html_file.read_text(encoding="utf-8")):
            if attrs.get("hreflang") or "md-select__link" in attrs.get("class", "") or tag == "link":
                continue  # the language switcher and hreflang alternates are meant to cross
            target = urljoin(base, attrs["href"])
            if not target.startswith(SITE_URL) or "/assets/" in target:
                continue
            in_english = urlsplit(target).path.startswith("/en/") or urlsplit(target).path == "/en"
            assert in_english == (language == "en"), (html_file, attrs["href"])


def test_a_404_page_per_language(site):
    root = (site / "404.html").read_text(encoding="utf-8")
    english = (site / "en/404.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in root and '<html lang="en"' in english
    # The root one is what GitHub Pages serves for every missing address: Japanese, then English,
    # linking to the home pages by path (a 404 page is served at any depth; no host: any address).
    home = urlsplit(SITE_URL).path
    assert re.search(r'<div lang="ja">\s*<h1>404 – ページが見つかりません</h1>.*?'
                     rf'<a href="{home}" hreflang="ja">ホーム</a>', root, re.S)
    assert re.search(rf'<div lang="en">\s*<h2>Page not found</h2>.*?<a href="{home}en/" hreflang="en">home page</a>',
                     root, re.S)
    assert "ページが見つかりません" not in english and "<h1>404 – Page not found</h1>" in english


def test_sitemap_lists_both_languages_with_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert sorted(locs) == sorted([SITE_URL + p for p in pages(site, "ja")]
                                  + [SITE_URL + "en/" + p for p in pages(site, "en")])
    for page in pages(site, "ja"):
        assert f'hreflang="en" href="{SITE_URL}en/{page}"' in sitemap


def test_each_language_has_its_own_search_index(site):
    ja = (site / "search/manifest.json").read_text(encoding="utf-8")
    en = (site / "en/search/manifest.json").read_text(encoding="utf-8")
    assert '"language":"ja"' in ja and '"language":"en"' in en
    ja_pages = "".join(p.read_text(encoding="utf-8") for p in (site / "search/pages").glob("*.json"))
    en_pages = "".join(p.read_text(encoding="utf-8") for p in (site / "en/search/pages").glob("*.json"))
    assert '"en/' not in ja_pages and ja_pages
    assert all(loc.startswith("en/") for loc in re.findall(r'\[\"([^"]*)\",', en_pages))


def test_a_page_without_translation_is_shown_in_japanese_under_a_notice(docs_copy, tmp_path):
    (docs_copy / "questions/067.en.md").unlink()
    (docs_copy / "glossary/fine-tuning.en.md").unlink()
    site = build_site(docs_copy, tmp_path / "site")
    assert pages(site, "ja") == pages(site, "en")  # nothing 404s
    html = (site / "en/questions/067/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div class="admonition info untranslated" lang="en">(.*?)</div>', html, re.S)
    assert notice and "has not been translated into English yet" in notice.group(1)
    assert 'href="../../../questions/067/"' in notice.group(1)
    assert '<div lang="ja">' in html and "Trainium" in html
    # The English glossary lists the untranslated term too (under its Japanese name).
    assert "ファインチューニング" in (site / "en/glossary/index.html").read_text(encoding="utf-8")
    assert "untranslated" not in (site / "en/questions/065/index.html").read_text(encoding="utf-8")


def test_an_outdated_translation_is_marked_without_failing_the_build(docs_copy, tmp_path, caplog):
    page = docs_copy / "questions/065.md"
    page.write_text(page.read_text(encoding="utf-8").replace("元のデータ", "もとのデータ", 1), encoding="utf-8")
    site = build_site(docs_copy, tmp_path / "site")  # strict: still builds
    err = "\n".join(f"{r.levelname} {r.getMessage()}" for r in caplog.records if r.name == "studynotes")
    assert re.search(r"WARNING.*questions/065\.en\.md: questions/065\.md has changed since it was translated", err)
    assert "061.en.md" not in err
    html = (site / "en/questions/065/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<div class="admonition warning outdated" lang="en">(.*?)</div>', html, re.S)
    assert notice and "This translation may be out of date" in notice.group(1)
    assert 'href="../../../questions/065/" hreflang="ja"' in notice.group(1)
    assert "outdated" not in (site / "en/questions/061/index.html").read_text(encoding="utf-8")


def test_i18n_report_lists_missing_and_outdated(docs_copy, capsys):
    (docs_copy / "questions/067.en.md").unlink()
    page = docs_copy / "glossary/amazon-macie.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
    assert cli(["i18n-report", "--docs", str(docs_copy)]) == 0
    out = capsys.readouterr().out
    assert "questions/067.md: no en translation (questions/067.en.md)" in out
    assert "glossary/amazon-macie.en.md: glossary/amazon-macie.md has changed since it was translated" in out
    assert out.strip().splitlines()[-1].startswith(f"en: {len(pages_of(docs_copy))} pages,")
    assert "1 outdated" in out and "1 missing" in out
    # After updating the translation, stamping it makes it current again.
    assert cli(["i18n-stamp", str(docs_copy / "glossary/amazon-macie.en.md")]) == 0
    capsys.readouterr()
    cli(["i18n-report", "--docs", str(docs_copy)])
    assert "0 outdated" in capsys.readouterr().out


def pages_of(docs: Path) -> list[Path]:
    return [p for p in docs.rglob("*.md") if not p.name.endswith(".en.md")]


def test_every_outdated_translation_and_only_those_carry_the_notice(site):
    sources = read_sources(DOCS)
    for status in translations.statuses(sources, "en"):
        if status.state == translations.MISSING:
            continue
        rel = status.original.removesuffix(".md")
        rel = "" if rel == "index" else rel.removesuffix("/index") + "/" if rel.endswith("index") else rel + "/"
        html = (site / "en" / rel / "index.html").read_text(encoding="utf-8")
        assert ('class="admonition warning outdated"' in html) == (status.state == translations.OUTDATED), status


# -- the package's pure functions -----------------------------------------------------------------

def test_versions_and_stamps():
    original, other = "---\ntitle: 元\n---\n本文\n", "---\ntitle: 元\n---\n本文を変更\n"
    assert translations.version(original) == translations.version(original.replace("\n", "\r\n"))
    assert translations.version(original) != translations.version(other)
    stamped = translations.stamp("---\ntitle: Original\n---\nBody\n", original)
    assert translations.recorded_version(stamped) == translations.version(original)
    assert stamped.endswith("---\nBody\n") and stamped.startswith("---\ntitle: Original\n")
    restamped = translations.stamp(stamped, other)
    assert (restamped.count("ja_version") == 1
            and translations.recorded_version(restamped) == translations.version(other))
    digits = "---\nja_version: \"123456789012\"\n---\n"
    assert translations.recorded_version(digits) == "123456789012"


def test_statuses_and_sources_for():
    ja = "---\ntitle: 元\n---\n"
    sources = {"a.md": ja, "a.en.md": translations.stamp("---\ntitle: A\n---\n", ja), "b.md": ja,
               "c.md": ja, "c.en.md": "---\ntitle: C\n---\n", "d.md": ja + "x", "d.en.md": translations.stamp("", ja)}
    states = {s.original: s.state for s in translations.statuses(sources, "en")}
    assert states == {"a.md": "current", "b.md": "missing", "c.md": "unstamped", "d.md": "outdated"}
    assert translations.sources_for(sources, "ja") == {p: ja if p != "d.md" else ja + "x"
                                                       for p in "a.md b.md c.md d.md".split()}
    english = translations.sources_for(sources, "en")
    assert english["b.md"] == ja and english["c.md"] == "---\ntitle: C\n---\n"


def test_alternates_swap_the_language_prefix():
    languages = [("ja", "日本語", ""), ("en", "English", "en/")]
    assert i18n.alternates("questions/065/", "", languages) == [
        ("ja", "日本語", "questions/065/"), ("en", "English", "en/questions/065/")]
    assert i18n.alternates("en/questions/065/", "en/", languages, "https://example.org/notes/") == [
        ("ja", "日本語", "https://example.org/notes/questions/065/"),
        ("en", "English", "https://example.org/notes/en/questions/065/")]
    assert i18n.alternates("./", "", languages) == [("ja", "日本語", "./"), ("en", "English", "en/")]
    assert [i18n.site_prefix(u) for u in ("./", "", "en/", "index.html", "en/index.html")] == ["", "", "en/", "", "en/"]


def test_english_pages_link_english_terms(fixture_site):
    site = fixture_site
    question = (site / "en/questions/066/index.html").read_text(encoding="utf-8")
    article = question[question.find("<article"):question.find("</article>")]
    # The English name as the author's translation writes it, linking to the English glossary page.
    assert re.search(r'<a class="glossary-link" href="\.\./\.\./glossary/vanishing-gradient/" '
                     r'data-term="glossary/vanishing-gradient.md">vanishing gradients</a>', article)
    card = term_cards(question)["glossary/vanishing-gradient.md"]
    assert card["summary"].startswith("The vanishing gradient is a problem") and card["go"] == "Open term page"
    assert 'href="../062/#what-is-a-layer"' in article  # an in-question term of another English page
    term = (site / "en/glossary/vanishing-gradient/index.html").read_text(encoding="utf-8")
    backlinks = term[term.find('id="questions-that-mention-this-term"'):]
    assert re.search(r'<a href="\.\./\.\./questions/066/#[^"]+">Question 66: Monitoring vanishing gradients', backlinks)
    assert 'href="../../questions/066/#what-is-a-vanishing-gradient">Explanation in question 66' in backlinks
    related = question[question.find('id="related-terms"'):]
    assert "Amazon SageMaker Debugger" in related and "消失勾配" not in related
