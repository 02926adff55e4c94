"""``make lint``: every check reports the file, the line and what it found; the real notes pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DOCS, ROOT
from studynotes.__main__ import main
from studynotes import lint as lint_module
from studynotes.catalog import read_sources
from studynotes.lint import KNOWN_GAPS_PATH, lint_sources, parse_known_gaps, read_known_gaps

FRONT = "---\nnumber: {n}\ntitle: タイトル {n}\ntags: [AWS Glue]\n---\n\n"  # the body starts on line 7
FRONT_EN = "---\nnumber: {n}\ntitle: Title {n}\ntags: [AWS Glue]\n---\n\n"
TERM = "---\ntitle: 勾配\naliases: [gradient]\nreading: こうばい\nsummary: 誤差を小さくする方向を示す情報。\n---\n\n# 勾配\n"


def question(n: int, body: str = "本文。\n", english: bool = False) -> str:
    return (FRONT_EN if english else FRONT).format(n=n) + body


def lint(sources: dict[str, str], assets=(), gaps=None) -> list[str]:
    """The problems as printed, without a declared gap unless given."""
    return [str(p) for p in lint_sources(sources, assets=assets, known_gaps={} if gaps is None else gaps)]


def only(sources: dict[str, str], **kwargs) -> str:
    found = lint(sources, **kwargs)
    assert len(found) == 1, found
    assert " / " in found[0]  # the Japanese half follows
    return found[0]


def assets_of(docs: Path) -> set[str]:
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"}


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# -- the real notes ------------------------------------------------------------------------------

def test_the_notes_lint_clean():
    assert lint_sources(read_sources(DOCS), assets=assets_of(DOCS)) == []


@pytest.mark.parametrize("check", ["html_problems", "tex_problems", "table_problems", "todo_problems"])
def test_each_page_check_passes_on_the_notes(check):
    pages = [lint_module._Page(path, text) for path, text in read_sources(DOCS).items()]
    assert [p for page in pages for p in getattr(lint_module, check)(page)] == []


def test_each_site_check_passes_on_the_notes():
    sources = read_sources(DOCS)
    pages = {path: lint_module._Page(path, text) for path, text in sources.items()}
    assert lint_module.schema_problems(sources) == []
    assert lint_module.numbering_problems(sources, read_known_gaps()[0]) == []
    assert lint_module.link_problems(pages, set(pages) | assets_of(DOCS)) == []


def test_the_command_passes_on_the_notes_with_a_summary(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["lint", "--docs", "docs"]) == 0
    out = capsys.readouterr().out.strip().split("\n")
    assert len(out) == 1 and out[0].startswith("lint: ") and "no problems" in out[0]


def test_the_command_prints_repository_paths_and_fails(docs_copy, capsys, monkeypatch):
    page = docs_copy / "questions" / "065.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("- \\(X\\)：元のデータ", "- \\(X\\_{0}\\)：元のデータ"), encoding="utf-8")
    monkeypatch.chdir(docs_copy.parent)
    assert main(["lint", "--docs", "docs"]) == 1
    captured = capsys.readouterr()
    line = line_of(text, "- \\(X\\)：元のデータ")
    assert captured.out.startswith(f"docs/questions/065.md:{line}: escaped underscore '\\_' in formula 'X\\_{{0}}'")
    assert len(captured.out.strip().split("\n")) == 1
    assert "1 problem" in captured.err


def test_the_command_names_files_that_are_not_utf8(docs_copy, capsys):
    (docs_copy / "questions" / "070.md").write_bytes(question(70).encode("shift_jis"))
    assert main(["lint", "--docs", str(docs_copy)]) == 1
    assert f"{docs_copy.as_posix()}/questions/070.md:3: not UTF-8 text" in capsys.readouterr().out


def test_the_command_refuses_a_missing_docs_directory(tmp_path, capsys):
    assert main(["lint", "--docs", str(tmp_path / "nowhere")]) == 2
    assert "no such directory" in capsys.readouterr().err


# -- front matter, in both builds ----------------------------------------------------------------

def test_front_matter_problems_of_a_japanese_page():
    assert only({"questions/070.md": question(70).replace("number: 70", "number: seventy")}).startswith(
        "questions/070.md:2: 'number' must be a positive whole number, found 'seventy'")


def test_front_matter_problems_of_an_english_page_name_the_translation():
    sources = {"questions/070.md": question(70),
               "questions/070.en.md": question(70, english=True).replace("tags: [AWS Glue]", "tags: []")}
    assert only(sources).startswith("questions/070.en.md:4: 'tags' must name at least one tag")


def test_an_untranslated_page_is_reported_once_though_both_builds_read_it():
    assert only({"questions/070.md": question(70).replace("title: タイトル 70\n", "")}).startswith(
        "questions/070.md: missing front matter key 'title'")


def test_duplicate_question_numbers():
    found = only({"questions/070.md": question(70), "questions/0070.md": question(70)})
    assert found.startswith("questions/070.md:2: question number 70 is also used by questions/0070.md")


def test_duplicate_aliases_name_both_files_in_each_language():
    other = TERM.replace("title: 勾配", "title: 傾き").replace("reading: こうばい", "reading: かたむき")
    sources = {"glossary/gradient.md": TERM, "glossary/slope.md": other,
               "glossary/gradient.en.md": "---\ntitle: Gradient\naliases: [slope]\nsummary: A direction.\n---\n",
               "glossary/slope.en.md": "---\ntitle: Slope\naliases: []\nsummary: A slant.\n---\n"}
    found = lint(sources)
    assert len(found) == 2, found
    assert found[0].startswith("glossary/slope.en.md:2: alias 'Slope' is also claimed by glossary/gradient.en.md:3")
    assert found[1].startswith("glossary/slope.md:3: alias 'gradient' is also claimed by glossary/gradient.md:3")


# -- question numbering --------------------------------------------------------------------------

def test_an_undeclared_gap_is_reported_on_the_question_after_it():
    sources = {f"questions/{n:03d}.md": question(n) for n in (61, 62, 65)}
    found = only(sources)
    assert found.startswith("questions/065.md:2: questions 63–64 are missing: the numbers jump from 62 to 65")
    assert KNOWN_GAPS_PATH in found


def test_a_declared_gap_is_accepted():
    sources = {f"questions/{n:03d}.md": question(n) for n in (61, 62, 64)}
    assert lint(sources, gaps={63: "not in the raw notes"}) == []


def test_a_declared_gap_splits_the_undeclared_ones_around_it():
    sources = {f"questions/{n:03d}.md": question(n) for n in (61, 65)}
    found = lint(sources, gaps={63: "not in the raw notes"})
    assert [f.split(" missing")[0] for f in found] == ["questions/065.md:2: question 62 is",
                                                       "questions/065.md:2: question 64 is"]


def test_a_mistyped_huge_number_is_one_gap():
    found = only({"questions/061.md": question(61), "questions/6100000000.md": question(6100000000)})
    assert found.startswith("questions/6100000000.md:2: questions 62–6099999999 are missing")


def test_a_declared_gap_that_is_filled_or_out_of_range_is_reported():
    sources = {f"questions/{n:03d}.md": question(n) for n in (61, 62, 63)}
    gaps, problems = parse_known_gaps("# comment\n63: not in the raw notes\n90: typo\n")
    assert problems == []
    found = lint(sources, gaps=gaps)
    assert found[0].startswith(f"{KNOWN_GAPS_PATH}:2: question 63 is declared absent (not in the raw notes) "
                               "but questions/063.md exists")
    assert found[1].startswith(f"{KNOWN_GAPS_PATH}:3: question 90 is declared absent but is not a gap: "
                               "the questions run from 61 to 63")


def test_known_gaps_file_lines_must_be_number_and_reason():
    _, problems = parse_known_gaps("63: fine\nsixty: no\n64:\n")
    assert [str(p).split(": ", 1)[0] for p in problems] == [f"{KNOWN_GAPS_PATH}:2", f"{KNOWN_GAPS_PATH}:3"]
    assert "'sixty: …' is not a question number with a reason" in str(problems[0])


def test_the_repository_declares_question_63():
    gaps, problems = read_known_gaps()
    assert problems == [] and 63 in gaps.reasons


# -- links ---------------------------------------------------------------------------------------

LINKED = {  # question 71 links to question 70 (neither is translated, unless a test adds it)
    "questions/070.md": question(70, "## 見出し\n\n本文 {#custom-id}\n\n<div id=\"raw-id\"></div>\n"),
    "questions/071.md": question(71),
    "questions/index.md": "---\ntitle: 問題\n---\n",
}


@pytest.mark.parametrize("link", [
    "[a](070.md)", "[a](070.md#見出し)", "[a](070.md#custom-id)", "[a](070.md#raw-id)", "[a](#関連用語)",
    "[a](./070.md#%E8%A6%8B%E5%87%BA%E3%81%97)", "![chart](../assets/chart.png)", "[a](https://aws.amazon.com/)",
    "[a](mailto:someone@example.com)", "`[a](missing.md)`", "[a][ref]\n\n[ref]: 070.md#見出し",
])
def test_links_that_resolve(link):
    sources = dict(LINKED, **{"questions/071.md": question(71, link + "\n")})
    assert lint(sources, assets={"assets/chart.png"}) == []


@pytest.mark.parametrize("link, found", [
    ("[a](099.md)", "link '099.md' leads nowhere: there is no page or file questions/099.md"),
    ("[a](070.md#nothing)", "link '070.md#nothing': '#nothing' is not a heading or id of questions/070.md"),
    ("[a](#nothing)", "link '#nothing': '#nothing' is not a heading or id of questions/071.md"),
    ("![chart](../assets/missing.png)", "link '../assets/missing.png' leads nowhere"),
    ("[a](../questions)", "link '../questions' leads nowhere: there is no page or file questions in docs/; "
                          "did you mean the page questions/index.md?"),
    ("[a](/questions/070.md)", "link '/questions/070.md' is absolute"),
    ("[a](../../README.md)", "link '../../README.md' points outside docs/"),
    ("[ref]: 098.md", "link '098.md' leads nowhere"),
])
def test_links_that_do_not_resolve(link, found):
    sources = dict(LINKED, **{"questions/071.md": question(71, "本文。\n\n" + link + "\n")})
    message = only(sources, assets={"assets/chart.png"})
    assert message.startswith(f"questions/071.md:9: {found}")


def test_english_pages_link_to_the_translation():
    sources = dict(LINKED, **{"questions/070.en.md": question(70, "## Heading\n\nText.\n", english=True)})
    sources["questions/071.md"] = question(71, "[a](070.md#見出し)\n")
    sources["questions/071.en.md"] = question(71, "[a](070.md#heading)\n\n[b](070.md#見出し)\n", english=True)
    assert only(sources).startswith("questions/071.en.md:9: link '070.md#見出し': '#見出し' is not a heading or id of "
                                    "questions/070.en.md; its ids are: heading")


def test_japanese_pages_do_not_link_to_translations():
    sources = dict(LINKED, **{"questions/070.en.md": question(70, "## Heading\n", english=True)})
    sources["questions/071.md"] = question(71, "[a](070.en.md)\n")
    sources["questions/071.en.md"] = question(71, "[a](070.en.md#heading)\n", english=True)  # the English site has it
    assert only(sources).startswith("questions/071.md:7: link '070.en.md' leads to a translation, which the Japanese "
                                    "site does not have: link to '070.md'")


def test_an_untranslated_page_shown_in_english_links_to_the_translation():
    sources = dict(LINKED, **{"questions/070.en.md": question(70, "## Heading\n\nText.\n", english=True)})
    sources["questions/071.md"] = question(71, "[a](070.md#見出し)\n")  # no 071.en.md: shown as it is in English
    found = only(sources)
    assert found.startswith("questions/071.md:7: link '070.md#見出し': '#見出し' is not a heading or id of "
                            "questions/070.en.md (this page has no English translation")


def test_a_broken_link_in_the_real_notes(docs_copy):
    page = docs_copy / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("(questions/065.md)", "(questions/065.md#nothing)"),
                    encoding="utf-8")
    found = lint_sources(read_sources(docs_copy), assets=assets_of(docs_copy))
    assert [f"{p.path}:{p.line}" for p in found] == ["index.md:24"]
    assert "'#nothing' is not a heading or id of questions/065.md" in found[0].en


# -- TeX -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, found", [
    ("式 \\(X\\_{\\text{min}}\\)。\n", 7, "escaped underscore '\\_' in formula 'X\\_{\\text{min}}'"),
    ("\\[\nX' = X\\_{min}\n\\]\n", 8, "escaped underscore '\\_' in formula"),
    ("一行目\n式 \\(X_{min} のまま。\n", 8, "formula opened with '\\(' is not closed: expected '\\)' before the end of the file"),
    ("\\[\nX\n", 7, "formula opened with '\\[' is not closed: expected '\\]'"),
    ("閉じるだけ \\) です。\n", 7, "'\\)' closes no formula"),
    ("\\(\\frac{a}{b\\)\n", 7, "unbalanced braces in formula '\\frac{a}{b': this '{' is never closed"),
    ("\\(a}\\)\n", 7, "unbalanced braces in formula 'a}': this '}' closes no '{'"),
    ("\\(\\nosuchcommand{x}\\)\n", 7, "invalid TeX: unknown TeX command '\\nosuchcommand'"),
])
def test_tex_problems(body, line, found):
    message = only({"questions/070.md": question(70, body)})
    assert message.startswith(f"questions/070.md:{line}: {found}")


def test_a_formula_does_not_run_over_a_blank_line():
    found = lint({"questions/070.md": question(70, "\\(X\n\n続き\\)\n")})
    assert found[0].startswith("questions/070.md:7: formula opened with '\\(' is not closed: expected '\\)' before a blank line")
    assert found[1].startswith("questions/070.md:9: '\\)' closes no formula")
    assert len(found) == 2


def test_tex_in_code_is_not_checked():
    body = "`\\(X\\_{a}` と\n\n```\n\\[ a{ \\_\n```\n\n\\\\(エスケープ\n"
    assert lint({"questions/070.md": question(70, body)}) == []


# -- raw HTML that could run code ----------------------------------------------------------------

@pytest.mark.parametrize("body, found", [
    ("<script>alert(1)</script>\n", "raw HTML <script> can run code"),
    ("<IFRAME src=\"https://example.com\"></IFRAME>\n", "raw HTML <iframe> can run code"),
    ("<object data=\"x.swf\"></object>\n", "raw HTML <object> can run code"),
    ("<embed src=\"x.swf\">\n", "raw HTML <embed> can run code"),
    ("<img src=\"x.png\" onerror=\"alert(1)\">\n", "event-handler attribute 'onerror' in <img>"),
    ("<svg/onload=alert(1)>\n", "event-handler attribute 'onload' in <svg>"),
    ("<a href=\"javascript:alert(1)\">x</a>\n", "'javascript:' URL in attribute 'href' of <a>"),
    ("<a href=\"java&#x09;script:alert(1)\">x</a>\n", "'javascript:' URL in attribute 'href' of <a>"),
    ("[x](javascript:alert(1))\n", "'javascript:' link target can run code"),
    ("[x](<JavaScript:alert(1)>)\n", "'javascript:' link target can run code"),
    ("## 見出し { onclick=\"alert(1)\" }\n", "event-handler attribute 'onclick' in an attribute list"),
])
def test_html_that_could_run_code(body, found):
    message = only({"questions/070.md": question(70, "本文。\n\n" + body)})
    assert message.startswith(f"questions/070.md:9: {found}")


def test_html_in_the_front_matter_is_checked_too():
    text = question(70).replace("title: タイトル 70", "title: <img src=x onerror=alert(1)>")
    assert only({"questions/070.md": text}).startswith("questions/070.md:3: event-handler attribute 'onerror' in <img>")


def test_html_in_code_and_comments_is_not_checked():
    body = ("`<script>` と `<img onerror=x>`\n\n```html\n<script>alert(1)</script>\n```\n\n"
            "<!-- <iframe> -->\n\n赤(0) < 青(1) と <span class=\"note\">注</span>\n")
    assert lint({"questions/070.md": question(70, body)}) == []


# -- tables --------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, found", [
    ("説明の文\n| a | b |\n| --- | --- |\n| 1 | 2 |\n", 8,
     "table starts right after a line of text ('説明の文'), so it is shown as text: add a blank line"),
    ("| a | b |\n| 1 | 2 |\n", 7, "table header row is followed by '| 1 | 2 |', not by a delimiter row"),
    ("| a | b |\n| --- |\n| 1 | 2 |\n", 8, "delimiter row has 1 cell but the header row has 2 cells"),
    ("| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n", 9, "table row has 3 cells but the header row has 2 cells"),
    ("| a | b |\n| --- | --- |\n| \\(|x|\\) | 2 |\n", 9, "table row has 4 cells but the header row has 2 cells"),
    ("| a | b |\n| --- | --- |\n| 1 | 2 |\n続きの文\n", 10, "line '続きの文' right after the table becomes one of its rows"),
    ("- 項目\n\n    | a | b |\n    | --- | --- |\n    | 1 | 2 |\n- 次の項目\n", 12,
     "line '- 次の項目' right after the table becomes one of its rows"),
])
def test_tables_that_will_not_render(body, line, found):
    message = only({"questions/070.md": question(70, body)})
    assert message.startswith(f"questions/070.md:{line}: {found}")


def test_tables_that_render():
    body = ("| a | b |\n| :-- | --: |\n| `x|y` | \\| |\n\n## 見出し\n| a | b |\n| - | - |\n| 1 | 2 |\n\n"
            "- 項目\n\n    | a |\n    | --- |\n    | 1 |\n\n```\n文\n| a | b |\n```\n")
    assert lint({"questions/070.md": question(70, body)}) == []


# -- TODO markers --------------------------------------------------------------------------------

def test_todo_markers_in_front_matter_and_body():
    text = question(70, "TODO: 説明を書く。\n\n`TODO` はコードなので対象外。\n").replace("タイトル 70", '"TODO: タイトル"')
    found = lint({"questions/070.md": text})
    assert [f.split(": replace")[0] for f in found] == ["questions/070.md:3", "questions/070.md:7"]
    assert "replace the TODO marker: 'title: \"TODO: タイトル\"'" in found[0]
    assert "TODO の印を置き換えてください" in found[0]


def test_words_containing_todo_are_not_markers():
    assert lint({"questions/070.md": question(70, "TODOS と todo と MASTODON は印ではない。\n")}) == []


def test_javascript_in_text_or_inside_a_url_is_not_a_javascript_url():
    body = "javascript: の説明。[x](https://example.com/javascript:x) <a title=\"x\" href=\"../index.md\">x</a>\n"
    assert lint({"questions/070.md": question(70, body), "index.md": "# Home\n"}) == []
