"""`make serve` (studynotes.preview): a failed build is shown on the page being previewed, with the
note's file:line, the request does not hang, and fixing the note recovers; the parts on their own."""

from __future__ import annotations

import os
import re
import socket
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from conftest import FIXTURE_DOCS, make_project
from studynotes import mdscan
from studynotes.plugin.output import NotesBuildError
from studynotes.preview import PANEL_CLASS, Failure, error_page, failure_of, panel, with_panel
from studynotes.problems import Problem
from studynotes.support.previews import PreviewProcess, build_as_preview
from util import without_marks

PANEL = f".{PANEL_CLASS}"
BAD_NUMBER = "docs/questions/066.md:2"


def _problem(**changes) -> Problem:
    fields = {"path": "docs/questions/066.md", "line": 2, "en": "'number' must be a positive whole number",
              "ja": "'number' は正の整数で指定してください"}
    return Problem(**{**fields, **changes})


# -- the parts ----------------------------------------------------------------------------------------

def test_the_problems_are_found_behind_mkdocs_abort():
    problem = _problem()
    try:
        try:
            raise NotesBuildError([problem])
        except NotesBuildError:
            raise Abort("Aborted with a BuildError!")  # noqa: B904 (as MkDocs raises it: the context is kept)
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


def test_a_change_of_the_sites_code_restarts_the_preview_with_the_new_code(preview, docs_copy):
    preview.wait_until_serving()
    hooks = docs_copy.parent / "hooks" / "notes.py"
    hooks.write_text(hooks.read_text(encoding="utf-8") + "\nprint('STUDYNOTES-NEW-HOOK-CODE', flush=True)\n",
                     encoding="utf-8")
    end = time.monotonic() + 300
    while preview.output().count("Serving on") < 2:
        assert time.monotonic() < end and preview.process.poll() is None, preview.output()[-3000:]
        time.sleep(0.2)
    log = preview.output()
    assert "hooks/notes.py changed: restarting the preview" in log and "STUDYNOTES-NEW-HOOK-CODE" in log, log[-3000:]
    assert preview.get("/questions/066/")[0] == 200


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



def test_a_note_saved_while_the_first_build_runs_is_built_next(preview, docs_copy):
    note = docs_copy / "questions" / "066.md"
    while "Building 'en' documentation" not in preview.output():  # the Japanese pages are written
        assert preview.process.poll() is None, preview.output()
        time.sleep(0.05)
    note.write_text(note.read_text(encoding="utf-8").replace("。", "。最初のビルド中に保存した文。", 1),
                    encoding="utf-8")
    preview.wait_until_serving()
    assert preview.wait_for("/questions/066/", "最初のビルド中に保存した文", timeout=120) >= 0

# -- served as a clean build writes it, after any edits ----------------------------------------------

QUESTIONS = sorted(p.stem for p in (FIXTURE_DOCS / "questions").glob("[0-9]*.md") if "." not in p.stem)
TERMS = sorted(p.stem for p in (FIXTURE_DOCS / "glossary").glob("*.md") if "." not in p.stem and p.stem != "index")
RE_LIVERELOAD = re.compile(rb"<script>\s*var livereload = function.*?</script>", re.S)

EDITS = st.one_of(
    st.tuples(st.just("sentence"), st.sampled_from(QUESTIONS), st.sampled_from(["", ".en"])),
    st.tuples(st.just("term sentence"), st.sampled_from(TERMS), st.sampled_from(["", ".en"])),
    st.tuples(st.just("mention"), st.sampled_from(QUESTIONS), st.sampled_from(["", ".en"])),
    st.tuples(st.just("heading"), st.sampled_from(QUESTIONS), st.just("")),
    st.tuples(st.just("title"), st.sampled_from(QUESTIONS), st.sampled_from(["", ".en"])),
    st.tuples(st.just("summary"), st.sampled_from(TERMS), st.sampled_from(["", ".en"])),
    st.tuples(st.just("alias"), st.sampled_from(TERMS), st.just("")),
    st.tuples(st.just("new question"), st.just(""), st.just("")),
    st.tuples(st.just("delete new question"), st.just(""), st.just("")),
    st.tuples(st.just("break and fix"), st.sampled_from(QUESTIONS), st.just("")),
)


