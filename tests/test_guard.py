"""The guard's pure functions: the allowlist on parsed HTML, URL schemes as browsers read them, the
structure of the content, lines of findings; the file checks of studynotes.sources."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config

from conftest import ROOT
from studynotes import guard, sources


@pytest.fixture(scope="module")
def render():
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return lambda text: md.reset().convert(text)


def found(html: str) -> list[str]:
    return [f.en for f in guard.scan(html).findings]


def test_what_markdown_writes_is_allowed(render):
    text = ("# T\n\n## H { #custom }\n\n*a* **b** `c` [l](x.md \"t\") ![i](../assets/x.png)\n\n"
            "- a\n    1. b\n\n> q\n\n---\n\n| a | b | c |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |\n\n"
            "```python\nx = 1\n```\n\n!!! note \"注\"\n    本文\n\n??? tip\n    答え\n\n\\(x\\) and\n\n\\[\ny\n\\]\n")
    assert found(render(text)) == []


@pytest.mark.parametrize("value, scheme", [
    ("https://a", "https"), ("  JavaScript:x", "javascript"), ("java\tscript:x", "javascript"),
    ("\x01javascript:x", "javascript"), ("data:text/html,x", "data"), ("../x.md", None), ("#a", None),
    ("x:y", "x"), ("1x:y", None), ("//host/x", None),
])
def test_url_schemes_are_read_as_browsers_read_them(value, scheme):
    assert guard.url_scheme(value) == scheme


@pytest.mark.parametrize("html, message", [
    ("<p>x</p></div>", "closes an element the note did not open"),
    ("<div><p>x</p>", "<div> is opened but never closed"),
    ("<table><tr><td>x", "<table> is opened but never closed"),
    ("<p>x<!-- never closed", "hides the rest of the page"),
    ("<xmp>x", "hides the rest of the page"),
])
def test_the_content_closes_what_it_opens_and_nothing_else(html, message):
    assert any(message in f for f in found(html)), found(html)


def test_inside_a_refused_element_nothing_more_is_reported():
    assert found("<form><input><button onclick='x'>b</button></form>") == [
        "forms and controls (<form>) are not allowed in notes: remove it"]


def test_only_markdowns_own_alignment_is_an_allowed_style():
    assert found('<table><tr><th style="text-align: center;">a</th></tr></table>') == []
    assert found('<table><tr><th style="text-align: center; color: red">a</th></tr></table>') != []


def test_todo_markers_outside_code_and_the_generated_heading():
    html = "<h1>問題 1　TODO</h1><p>TODO: a</p><pre><code>TODO</code></pre><p>TODOS and _TODO are words</p>"
    assert [f.en.split("'")[1] for f in guard.scan(html, generated_h1=True).findings] == ["TODO: a"]
    assert guard.scan(html, todos=False).findings == []


def test_repeated_findings_get_successive_lines():
    source = "---\ntitle: t\n---\n\n<script>a</script>\n\n<script>b</script>\n"
    findings = guard.scan("<script>a</script><script>b</script>").findings
    assert [p.line for p in guard.problems("x.md", source, findings, source.index("\n\n"))] == [5, 7]


@pytest.mark.parametrize("path", [
    "index.md", "tags.en.md", "questions/index.md", "questions/065.md", "questions/1065.en.md",
    "glossary/vanishing-gradient.md", "glossary/vanishing-gradient.en.md", "assets/site.css",
])
def test_the_places_of_pages_and_files(path):
    present = [path, "questions/1065.md", "glossary/vanishing-gradient.md", "questions/065.md", "tags.md"]
    assert sources.layout_problems(present, data={}) == []


def test_images_are_checked_by_their_bytes():
    png = b"\x89PNG\r\n\x1a\nrest"
    assert sources.layout_problems(["assets/a.png"], data={"assets/a.png": png}) == []
    assert sources.layout_problems(["assets/a.png"], data={"assets/a.png": b"<svg/>"}) != []
    assert sources.layout_problems(["questions/a.png"], data={"questions/a.png": png}) != []  # not in assets/


def test_decoding_normalises_line_ends_and_refuses_what_is_not_text():
    assert sources.decode("a.md", b"a\r\nb\rc") == ("a\nb\nc", [])
    for data in (b"\xef\xbb\xbfa", b"\xff", b"a\x00b", "a\u0085b".encode("utf-8")[:1] + b"\x80"):
        text, problems = sources.decode("a.md", data)
        assert text is None and problems and problems[0].path == "a.md"
