"""A re-export is merged three ways into the pages it made: the export's changes taken, the site's kept."""

from __future__ import annotations

import pytest

from studynotes.merging import merge_fields, merge_lines, merge_page, previous_version
from util import git

BASE = "---\nnumber: 70\ntitle: 下書きのタイトル\ntags:\n- 過学習\n---\n\n一行目。\n\n二行目。\n\n三行目。\n"


def test_a_page_not_edited_on_the_site_takes_the_export():
    theirs = BASE.replace("二行目。", "二行目を直した。")
    merged = merge_page(BASE, BASE, theirs)
    assert merged.text == theirs and merged.changed


def test_front_matter_edited_on_the_site_is_kept_and_the_exports_body_change_taken():
    ours = BASE.replace("下書きのタイトル", "手で直したタイトル").replace("一行目。", "一行目（サイトで補足）。")
    theirs = BASE.replace("三行目。", "三行目を直した。").replace("- 過学習", "- 過学習\n- 正則化")
    merged = merge_page(BASE, ours, theirs)
    assert merged.conflicts == () and merged.kept == ("title",)
    assert "title: 手で直したタイトル" in merged.text and "- 正則化" in merged.text
    assert "一行目（サイトで補足）。" in merged.text and "三行目を直した。" in merged.text
    assert merged.taken == ("tags",) and merged.body_taken


def test_front_matter_unchanged_by_the_merge_stays_as_the_site_wrote_it():
    ours = BASE.replace("title: 下書きのタイトル", "title: '手で直した'  # a comment")
    theirs = BASE.replace("三行目。", "三行目を直した。")
    merged = merge_page(BASE, ours, theirs)
    assert merged.text.startswith("---\nnumber: 70\ntitle: '手で直した'  # a comment\n")


def test_the_same_lines_changed_on_both_sides_are_a_conflict_at_their_line():
    ours = BASE.replace("二行目。", "二行目（サイト）。")
    theirs = BASE.replace("二行目。", "二行目（エクスポート）。")
    merged = merge_page(BASE, ours, theirs)
    assert merged.text is None
    assert merged.conflicts == (ours.split("\n").index("二行目（サイト）。") + 1,)


def test_nothing_to_do_when_the_export_did_not_change_the_page():
    ours = BASE.replace("一行目。", "一行目（サイト）。")
    assert merge_page(BASE, ours, BASE).text == ours and not merge_page(BASE, ours, BASE).changed


def test_fields_take_the_export_unless_edited_and_a_key_removed_by_the_export_goes():
    merged, kept = merge_fields({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 20, "c": 3}, {"a": 10, "b": 2})
    assert merged == {"a": 10, "b": 20} and kept == ("b",)


def test_lines_changed_apart_merge_cleanly():
    base = "1\n2\n3\n4\n5\n"
    text, conflicts = merge_lines(base, "1\nzwei\n3\n4\n5\n", "1\n2\n3\n4\nfünf\n")
    assert (text, conflicts) == ("1\nzwei\n3\n4\nfünf\n", ())


def test_the_previous_version_is_heads_or_the_newest_commit_that_differs(tmp_path):
    repo = tmp_path / "repo"
    (repo / "notes").mkdir(parents=True)
    raw = repo / "notes" / "x.md"
    assert previous_version(raw.parent / "missing.md") is None
    git(repo, "init", "-q")
    raw.write_text("v1\n", encoding="utf-8")
    assert previous_version(raw) is None  # never committed
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    assert previous_version(raw) is None  # the only version is this one
    raw.write_text("v2\n", encoding="utf-8")
    assert previous_version(raw) == "v1\n"  # the new export, not committed yet
    git(repo, "commit", "-qam", "v2")
    assert previous_version(raw) == "v1\n"  # committed before it was imported


@pytest.mark.parametrize("text", ["", "no newline at the end", "---\nbroken: [\n---\n"])
def test_odd_pages_never_raise(text):
    merged = merge_page("---\na: 1\n---\n\nx\n", text, "---\na: 2\n---\n\ny\n")
    assert merged.text is None or isinstance(merged.text, str)