def _sync(docs: Path, source: Path) -> bool:
    """Make ``docs`` the same notes as ``source`` (only the files that differ are written, so the
    preview sees edits, not a new tree); whether anything changed."""
    changed = False
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for path in (p.relative_to(docs) for p in docs.rglob("*.md")):
        if path not in wanted:
            (docs / path).unlink()
            changed = True
    for path in wanted:
        if not (docs / path).is_file() or (docs / path).read_bytes() != (source / path).read_bytes():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_bytes((source / path).read_bytes())
            changed = True
    return changed


def _edit(docs: Path, edit: tuple[str, str, str], n: int) -> list[str]:
    """One edit (the n-th of the example) as the (file, new text or None to delete it) to save in
    turn, each to be built: one file's new text, or a broken text and then the good one."""
    kind, name, suffix = edit
    if kind in ("new question", "delete new question"):
        numbers = sorted(int(p.stem) for p in (docs / "questions").glob("[0-9]*.md") if "." not in p.stem)
        if kind == "new question":
            number = numbers[-1] + 1
            return [(docs / "questions" / f"{number:03d}.md",
                     f"---\nnumber: {number}\ntitle: 追加した問題 {n}\ntags:\n- Amazon SageMaker\n---\n\n"
                     f"- 追加した問題 {n} の本文。消失勾配と過学習に触れる。\n")]
        if numbers[-1] <= int(QUESTIONS[-1]):
            return []
        return [(docs / "questions" / f"{numbers[-1]:03d}.md", None)]
    folder = "glossary" if kind in ("summary", "alias", "term sentence") else "questions"
    path = docs / folder / f"{name}{suffix}.md"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    start = mdscan.front_matter(text).body_start
    body = text[start:]
    if kind in ("sentence", "term sentence"):  # the body alone: updated in place
        body = body.replace("。", f"。追記 {n} の文。", 1) if "。" in body else body + f"\nAdded sentence {n}.\n"
        return [(path, text[:start] + body)]
    if kind == "mention":  # a term the question may not mention yet: backlinks and counts change
        return [(path, text[:start] + body + f"\n追記 {n}: 過学習と消失勾配に注意する。\n")]
    if kind == "heading":  # a new id: links into the page may change
        return [(path, text[:start] + body + f"\n## 追加の節 {n}\n\n節の本文 {n}。\n")]
    if kind == "title":
        return [(path, re.sub(r"^title: ([\"']?)", rf"title: \g<1>改題 {n} ", text, count=1, flags=re.M))]
    if kind == "summary":
        return [(path, re.sub(r"^summary: ([\"']?)", rf"summary: \g<1>要約 {n} ", text, count=1, flags=re.M))]
    if kind == "alias":
        return [(path, re.sub(r"^aliases:\n", f"aliases:\n- 別名テスト{n}\n", text, count=1, flags=re.M))]
    broken = re.sub(r"^number: \d+", "number: broken", text, count=1, flags=re.M)
    return [(path, broken), (path, text)]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """One preview for every example: each starts from the fixture's notes, saved over the last one's."""
    docs = make_project(tmp_path_factory.mktemp("live") / "project")
    preview = PreviewProcess(docs.parent, docs.parent / "preview.log")
    preview.wait_until_serving()
    yield docs, preview, tmp_path_factory.mktemp("clean"), set()
    preview.stop()


