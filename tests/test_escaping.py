"""Every string from front matter is text wherever the site writes it (a property, with hypothesis).

Arbitrary strings (quotes, ``<``, ``&``, entities, Markdown, template syntax, YAML escapes) go into
each field a contributor writes: a question's title, tags and source, a glossary term's title,
aliases and summary, a term explained in a question. The built site (both languages) must show
each string as it is, in the heading, ``<title>``, navigation, tag chips and tags index, the
description and OpenGraph tags, the glossary link's card, the indexes and the search files, and
contain no element or attribute the strings introduced.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from selectolax.lexbor import LexborHTMLParser

from conftest import FIXTURE_DOCS, ROOT, add_site_assets, build_site, make_project
from studynotes import mdtext
from util import term_cards

FRAGMENTS = [
    "<b data-inj>", "</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
    "</title><i data-inj>", "'", '"', "&", "&amp;", "&lt;", "&#x3C;i data-inj&#x3E;", "\\", "\\(x\\)", "$5",
    "*強調*", "__下線__", "`code`", "[link](https://example.com/)", "<!--", "-->", "{{ config }}", "{% raw %}",
    "{: #x }", "|", "#", "]]>", "<![CDATA[", "早期停止", "Min-Max", "　", " ",
]
# Not Cf (soft hyphens, bidi controls, …): the build refuses them outside code (studynotes.limits,
# tested in test_hostile.py), so a note that holds them is not a valid note to escape.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp")), max_size=6)
PIECE = st.one_of(st.sampled_from(FRAGMENTS), TEXT)


def shown(text: str) -> str:
    """A string as a reader sees it: white space collapsed (HTML does), ends trimmed (the schema does)."""
    return " ".join(text.split())


@st.composite
def field_text(draw, prefix: str) -> str:
    """A one-line string that starts with ``prefix`` (so that names stay distinct and long enough)."""
    return prefix + "".join(draw(st.lists(PIECE, min_size=1, max_size=6)))


@st.composite
def yaml_string(draw, text: str) -> str:
    """``text`` as a double-quoted YAML scalar, some characters written as YAML escapes."""
    out = []
    for ch in text:
        if ch in '"\\' or draw(st.integers(0, 3)) == 0:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def minimal_project(target: Path) -> Path:
    """The site's own pages (home, indexes, tags) and nothing else."""
    docs = make_project(target, docs=None, known_gaps="")
    for name in ("index.md", "index.en.md", "tags.md", "tags.en.md", "questions/index.md", "questions/index.en.md",
                 "glossary/index.md", "glossary/index.en.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        text = (FIXTURE_DOCS / name).read_text(encoding="utf-8")
        if name in ("index.md", "index.en.md"):  # its links point at the fixture's questions
            text = text.split("## ")[0]
        (docs / name).write_text(text, encoding="utf-8")
    add_site_assets(docs)
    return docs


def texts(page_html: str, selector: str) -> list[str]:
    return [shown(n.text(deep=True)) for n in LexborHTMLParser(page_html).css(selector)]


def attribute(page_html: str, selector: str, name: str) -> str | None:
    node = LexborHTMLParser(page_html).css_first(selector)
    return node.attributes.get(name) if node is not None else None


def introduced(site: Path) -> list[str]:
    found = []
    for page in site.rglob("*.html"):
        for node in LexborHTMLParser(page.read_text(encoding="utf-8")).root.traverse():
            names = [n for n in (node.attributes or {}) if n.startswith("on") or n == "data-inj"]
            if names or (node.tag == "script" and "alert" in (node.text() or "")):
                found.append(f"{page.relative_to(site)}: <{node.tag} {' '.join(names)}>")
    return found


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_front_matter_strings_are_text_everywhere(data):
    title = data.draw(field_text("問題"))
    tag = data.draw(field_text("タグ"))
    source = data.draw(field_text("出典"))
    term = data.draw(field_text("用語"))
    # The name the question mentions (and links) is plain: Markdown syntax in running text is Markdown.
    alias = "別名" + data.draw(st.text(st.sampled_from("abcXYZ019あいうアイウ漢字"), min_size=1, max_size=8))
    summary = data.draw(field_text("要約")) + "。"
    inner = data.draw(field_text("解説"))
    inner_summary = data.draw(field_text("説明")) + "。"

    def y(text: str) -> str:
        return data.draw(yaml_string(text))
    work = Path(tempfile.mkdtemp(prefix="escaping-"))
    try:
        docs = minimal_project(work / "project")
        (docs / "questions" / "101.md").write_text(
            f"---\nnumber: 101\ntitle: {y(title)}\ntags: [{y(tag)}]\nsource: {y(source)}\nterms:\n"
            f"- term: {y(inner)}\n  reading: かいせつ\n  summary: {y(inner_summary)}\n  anchor: 説明\n---\n\n"
            f"本文で「{alias}」に触れる。\n\n## 説明\n\n本文。\n", encoding="utf-8")
        (docs / "glossary" / "prop-term.md").write_text(
            f"---\ntitle: {y(term)}\naliases: [{y(alias)}]\nreading: ようご\nsummary: {y(summary)}\n---\n\n"
            "# 用語のページ\n\n本文。\n", encoding="utf-8")
        site = build_site(docs, work / "site")
        assert introduced(site) == []
        for prefix in ("", "en/"):
            question = (site / prefix / "questions/101/index.html").read_text(encoding="utf-8")
            nav_title = shown(f"101. {title}")
            assert texts(question, "article h1")[0].removesuffix("¶").endswith(shown(title))
            assert texts(question, "title")[0].startswith(nav_title + " - ")
            assert nav_title in texts(question, ".md-nav__link--active")
            assert shown(tag) in texts(question, ".md-tag")
            assert shown(attribute(question, 'meta[property="og:title"]', "content")) == nav_title
            link = LexborHTMLParser(question).css_first("a.glossary-link")
            assert link is not None and link.text() == alias
            assert "title" not in link.attributes  # the card shows the summary (no tooltip besides)
            assert term_cards(question)[link.attributes["data-term"]]["summary"] == summary.strip()
            term_page = (site / prefix / "glossary/prop-term/index.html").read_text(encoding="utf-8")
            assert shown(attribute(term_page, 'meta[name="description"]', "content")) == shown(summary)
            assert texts(term_page, "title")[0].startswith(shown(term) + " - ")
            tags_page = (site / prefix / "tags/index.html").read_text(encoding="utf-8")
            assert any(shown(tag) in t for t in texts(tags_page, "article h2"))
            index = (site / prefix / "questions/index.html").read_text(encoding="utf-8")
            assert any(nav_title in t for t in texts(index, "article li"))
            glossary = (site / prefix / "glossary/index.html").read_text(encoding="utf-8")
            listed = texts(glossary, "article li")
            assert any(t.startswith(shown(term)) and shown(summary) in t for t in listed)
            assert any(t.startswith(shown(inner)) for t in listed)
            note = "Source note: " if prefix else "出典ノート："
            assert f"{note}{shown(source)}" in texts(question, "p.note-source")
        searched = [json.loads(p.read_text(encoding="utf-8")) for p in (site / "search" / "pages").glob("*.json")]
        assert [shown(f"101. {title}")] == [shown(s["sections"][0][1]) for s in searched
                                              if s["sections"][0][0] == "questions/101/"]
        ET.parse(site / "sitemap.xml")  # still well-formed XML
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_escaped_characters_are_those_of_the_sites_markdown():
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    escapable = set(md.ESCAPED_CHARS)
    assert mdtext.ESCAPED | (set(mdtext.ENTITIES) & escapable) | mdtext.LITERAL == escapable
    for text in ["**a** <b>c</b> & [l](u) \\(x\\) $5 `c` #1 {: #i } |", "x #", "<!-- c", "&amp; &lt;"]:
        out = md.reset().convert(mdtext.escape(text))
        assert shown(LexborHTMLParser(out).body.text()) == shown(text)
