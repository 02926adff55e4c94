"""The one reading of Markdown structure (studynotes.mdscan): front matter, fences, headings, tables,
exactly; the cases where the module's predecessors disagreed with each other or with the site; and
the same answers as the site's own renderer (mkdocs.yml's extensions) on documents made to trip it."""

from __future__ import annotations

import re

import markdown
import pytest
from mkdocs.config import load_config

from conftest import ROOT
from studynotes import mdscan
from studynotes.mdscan import Fence, FrontMatterBlock, Heading, Line


@pytest.fixture(scope="module")
def render():
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return lambda text: md.reset().convert(text)


# -- front matter ------------------------------------------------------------------------------

def test_front_matter_gives_the_yaml_and_where_the_body_starts():
    text = "---\ntitle: A\n---\n\nBody\n"
    assert mdscan.front_matter(text) == FrontMatterBlock("title: A\n", 4, 17, 4)
    block = mdscan.front_matter(text)
    assert text[block.yaml_start:block.yaml_end] == "title: A\n" and text[block.body_start:] == "\nBody\n"


@pytest.mark.parametrize("text, yaml, body", [
    ("---  \ntitle: A\n---\nB", "title: A\n", "B"),     # spaces after the opening line
    ("---\ntitle: A\n...\nB", "title: A\n", "B"),       # YAML's end-of-document line
    ("---\ntitle: A\n--- \t\nB", "title: A\n", "B"),
    ("---\ntitle: A\n---", "title: A\n", ""),           # no newline after the closing line
    ("---\n---\nB", "", "B"),                           # an empty block
])
def test_front_matter_blocks(text, yaml, body):
    block = mdscan.front_matter(text)
    assert (block.yaml, text[block.body_start:]) == (yaml, body)


@pytest.mark.parametrize("text", ["title: A\n", "---\ntitle: A\n", "----\ntitle: A\n----\n", "\n---\ntitle: A\n---\n",
                                  "---\ntitle: A\n----\n"])
def test_no_front_matter(text):
    assert mdscan.front_matter(text) is None


def test_the_body_starts_after_the_closing_line():
    block = mdscan.front_matter("---\ntitle: A\n---\nB")
    assert (block.yaml, block.body_start, block.body_line) == ("title: A\n", 17, 4)


# -- fences ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("```\ncode\n```", [Fence(1, 3, "```")]),
    ("x\n~~~\ncode\n~~~\ny", [Fence(2, 4, "~~~")]),
    ("````\n```\n````", [Fence(1, 3, "````")]),           # a shorter fence inside is code
    ("```\ncode\n````\n```", [Fence(1, 4, "```")]),       # only the very same fence closes it
    ("```\ncode\n~~~\n```", [Fence(1, 4, "```")]),
    ("```\ncode\n```   ", [Fence(1, 3, "```")]),          # spaces after the closing fence
    ("```python\nx\n```", [Fence(1, 3, "```")]),
    ('```python title="a.py"\nx\n```', [Fence(1, 3, "```")]),
    ('``` {.python #id}\nx\n```', [Fence(1, 3, "```")]),
    ('```py hl_lines="1 2"\nx\n```', [Fence(1, 3, "```")]),
    ("```python foo\nx\n```", []),                       # a header superfences does not take
    ("```py linenums\nx\n```", []),                      # linenums needs its number
    ("```\ncode", []),                                   # never closed: no fence at all
    ("  ```\n  code\n  ```", [Fence(1, 3, "```")]),       # indented (in a list item, say)
    ("  ```\n  code\n```", []),                          # a closing fence less indented gives it up
    ("  ```\ncode\n  ```", []),                          # so does a line of code less indented
    ("  ```\n\n  x\n    ```\n  ```", [Fence(1, 5, "```")]),  # a blank line is code; more indented: code
    ("- x\n\n\t```\n\tcode\n    ```", [Fence(3, 5, "```")]),  # a tab is four columns
    ("> ```\n> code\n> ```", [Fence(1, 3, "```")]),       # in a block quote
    ("> ```\ncode\n```\nx\n```", [Fence(3, 5, "```")]),   # the quote's fence given up at "code"
    ("```\none\n```\n\n```\ntwo\n```", [Fence(1, 3, "```"), Fence(5, 7, "```")]),
])
def test_fences_as_superfences_reads_them(text, found):
    assert list(mdscan.fences(text)) == found


def test_a_fence_given_up_hides_no_fence_it_contains():
    # superfences reads the lines of a fence until it gives it up, and does not look for fences there.
    assert mdscan.fences("  ```\n```\ncode\n```\n```") == (Fence(4, 5, "```"),)


def test_lines_say_which_are_code():
    assert mdscan.lines("a\n```\nb\n```\nc", 10) == [
        Line(10, "a", False), Line(11, "```", True), Line(12, "b", True), Line(13, "```", True), Line(14, "c", False)]
    assert mdscan.fenced_lines("a\n~~~\nb\n~~~") == {2, 3, 4}


def test_the_old_scanners_fence_toggle_is_gone():
    # ``` followed by a longer fence: the old scanners (a toggle on any line starting with ``` or ~~~)
    # took the second line for the end of the code and "# B" for a heading.
    text = "```\n````\n# A\n```\n# B"
    assert mdscan.fences(text) == (Fence(1, 4, "```"),)
    assert [h.text for h in mdscan.headings(text)] == ["B"]