# Each example saves several notes and builds after each: a few examples (PREVIEW_EXAMPLES=50 for
# more), not shrunk (the failing sequence is in the message).
@settings(max_examples=int(os.environ.get("PREVIEW_EXAMPLES", "6")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow], phases=[Phase.explicit, Phase.reuse, Phase.generate])
@pytest.mark.slow
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
def test_after_any_edits_the_preview_serves_what_a_clean_build_writes(live, edits):
    docs, preview, clean, seen = live
    epoch, _ = _save(docs, preview, edits, 0, _from_the_fixture(docs, preview))
    assert PANEL_CLASS.encode() not in preview.get_bytes("/")[1], preview.output()[-3000:]
    _assert_serves_a_clean_build(docs, preview, clean / f"site-{epoch}", seen, edits)


def _assert_serves_a_clean_build(docs: Path, preview: PreviewProcess, reference: Path, seen: set[str], edits) -> None:
    """Every file a clean build of the notes writes is served as it is (the live-reload script
    aside), and files served earlier that it does not write are gone."""
    built = build_as_preview(docs.parent, preview.url, reference)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    files = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*") if p.is_file())
    assert len(files) > 100
    for name in files:
        status, served = preview.get_bytes("/" + name)
        if name.endswith(".html"):
            served = RE_LIVERELOAD.sub(b"", served, count=1)
        assert status == 200 and served == (reference / name).read_bytes(), (name, edits)
    for name in seen - set(files):  # a page deleted since an earlier example is not served either
        assert preview.get_bytes("/" + name)[0] == 404, (name, edits)
    seen.update(files)


def _from_the_fixture(docs: Path, preview: PreviewProcess) -> int:
    """The fixture's notes served (built if the last test left others); the version served."""
    epoch = preview.epoch()
    return preview.wait_for_build(epoch) if _sync(docs, FIXTURE_DOCS) else epoch


def _save(docs: Path, preview: PreviewProcess, edits, first: int, epoch: int) -> tuple[int, str]:
    """Each edit saved in turn (``_edit``'s files, the n-th numbered ``first + n``), each waited for;
    the version served last, and what the preview printed meanwhile."""
    start = len(preview.output())
    for n, edit in enumerate(edits):
        for path, text in _edit(docs, edit, first + n):
            path.unlink() if text is None else path.write_text(text, encoding="utf-8")
            epoch = preview.wait_for_build(epoch)
    return epoch, preview.output()[start:]


def _in_place(log: str) -> list[int]:
    """The pages of each update made in place, as the preview printed them."""
    return [int(pages) for pages in
            re.findall(r"Updated (\d+) pages and \d+ files of the search index in place in [\d.]+ s", log)]


