"""Hostile and careless input: what a contributor or an attacker might send in a pull request.

Every refused case is a file of its own in one copy of the fixture tree, built once: the build
reports every problem at once, so each case's problem is asserted (file, line, message) together
with the absence of any other problem in that file. The same tree goes through ``make lint``'s
function, which must report exactly the same problems (lint is the build, minus the site). The
accepted cases (hostile text in front matter, dollars, a formula's bars in a table, the allowed
HTML) are built too, and their output is checked to show the text as text and introduce no element.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from selectolax.lexbor import LexborHTMLParser

from conftest import build_site, make_project
from studynotes.errors import ERROR, WARNING
from studynotes.lint import lint

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c2d1b10000000049454e44ae426082")


# Nine levels of ten aliases each: a billion strings once expanded.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{','.join(['*' + a] * 10)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))


def question(n: int, body: str, front: str = "") -> str:
    return f"---\nnumber: {n}\ntitle: ケース {n}\ntags: [テスト]\n{front}---\n\n{body}\n"


def term(title: str, extra: str = "aliases: []\n") -> str:
    return f"---\ntitle: {title}\n{extra}summary: テスト用の用語。\n---\n\n# {title}\n\n本文。\n"


@dataclass(frozen=True)
class Case:
    """``text`` written to ``path`` (docs-relative); the problem expected on the first line holding
    ``at`` (None: no line), with ``message`` in its English half."""

    id: str
    path: str
    text: str | bytes
    at: str | None
    message: str
    severity: str = ERROR


REFUSED = [
    # -- front matter
    Case("octal-number", "questions/170.md", question(70, "本文。").replace("number: 70", "number: 070"),
         "number: 070", "'number: 070': a leading zero makes YAML read the number as octal (070 is read as 56); "
         "write 'number: 70'"),
    Case("empty-aliases", "glossary/case-empty.md", term("Case Empty", "aliases:\n"), "aliases:",
         "'aliases' is empty (write [] if there are none)"),
    Case("duplicate-key", "questions/101.md", question(101, "本文。", "title: もう一つ\n"), "title: もう一つ",
         "key 'title' is given twice (first on line 3)"),
    Case("control-character-by-yaml-escape", "questions/102.md",
         question(102, "本文。").replace("title: ケース 102", 'title: "ケース\\x07102"'), "title:",
         "'title' must not contain control characters (found U+0007, perhaps from a YAML escape)"),
    Case("unknown-key-template", "questions/103.md", question(103, "本文。", "template: ../../etc/passwd\n"),
         "template:", "unknown front matter key 'template'"),
    Case("one-character-alias", "glossary/case-particle.md", term("Case Particle", "aliases: [の]\n"), "aliases:",
         "name 'の' has only one character"),
    Case("alias-of-another-term", "glossary/case-claim.md", term("Case Claim", "aliases: [消失勾配]\n"), "aliases:",
         "alias '消失勾配' is also claimed by docs/glossary/vanishing-gradient.md:2"),
    Case("invalid-yaml", "questions/104.md", question(104, "本文。").replace("tags: [テスト]", "tags: [テスト"),
         "tags:", "front matter is not valid YAML"),
    Case("number-as-text", "questions/105.md", question(105, "本文。").replace("number: 105", 'number: "105"'),
         "number:", "'number' must be a positive whole number, found '105'"),
    Case("site-page-key", "tags.en.md",
         "---\ntitle: Tags\nhide: [navigation]\n---\n\n# Tags\n\n<!-- material/tags -->\n", "hide:",
         "unknown front matter key 'hide': expected one of ja_version, title"),
    Case("anchor-not-a-heading", "questions/106.md", question(
        106, "## 早期停止とは\n\n説明。", "terms:\n- term: ケース用語\n  reading: けーすようご\n"
        "  summary: テスト。\n  anchor: そうきていしとは\n"), "anchor:",
         "anchor 'そうきていしとは' of term 'ケース用語' is not a heading of this page; its headings are: "
         "問題-106-ケース-106, 早期停止とは"),
    # -- raw HTML
    Case("script", "questions/110.md", question(110, "<script>alert(1)</script>\n\n本文。"), "<script",
         "scripts are not allowed in notes"),
    Case("event-handler", "questions/111.md", question(111, '<img src="../../assets/chart.png" onerror="alert(1)">'),
         "onerror", "event-handler attribute 'onerror' on <img> runs code in readers' browsers"),
    Case("iframe", "questions/112.md", question(112, '<iframe src="https://evil.example/"></iframe>'), "<iframe",
         "<iframe> loads content from elsewhere into the page"),
    Case("backticks-inside-raw-html", "questions/113.md",
         question(113, "<div>`<img src=../../assets/chart.png onerror=alert(1)>`</div>"), "onerror",
         "event-handler attribute 'onerror' on <img>"),
    Case("style-element", "questions/114.md", question(114, "<style>body{display:none}</style>"), "<style",
         "a <style> element would restyle the whole page"),
    Case("object", "questions/115.md", question(115, '<object data="https://evil.example/x.swf"></object>'), "<object",
         "<object> loads content from elsewhere into the page"),
    Case("base", "questions/116.md", question(116, '<base href="https://evil.example/">'), "<base",
         "<base> changes the page itself, not the note"),
    Case("meta-refresh", "questions/117.md", question(117, '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
         "<meta", "<meta> changes the page itself, not the note"),
    Case("form", "questions/118.md", question(118, '<form action="https://evil.example/"><input name="q"></form>'),
         "<form", "forms and controls (<form>) are not allowed in notes"),
    Case("svg", "questions/119.md", question(119, '<svg onload="alert(1)"><circle r="4"/></svg>'), "<svg",
         "inline <svg> is not allowed in notes"),
    Case("attribute-list-handler", "questions/120.md", question(120, '## 見出し {: onclick="alert(1)" }'), "onclick",
         "event-handler attribute 'onclick' on <h2>"),
    Case("stray-closing-tag", "questions/121.md", question(121, "本文。\n\n</div></article>\n\n続き。"), "</div",
         "a closing tag (such as </div>) closes an element the note did not open"),
    Case("unclosed-element", "questions/122.md", question(122, "<div>\n\n本文。"), "<div",
         "<div> is opened but never closed: add </div>"),
    Case("reserved-id", "questions/123.md", question(123, "## 見出し { #__config }"), "__config",
         "id '__config' is reserved for the site's own interface"),
    Case("text-swallowing-element", "questions/124.md", question(124, "<textarea>\n\n本文。"), "<textarea",
         "an unclosed comment (<!--) or element hides the rest of the page"),
    Case("named-anchor", "questions/125.md", question(125, '<a name="here"></a>本文。'), "name=",
         "attribute 'name' is not allowed on <a>"),
    Case("hidden-by-style", "questions/126.md", question(126, '<span style="display:none">隠す</span>'), "style=",
         "the style attribute on <span> is not allowed"),
    # -- links
    Case("javascript-link", "questions/130.md", question(130, "[click](javascript:alert(1))"), "javascript:",
         "'javascript:' URL in href of <a> is not allowed"),
    Case("data-link", "questions/131.md",
         question(131, "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"), "data:",
         "'data:' URL in href of <a> is not allowed"),
    Case("entity-encoded-scheme", "questions/132.md", question(132, '<a href="&#106;avascript:alert(1)">x</a>'),
         "avascript", "'javascript:' URL in href of <a> is not allowed"),
    Case("vbscript-link", "questions/133.md", question(133, "[x](VBScript:msgbox)"), "VBScript",
         "'vbscript:' URL in href of <a> is not allowed"),
    Case("scheme-less-link", "questions/134.md", question(134, "[x](//evil.example/)"), "//evil",
         "link '//evil.example/' leaves out the scheme"),
    Case("broken-link", "questions/135.md", question(135, "前文。\n\n[次の問題](999.md)"), "999.md",
         "link '999.md' leads nowhere: there is no page or file questions/999.md in docs/", WARNING),
    Case("missing-anchor", "questions/136.md", question(136, "[問題 65](065.md#no-such-heading)"), "no-such-heading",
         "link '../065/#no-such-heading': '#no-such-heading' is not a heading or id of questions/065.md", WARNING),
    Case("absolute-link", "questions/137.md", question(137, "[問題 65](/questions/065/)"), "/questions/065/",
         "link '/questions/065/' is absolute", WARNING),
    Case("link-outside-docs", "questions/138.md", question(138, "[readme](../../README.md)"), "README",
         "link '../../README.md' points outside docs/", WARNING),
    # -- resources from other origins (no request to another site when a page is viewed)
    Case("remote-image", "questions/140.md", question(140, '<img src="https://evil.example/t.png" alt="t">'),
         "evil.example", "image 'https://evil.example/t.png' is loaded from another site"),
    Case("remote-markdown-image", "questions/141.md", question(141, "![t](https://evil.example/t.png)"), "evil.example",
         "image 'https://evil.example/t.png' is loaded from another site"),
    Case("protocol-relative-image", "questions/142.md", question(142, "![t](//evil.example/t.png)"), "evil.example",
         "image '//evil.example/t.png' is loaded from another site"),
    Case("stylesheet-link", "questions/143.md", question(143, '<link rel="stylesheet" href="https://evil.example/x.css">'),
         "<link", "<link> changes the page itself, not the note"),
    Case("css-url", "questions/144.md", question(144, '<div style="background:url(https://evil.example/x)">x</div>'),
         "style=", "the style attribute on <div> is not allowed"),
    Case("video", "questions/145.md", question(145, '<video src="https://evil.example/v.mp4"></video>'), "<video",
         "<video> loads content from elsewhere into the page"),
    Case("srcset", "questions/146.md",
         question(146, '<img src="../../assets/chart.png" srcset="https://evil.example/x.png 2x">'), "srcset",
         "attribute 'srcset' is not allowed on <img>"),
    # -- math
    Case("invalid-tex", "questions/150.md", question(150, "前文。\n\n式 \\(\\frac{X}\\) です。"), "frac",
         "invalid TeX: 'frac' is missing an argument in '\\frac{X}'"),
    Case("unbalanced-inline-math", "questions/151.md", question(151, "前文。\n\n式 \\(x + y です。"), "\\(x",
         "math delimiter '\\(' without its '\\)'"),
    Case("display-math-inside-text", "questions/152.md", question(152, "前文 \\[x^2\\] 後文。"), "\\[x",
         "display math \\[ … \\] inside a line of text is not a formula"),
    Case("raw-html-image-from-the-file", "questions/155.md", question(155, '<img src="../assets/chart.png" alt="図">'),
         "chart.png", "image '../assets/chart.png' is written from the page's file, but raw HTML is read from the "
         "page's address (questions/155/)", WARNING),
    Case("escaped-subscript", "questions/153.md", question(153, "\\(X\\_{\\text{min}}\\)"), "\\_",
         "invalid TeX: escaped underscore '\\_'"),
    Case("unknown-tex-command", "questions/154.md", question(154, "\\(\\foo{x}\\)"), "\\foo",
         "invalid TeX: unknown TeX command '\\foo'"),
    # -- tables
    Case("row-with-an-extra-cell", "questions/160.md", question(160, "| a | b |\n| --- | --- |\n| 1 | 2 | 3 |"),
         "| 1 | 2 | 3 |", "table row has 3 cells but the header row has 2 cells", WARNING),
    Case("table-glued-to-text", "questions/161.md", question(161, "例えば:\n| a | b |\n| --- | --- |\n| 1 | 2 |"),
         "| a | b |", "'| a | b |' looks like a table row but is shown as text", WARNING),
    Case("leftover-todo", "questions/162.md", question(162, "TODO: 説明を書く。"), "TODO:",
         "replace the TODO marker: 'TODO: 説明を書く。'", WARNING),
    # -- encodings
    # -- the budget (studynotes.limits): nothing that would stall or crash the build
    Case("yaml-billion-laughs", "questions/190.md",
         question(190, "本文。").replace("tags: [テスト]\n", "tags: [テスト]\n" + BILLION_LAUGHS), "a: &a",
         "YAML an anchor ('&a') in the front matter: anchors and aliases are not allowed"),
    Case("yaml-alias", "glossary/case-alias.md",
         "---\ntitle: Case Alias\naliases: [x]\nsummary: テスト用の用語。\nsource: *s\n---\n\n本文。\n",
         "source: *s", "YAML an alias ('*s') in the front matter"),
    Case("huge-front-matter", "questions/191.md",
         question(191, "本文。", "source: |\n" + ("  " + "あ" * 100 + "\n") * 300), "number: 191",
         "front matter of 90,961 bytes, over the limit of 65,536"),
    Case("brackets-in-one-line", "questions/192.md", question(192, "前文。\n\n" + "[" * 20_000 + "]" * 20_000),
         "[[[", "40,000 square brackets in one paragraph, over the limit of 500"),
    Case("brackets-over-lines", "questions/193.md", question(193, "前文。\n\n" + "[a](b) [c\n" * 200 + "\n後文。"),
         "[a](b) [c", "square brackets in one paragraph, over the limit of 500"),
    Case("list-400-deep", "questions/194.md",
         question(194, "\n".join("    " * i + "- 項目" for i in range(400))), "    " * 16 + "- 項目",
         "lists and block quotes nested 17 levels deep, over the limit of 16"),
    Case("quotes-100-deep", "questions/195.md", question(195, ">" * 100 + " 引用"), ">>>>",
         "lists and block quotes nested 17 levels deep"),
    Case("line-too-long", "questions/196.md", question(196, "あ" * 25_000), "ああああ",
         "line of 25,000 characters, over the limit of 20,000"),
    Case("page-too-big", "questions/197.md", question(197, ("本文の段落。" * 100 + "\n\n") * 300), None,
         "bytes, over the limit of 524,288 bytes for one page"),
    Case("right-to-left-override-in-a-title", "questions/198.md",
         question(198, "本文。").replace("title: ケース 198", "title: ケース\u202e891"), "title:",
         "invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in the text: it shows the text around it "
         "in another order"),
    Case("zero-width-space-in-the-text", "questions/199.md", question(199, "前文。\n\n勾配\u200b消失"), "勾配",
         "invisible character U+200B (ZERO WIDTH SPACE) in the text: it is invisible"),
    Case("bidi-isolate-in-a-term", "glossary/case-isolate.md", term("Case\u2067Isolate"), "title:",
         "invisible character U+2067 (RIGHT-TO-LEFT ISOLATE)"),
    Case("list-markers-on-one-line", "questions/200.md", question(200, "- " * 500 + "項目"), "- - -",
         "lists and block quotes nested 18 levels deep"),
    Case("html-with-markdown-400-deep", "questions/201.md",
         question(201, "".join(f'<div markdown="1" class="d{i}">\n' for i in range(400)) + "本文\n" + "</div>\n" * 400),
         'class="d16"', "nested 17 levels deep"),
    Case("admonitions-400-deep", "questions/202.md",
         question(202, "\n".join("    " * i + "!!! note" for i in range(400)) + "\n" + "    " * 400 + "本文"),
         "    " * 16 + "!!! note", "nested 17 levels deep"),
    Case("unclosed-math-runs", "questions/203.md", question(203, "前文。\n\n" + "\\(" * 5_000), "\\(\\(",
         "5,000 math delimiters in one paragraph, over the limit of 500"),
    Case("unclosed-tags", "questions/204.md", question(204, "前文。\n\n" + "x <b y\n\n" * 5_000), "x <b y",
         "'<' far from its '>', from this line on: Python-Markdown would read 100,015,000 characters"),
    Case("unclosed-link-targets", "questions/206.md", question(206, "[x](" * 200 + "あ" * 19_000), "[x](",
         "'[' far from its ']', from this line on"),
    Case("reference-definitions", "questions/207.md", question(207, "[a]: \n" * 300), "[a]:",
         "101 reference definitions in one paragraph, over the limit of 100"),
    Case("long-heading-attribute-list", "questions/205.md", question(205, "## 見出し " + "{: " * 3_000), "## 見出し",
         "heading of 9,007 characters, over the limit of 500"),
    Case("not-utf8", "questions/170.en.md",
         question(170, "Body.").replace("ケース 170", "Case 170").encode("utf-8")
         + b"Broken: " + "本文".encode("shift_jis"),
         "Broken",
         "not UTF-8 text (byte 0x96 on this line cannot be read as UTF-8)"),
    Case("byte-order-mark", "questions/171.md", b"\xef\xbb\xbf" + question(171, "本文。").encode("utf-8"), "---",
         "the file starts with a byte-order mark (BOM)"),
    Case("binary", "questions/172.md", b"---\nnumber: 172\n\x00\x01\x02binary", "\x00",
         "control character U+0000 in the text: is this a binary file?"),
    Case("control-character-in-text", "questions/173.md", question(173, "本文\x07です。"), "本文",
         "control character U+0007 in the text"),
    # -- file names and places
    Case("two-digit-question", "questions/70.md", question(70, "本文。"), None,
         "a question file is named by its number in three or more digits: rename it to questions/070.md"),
    Case("full-width-digit", "questions/07０.md", question(70, "本文。"), None,
         "a question file is named by its number in three or more ASCII digits"),
    Case("term-name-not-a-slug", "glossary/Case_Term.md", term("Case Term"), None,
         "a glossary page is named by a slug of lowercase ASCII letters"),
    Case("orphan-translation", "questions/180.en.md", question(180, "Body.").replace("ケース 180", "Case 180"), None,
         "translation without its Japanese page: questions/180.md does not exist"),
    Case("unknown-language", "questions/065.fr.md", question(65, "Texte."), None,
         "'fr' is not a language of the site (it is built in ja, en)"),
    Case("not-a-page-of-the-site", "about.md", "# About\n", None, "not a page of this site"),
    Case("html-file", "evil.html", "<script>alert(1)</script>", None,
         "only images (avif, gif, jpeg, jpg, png, webp) under docs/assets/ can be added beside the notes"),
    Case("svg-image", "assets/figure.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', None,
         "only images (avif, gif, jpeg, jpg, png, webp) under docs/assets/"),
    Case("image-that-is-not-one", "assets/fake.png", "<html><script>alert(1)</script></html>", None,
         "the file is named .png but its bytes are not a png image"),
]


def write(docs: Path, path: str, text: str | bytes) -> None:
    target = docs / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")


def expected_line(case: Case) -> int | None:
    if case.at is None:
        return None
    text = case.text.decode("utf-8", "replace") if isinstance(case.text, bytes) else case.text
    return next(i for i, line in enumerate(text.split("\n"), 1) if case.at in line)


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """(problems reported by lint, the build's error text, the build's warnings) for every case at once."""
    docs = make_project(tmp_path_factory.mktemp("hostile") / "project")
    write(docs, "assets/chart.png", PNG)
    for case in REFUSED:
        write(docs, case.path, case.text)
    result = lint(docs.parent / "mkdocs.yml", docs)
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        with pytest.raises(Abort):
            build_site(docs, tmp_path_factory.mktemp("hostile-site"))
    finally:
        logger.removeHandler(handler)
    built = "\n".join(r.getMessage() for r in records if r.levelno >= logging.ERROR)
    return result, built


def test_there_are_at_least_forty_cases():
    assert len(REFUSED) + len(ACCEPTED) >= 40
    assert len({c.id for c in REFUSED}) == len(REFUSED) and len({c.path for c in REFUSED}) == len(REFUSED)


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_each_refused_case_is_reported_once_with_file_line_and_message(refused, case):
    result, built = refused
    shown = f"docs/{case.path}"
    mine = [p for p in result.problems if p.path == shown]
    assert len(mine) == 1, [str(p) for p in mine] or [str(p) for p in result.problems][:10]
    problem = mine[0]
    assert problem.line == expected_line(case), str(problem)
    assert case.message in problem.en, str(problem)
    assert problem.ja and problem.ja != problem.en  # said in Japanese too
    assert problem.severity == case.severity
    assert str(problem) in built  # the build fails with the same line


def test_lint_and_the_build_report_the_same_problems(refused):
    result, built = refused
    assert not result.messages
    listed = [line for line in built.split("\n") if line.startswith("docs/")]
    assert listed == [str(p) for p in result.problems]


def test_no_refused_page_is_written_as_it_is(tmp_path):
    docs = make_project(tmp_path / "project")
    write(docs, "questions/110.md", question(110, "<script>alert(1)</script>\n\n本文。"))
    with pytest.raises(Abort):
        build_site(docs, tmp_path / "site")
    for name in ("questions/110/index.html", "en/questions/110/index.html"):
        page = tmp_path / "site" / name
        if page.exists():
            assert "alert(1)" not in page.read_text(encoding="utf-8")


# -- accepted: hostile text as text, and the HTML and math an author may write -------------------

PAYLOAD = "早期停止<svg onload=alert(1)></svg>\"'&amp;<b data-inj>"


@dataclass(frozen=True)
class Accepted:
    id: str
    path: str
    text: str
    check: str  # the name of a check below


# A subdivision flag: 🏴, tag letters, a cancel tag (format characters a reader's font joins).
SCOTLAND = "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in "gbsct") + "\U000e007f"


ACCEPTED = [
    Accepted("title-with-markup-by-yaml-escape", "questions/101.md",
             '---\nnumber: 101\ntitle: "早期停止\\x3csvg onload=alert(1)\\x3e\\x3c/svg\\x3e"\n'
             'tags: [テスト]\n---\n\n本文。\n',
             "title_svg"),
    Accepted("tag-with-script-by-yaml-escape", "questions/102.md",
             '---\nnumber: 102\ntitle: タグ\n'
             'tags: ["過学習\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"]\n---\n\n本文。\n',
             "tag_script"),
    Accepted("source-with-an-image", "questions/103.md",
             '---\nnumber: 103\ntitle: 出典\ntags: [テスト]\nsource: "<img src=x onerror=alert(1)>"\n---\n\n本文。\n',
             "source_img"),
    Accepted("term-with-markup-everywhere", "glossary/case-markup.md",
             f'---\ntitle: "{PAYLOAD.replace(chr(34), chr(92) + chr(34))}"\naliases: ["**強調** [リンク](x.md)"]\n'
             f'summary: "<img src=x onerror=alert(2)>を説明する。"\nreading: そうきていし\n---\n\n# 見出し\n\n本文。\n',
             "term_markup"),
    Accepted("dollars-are-text", "questions/104.md", question(104, "料金は$5から$10です。"), "dollars"),
    Accepted("bars-of-a-formula-in-a-table", "questions/105.md",
             question(105, "| 式 | 意味 |\n| --- | --- |\n| \\(|x|\\) | 絶対値 |"), "absolute_value"),
    Accepted("allowed-html", "questions/106.md", question(
        106, "水は H<sub>2</sub>O、面積は x<sup>2</sup>。<kbd>Ctrl</kbd>+<kbd>C</kbd><br>"
        "<ruby>勾配<rt>こうばい</rt></ruby>\n\n<details>\n<summary>答え</summary>\n\nA です。\n\n</details>\n\n"
        '<div class="note">注</div> <span class="x">語</span> [AWS](https://aws.amazon.com/) '
        '[mail](mailto:a@example.com)'),
             "allowed_html"),
    Accepted("unclosed-comment-is-text", "questions/107.md", question(107, "<!-- 書きかけ\n\n続きの本文。"),
             "comment_text"),
    Accepted("emoji-sequences", "questions/108.md",
             question(108, "開発者 \U0001f468\u200d\U0001f4bb と旗 " + SCOTLAND + "。"), "emoji"),
    Accepted("invisible-characters-in-code", "questions/109.md",
             question(109, "```text\nabc\u202edef\n```\n\nコード `x\u200by` です。"), "invisible_in_code"),
    Accepted("brackets-within-the-budget", "questions/190.md",
             question(190, "配列 " + "[" * 240 + "1" + "]" * 240 + " です。"), "brackets"),
]


@pytest.fixture(scope="module")
def accepted(tmp_path_factory):
    docs = make_project(tmp_path_factory.mktemp("accepted") / "project")
    for case in ACCEPTED:
        write(docs, case.path, case.text)
    return build_site(docs, tmp_path_factory.mktemp("accepted-site"))  # strict: it must build


def injected(site: Path) -> list[str]:
    """Elements and attributes no page of the site should have: what a payload would introduce."""
    found = []
    for page in site.rglob("*.html"):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for node in tree.root.traverse():
            attributes = node.attributes or {}
            names = [n for n in attributes if n.startswith("on") or n == "data-inj"]
            if names or (node.tag == "script" and "alert" in (node.text() or "")) or (node.tag in ("svg",) and \
                    "alert" in (node.html or "")):
                found.append(f"{page.relative_to(site)}: <{node.tag} {' '.join(names)}>")
    return found


def test_no_page_gets_an_element_or_attribute_from_the_accepted_cases(accepted):
    assert injected(accepted) == []


def _text(page_html: str, selector: str) -> list[str]:
    return [n.text(deep=True) for n in LexborHTMLParser(page_html).css(selector)]


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.id)
def test_each_accepted_case_shows_its_text(accepted, case):
    globals()[f"check_{case.check}"](accepted)


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def check_title_svg(site):
    title = "早期停止<svg onload=alert(1)></svg>"
    for path in ("questions/101", "en/questions/101"):
        page = read(site, path)
        assert title in _text(page, "article h1")[0]
        assert _text(page, "title")[0].startswith(f"101. {title} - ")
        assert f"101. {title}" in _text(page, ".md-nav__link--active")
    assert any(f"101. {title}" in t for t in _text(read(site, "questions"), "article li"))


def check_tag_script(site):
    tag = "過学習<script>alert(1)</script>"
    assert tag in _text(read(site, "questions/102"), ".md-tag")
    assert any(tag in t for t in _text(read(site, "tags"), "article h2"))


def check_source_img(site):
    assert "出典ノート：<img src=x onerror=alert(1)>" in _text(read(site, "questions/103"), "p.note-source")


def check_term_markup(site):
    page = read(site, "glossary/case-markup")
    assert _text(page, "title")[0].startswith(PAYLOAD)
    description = LexborHTMLParser(page).css_first('meta[name="description"]').attributes["content"]
    assert description == "<img src=x onerror=alert(2)>を説明する。"
    og = LexborHTMLParser(page).css_first('meta[property="og:title"]').attributes["content"]
    assert og == PAYLOAD
    index = read(site, "glossary")
    assert any(t.startswith(PAYLOAD) for t in _text(index, "article li"))


def check_emoji(site):
    assert f"開発者 \U0001f468\u200d\U0001f4bb と旗 {SCOTLAND}。" in _text(read(site, "questions/108"), "article p")


def check_invisible_in_code(site):
    page = read(site, "questions/109")
    assert "abc\u202edef" in " ".join(_text(page, "article pre")) and "x\u200by" in _text(page, "article p code")


def check_brackets(site):
    assert "[" * 240 + "1" + "]" * 240 in " ".join(_text(read(site, "questions/190"), "article p"))


def check_dollars(site):
    page = read(site, "questions/104")
    assert "料金は$5から$10です。" in _text(page, "article p") and "<math" not in page


def check_absolute_value(site):
    page = read(site, "questions/105")
    cells = LexborHTMLParser(page).css("article table tbody td")
    assert len(cells) == 2 and cells[0].css_first("math") is not None
    assert cells[0].css_first("annotation").text() == "|x|"
    assert [n.text() for n in cells[0].css("mo")] == ["|", "|"]


def check_allowed_html(site):
    page = read(site, "questions/106")
    tree = LexborHTMLParser(page)
    article = tree.css_first("article")
    for selector in ("sub", "sup", "kbd", "br", "ruby rt", "details summary", "div.note", "span.x"):
        assert article.css_first(selector) is not None, selector
    assert article.css_first('a[href="https://aws.amazon.com/"]') is not None
    assert "A です。" in article.text()


def check_comment_text(site):
    text = LexborHTMLParser(read(site, "questions/107")).css_first("article").text()
    assert "<!-- 書きかけ" in text and "続きの本文。" in text



# -- symbolic links and the time guard: cases a text file cannot be --------------------------------

@pytest.mark.parametrize("kind", ["folder-outside", "folder-inside", "file"])
def test_a_symbolic_link_under_docs_fails_the_build_with_its_path_before_mkdocs_walks_it(tmp_path, kind):
    docs = make_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\nnumber: 99\ntitle: t\ntags: [a]\n---\n\n秘密。\n", encoding="utf-8")
    link, target = {"folder-outside": (docs / "questions" / "more", outside),
                    "folder-inside": (docs / "questions" / "again", docs / "glossary"),
                    "file": (docs / "questions" / "099.md", outside / "secret.md")}[kind]
    link.symlink_to(target)
    result = lint(docs.parent / "mkdocs.yml", docs)
    shown = f"docs/questions/{link.name}"
    assert [(p.path, p.line) for p in result.problems] == [(shown, None)], [str(p) for p in result.problems]
    assert "a symbolic link" in result.problems[0].en and "シンボリックリンク" in result.problems[0].ja
    assert not result.messages  # no traceback, no MkDocs error of its own
    with pytest.raises(Abort):
        build_site(docs, tmp_path / "site")


def test_the_importer_refuses_a_symbolic_link_and_docs_holding_one(tmp_path, capsys):
    from studynotes.__main__ import main
    raw = tmp_path / "real.md"
    raw.write_text("# T\n\n## 70.\n\n本文。\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(raw)
    assert main(["import", str(tmp_path / "link.md"), "--docs", str(tmp_path / "docs")]) == 1
    assert "link.md: a symbolic link" in capsys.readouterr().err and not (tmp_path / "docs").exists()
    (tmp_path / "docs" / "questions").mkdir(parents=True)
    (tmp_path / "docs" / "questions" / "more").symlink_to(tmp_path)
    assert main(["import", str(raw), "--docs", str(tmp_path / "docs")]) == 1
    assert "questions/more: a symbolic link (folder" in capsys.readouterr().err


def test_a_page_past_the_time_limit_stops_the_build_naming_it(tmp_path, monkeypatch):
    """The guard's limit made tiny (a real page within the budget is never that slow): the build
    stops at the first page, named, with no traceback."""
    docs = make_project(tmp_path / "project")
    monkeypatch.setenv("STUDYNOTES_PAGE_SECONDS", "0.000001")
    result = lint(docs.parent / "mkdocs.yml", docs)
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    problem = result.problems[0]
    assert result.messages in (
        [], [f"ERROR: Error reading page '{problem.path.removeprefix('docs/')}':"])  # MkDocs' own
    assert problem.path.startswith("docs/") and problem.path.endswith(".md")
    assert ("of this page took longer than 1e-06 s, and the build was stopped" in problem.en
            and "秒を超えた" in problem.ja)