# -- headings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, level, text", [
    ("# Title", 1, "Title"),
    ("#Title", 1, "Title"),                   # no space needed (Python-Markdown)
    ("### 🔹 まとめ", 3, "🔹 まとめ"),
    ("## C#", 2, "C"),                         # closing hashes go, the one of "C#" too
    ("## C# ##", 2, "C#"),
    ("## a #  ", 2, "a #"),                    # not when spaces follow them
    ("## a \\#", 2, "a \\#"),                   # an escaped hash is text
    ("####### x", 6, "# x"),                   # seven: level 6, text "# x"
    ("##", 2, ""),
    ("# ab\tc", 1, "ab    c"),                 # tabs are expanded first
])
def test_heading_lines(line, level, text):
    assert [(h.level, h.text) for h in mdscan.headings(line)] == [(level, text)]


@pytest.mark.parametrize("line", ["# a\\", " # indented", "text # not", "\\# escaped"])
def test_lines_that_are_no_heading(line):
    assert mdscan.headings(line) == ()


def test_headings_have_their_lines_and_places():
    text = "intro\n# A\n```\n# code\n```\n## B"
    assert mdscan.headings(text, 5) == (Heading(6, 1, "A", 6, 9), Heading(10, 2, "B", 25, 29))
    assert [text[h.start:h.end] for h in mdscan.headings(text)] == ["# A", "## B"]


def test_headings_of_a_fence_never_closed_are_headings():
    assert [h.text for h in mdscan.headings("```\n# A\n## B")] == ["A", "B"]


# -- tables ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, starts", [
    ("| a | b |\n|---|---|\n| 1 | 2 |", (1,)),
    ("text\n| a | b |\n|---|---|", (2,)),
    ("| a | b |\n|--|--|", (1,)),              # fewer than three dashes: a table (the old repair: no)
    ("| a | b |\n| - | :-: |", (1,)),
    ("a | b\n--- | ---", (1,)),                # no outer pipes (the old repair: no)
    ("| a |\n| --- |", (1,)),                  # one column, between pipes
    ("| a | b |\n|---|", ()),                  # fewer cells than the header (the old repair: a table)
    ("| a | b |\n| x | y |", ()),
    ("| a | b |\n|---|---|\n| c | d |\n|---|---|", (1,)),   # a row like a delimiter, inside the table
    ("a | b\n--|--\nc | d\n| e | f |\n|---|---|", (1,)),    # also when the rows have no outer pipes
    ("```\n| a | b |\n|---|---|\n```", ()),    # in code
    ("| \\(|x|\\) | b |\n|---|---|", (1,)),     # a formula's bars are no cell boundary
    ("| `a|b` | c |\n|---|---|", (1,)),        # nor are a code span's
    ("| \\(|x|\\) |\n|---|---|", ()),
    ("| a |\n| --- |\n# H", (1,)),             # the heading splits the block; the table stays
    ("| a |\n| --- |\nx", ()),                 # a row without a pipe: no one-column table
    ("| a |\n| --- |\n!!! note\n| b |", (1,)),  # an admonition ends the block first
])
def test_table_starts(text, starts):
    assert mdscan.table_starts(text) == starts


def test_table_starts_count_from_first_line():
    assert mdscan.table_starts("x\n\n| a | b |\n|-|-|", first_line=0) == (2,)


@pytest.mark.parametrize("line, blank", [("", True), ("  \t", True), ("\u3000", False), ("x", False)])
def test_blank_lines_are_spaces_and_tabs(line, blank):
    assert mdscan.is_blank(line) is blank


# -- the same as the site's renderer -----------------------------------------------------------

DOCUMENTS = [
    "# A\n\n```\n# not\n```\n\n## B\n\n````\n```\n# not\n```\n````\n\n#C",
    "  ```\n  x zq1\n```\n# D\n\n~~~\nzq2\n~~~",
    "- item\n\n    ```\n    zq3\n    ```\n\n# E",
    "> ```\n> zq4\n> ```\n\n```python foo\nzq5\n```\n# F",
    "text\n| zq6 | b |\n|--|--|\n\n| zq7 | b |\n|--|--|\n| 1 | 2 |\n\na | zq8\n-|-\n\n| zq9 |\n|-|\n# G",
    "```\nzq10\n```\n| a | zq11 |\n|---|---|\n\n| zq12 | b |\n|---|\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_renderer_agrees(render, text):
    html = render(text)
    lines = text.split("\n")
    fenced = mdscan.fenced_lines(text)
    in_code = {m for block in re.findall(r"<pre.*?</pre>", html, re.S) for m in re.findall(r"zq\d+", block)}
    assert {m for n, line in enumerate(lines, 1) if n in fenced for m in re.findall(r"zq\d+", line)} == in_code
    shown = [re.sub(r"<[^>]+>|¶", "", h) for h in re.findall(r"<h\d[^>]*>(.*?)</h\d>", html)]
    assert [h.text for h in mdscan.headings(text)] == [s.replace("&para;", "") for s in shown]
    headers = {m for cell in re.findall(r"<th[^>]*>(.*?)</th>", html) for m in re.findall(r"zq\d+", cell)}
    starts = mdscan.table_starts(text)
    after_blank = {m for s in starts if s == 1 or not lines[s - 2] for m in re.findall(r"zq\d+", lines[s - 1])}
    assert after_blank == headers