def _showing(site: Path, text: str) -> list[str]:
    """The pages of a built site that show ``text`` (on English pages, its Japanese words are marked
    ``lang="ja"``: studynotes.langmark)."""
    return sorted(p.parent.relative_to(site).as_posix() for p in site.glob("**/index.html")
                  if text in without_marks(p.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_a_sentence_is_updated_in_place_and_the_site_is_what_a_clean_build_writes(live):
    docs, preview, clean, seen = live
    epoch = _from_the_fixture(docs, preview)
    untranslated = docs / "questions" / f"{QUESTIONS[3]}.en.md"
    untranslated.unlink()  # the English site shows the Japanese note: a file less, the whole site built
    epoch = preview.wait_for_build(epoch)
    edits = [("sentence", QUESTIONS[0], ""), ("sentence", QUESTIONS[1], ".en"), ("term sentence", TERMS[0], ""),
             ("sentence", QUESTIONS[0], ""), ("sentence", QUESTIONS[3], "")]
    epoch, log = _save(docs, preview, edits, 100, epoch)
    updates = _in_place(log)
    assert len(updates) == len(edits) and "Building documentation" not in log, log
    # A Japanese note is shown by both languages (by its translation's outdated notice, or as it
    # is where there is no translation); a translation by the English site alone.
    assert updates == [2, 1, 2, 2, 2], log  # how fast: `make bench`, serve_edit_s
    assert "追記 103 の文" in preview.get(f"/questions/{QUESTIONS[0]}/")[1]
    assert "追記 104 の文" in preview.get(f"/en/questions/{QUESTIONS[3]}/")[1]
    _assert_serves_a_clean_build(docs, preview, clean / f"site-{epoch}", seen, edits)


def test_a_terms_summary_is_updated_in_place_on_every_page_with_its_card(live):
    docs, preview, clean, seen = live
    epoch = _from_the_fixture(docs, preview)
    term = "vanishing-gradient"
    epoch, log = _save(docs, preview, [("summary", term, ""), ("summary", term, ".en")], 300, epoch)
    updates = _in_place(log)
    assert len(updates) == 2 and "Building documentation" not in log, log
    reference = clean / f"site-{epoch}"
    _assert_serves_a_clean_build(docs, preview, reference, seen, [])
    # Exactly the pages that show the summary were made again: the term's page, the glossary's
    # index and every page with its card, in the language edited; and after the Japanese edit the
    # English term's page, whose translation is now older than its note.
    showing = {summary: _showing(reference, summary) for summary in ("要約 300", "要約 301")}
    assert len(showing["要約 300"]) >= 3 and "glossary" in showing["要約 300"], showing
    assert all(p.startswith("en/") for p in showing["要約 301"]) and "en/glossary" in showing["要約 301"], showing
    assert updates == [len(showing["要約 300"]) + 1, len(showing["要約 301"])], (updates, showing)


def test_the_summary_of_a_term_without_translation_is_updated_in_both_languages(live):
    docs, preview, clean, seen = live
    epoch = _from_the_fixture(docs, preview)
    term = "vanishing-gradient"
    (docs / "glossary" / f"{term}.en.md").unlink()  # the English site shows the Japanese term
    epoch = preview.wait_for_build(epoch)
    epoch, log = _save(docs, preview, [("summary", term, "")], 400, epoch)
    updates = _in_place(log)
    reference = clean / f"site-{epoch}"
    _assert_serves_a_clean_build(docs, preview, reference, seen, [])
    showing = _showing(reference, "要約 400")
    assert "en/glossary" in showing and "glossary" in showing, showing
    assert updates == [len(showing)] and "Building documentation" not in log, (updates, showing, log)


def test_an_edit_that_changes_more_than_its_page_builds_the_whole_site(live):
    docs, preview, clean, seen = live
    epoch = _from_the_fixture(docs, preview)
    epoch, log = _save(docs, preview, [("heading", QUESTIONS[2], ""), ("title", QUESTIONS[2], "")], 200, epoch)
    assert "in place" not in log and log.count("Building documentation") == 2, log
    assert f"the headings of questions/{QUESTIONS[2]}.md changed" in log, log
    assert f"the front matter of questions/{QUESTIONS[2]}.md changed" in log, log
    # The whole builds convert again only the Markdown that changed: none for the heading (the
    # attempt in place converted the page), then the page and the lists that show its title.
    converted = [(int(a), int(b))
                 for a, b in re.findall(r"Markdown converted: (\d+) pages, the others as before \((\d+)\)", log)]
    assert len(converted) == 2 and converted[0][0] == 0 and 1 <= converted[1][0] <= 4, converted
    assert all(misses + hits == converted[0][0] + converted[0][1] for misses, hits in converted), converted
    _assert_serves_a_clean_build(docs, preview, clean / f"site-{epoch}", seen, [])



def test_a_preview_at_a_taken_address_says_so_and_leaves_nothing_behind(docs_copy, tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where the preview makes its build directories
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        preview = PreviewProcess(docs_copy.parent, docs_copy.parent / "preview.log", port=taken.getsockname()[1])
        assert preview.process.wait(timeout=120) == 1
    assert re.search(r"The preview cannot start \(プレビューを開始できません\): cannot serve at 127\.0\.0\.1:\d+: "
                     r".*Address already in use", preview.output()), preview.output()
    assert list(scratch.iterdir()) == []
