"""`make serve` (studynotes.preview): a failed build is shown on the page being previewed, with the
note's file:line, the request does not hang, and fixing the note recovers; the parts on their own."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from studynotes.build.output import NotesBuildError
from studynotes.errors import Problem
from studynotes.preview import PANEL_CLASS, Failure, error_page, failure_of, panel, with_panel
from studynotes.support.previews import PreviewProcess

PANEL = f".{PANEL_CLASS}"
BAD_NUMBER = "docs/questions/066.md:2"


def _problem(**changes) -> Problem:
    fields = dict(path="docs/questions/066.md", line=2, en="'number' must be a positive whole number",
                  ja="'number' は正の整数で指定してください")
    return Problem(**{**fields, **changes})


# -- the parts ----------------------------------------------------------------------------------------

def test_the_problems_are_found_behind_mkdocs_abort():
    problem = _problem()
    try:
        try:
            raise NotesBuildError([problem])
        except NotesBuildError:
            raise Abort("Aborted with a BuildError!")
    except Abort as error:
        assert failure_of(error) == Failure((problem,))


def test_a_failure_of_another_kind_is_told_by_its_innermost_message():
    try:
        try:
            raise ValueError("no such template: 'main.htm'")
        except ValueError as cause:
            raise RuntimeError("build failed") from cause
    except RuntimeError as error:
        assert failure_of(error) == Failure((), "ValueError: no such template: 'main.htm'")


def test_the_panel_says_where_and_what_in_both_languages_and_escapes_every_text():
    text = panel(Failure((_problem(), _problem(path="docs/<b>.md", line=None, en="found <script>x</script>",
                                               ja="値 <img src=x onerror=alert(1)>"))))
    assert "<code>docs/questions/066.md:2</code> &#x27;number&#x27; は正の整数で指定してください" in text
    assert '<span lang="en">&#x27;number&#x27; must be a positive whole number</span>' in text
    assert "<code>docs/&lt;b&gt;.md</code>" in text  # no line known: the file alone
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text
    assert "<script>" not in panel(Failure((), "Error: <script>"))


def test_the_panel_comes_first_in_the_page_and_alone_where_there_is_no_page():
    page = b'<html><head><title>t</title></head><body class="md" dir="ltr"><p>last good</p></body></html>'
    shown = with_panel(page, Failure((_problem(),)))
    assert re.search(rb'<body class="md" dir="ltr"><section class="preview-error" role="alert"', shown)
    assert shown.endswith(b"<p>last good</p></body></html>")
    alone = error_page(Failure((_problem(),))).decode()
    assert alone.startswith("<!doctype html>") and 'lang="ja"' in alone and BAD_NUMBER in alone


# -- the preview, served ------------------------------------------------------------------------------

def _preview(project: Path) -> PreviewProcess:
    return PreviewProcess(project, project / "preview.log")


@pytest.fixture
def preview(docs_copy):
    served = _preview(docs_copy.parent)
    yield served
    served.stop()


@pytest.mark.browser
def test_a_broken_note_shows_on_the_page_being_previewed_and_fixing_it_recovers(preview, docs_copy, page):
    note = docs_copy / "questions" / "066.md"
    good = note.read_text(encoding="utf-8")
    preview.wait_until_serving()
    page.goto(f"{preview.url}/questions/066/")
    assert page.locator(PANEL).count() == 0
    title = page.locator("article h1").inner_text()

    note.write_text(good.replace("number: 66", "number: sixty-six", 1), encoding="utf-8")
    shown = page.locator(PANEL)
    shown.wait_for(timeout=60_000)  # the browser reloaded by itself
    assert BAD_NUMBER in shown.inner_text() and "sixty-six" in shown.inner_text()
    assert page.locator("article h1").inner_text() == title  # the last good page, below
    assert re.search(re.escape(BAD_NUMBER) + r": 'number' must be a positive whole number", preview.output())
    status, other = preview.get("/questions/067/")  # answered at once, not held until the notes are fixed
    assert status == 200 and BAD_NUMBER in other
    status, missing = preview.get("/questions/999/")
    assert status == 404 and BAD_NUMBER in missing and "/livereload/" in missing  # reloads when fixed

    old_title = re.search(r"^title: (.+)$", good, re.M)[1]
    note.write_text(good.replace(f"title: {old_title}", "title: 直したあとの題名", 1), encoding="utf-8")
    page.locator(PANEL).wait_for(state="detached", timeout=60_000)
    assert "直したあとの題名" in page.locator("article h1").inner_text()


@pytest.mark.browser
def test_a_preview_whose_first_build_fails_says_why_then_serves_the_site_once_fixed(docs_copy):
    note = docs_copy / "questions" / "066.md"
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("number: 66", "number: sixty-six", 1), encoding="utf-8")
    preview = _preview(docs_copy.parent)
    try:
        preview.wait_until_serving()
        status, text = preview.get("/questions/066/")
        assert status == 404 and BAD_NUMBER in text and "<article" not in text
        note.write_text(good, encoding="utf-8")
        end = time.monotonic() + 60
        while (status := preview.get("/questions/066/")[0]) != 200 and time.monotonic() < end:
            time.sleep(0.3)
        assert status == 200 and BAD_NUMBER not in preview.get("/questions/066/")[1]
    finally:
        preview.stop()
    assert "Shutting down" in preview.output()
