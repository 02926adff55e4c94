"""What the preview may update in place (studynotes.plugin.inplace), decided from the texts alone:
the browser tests of tests/test_preview.py run it under a preview and compare it with clean builds."""

from __future__ import annotations

import pytest

from conftest import FIXTURE_DOCS
from studynotes import mdscan
from studynotes.plugin.inplace import NotInPlace, _summary_change, read

TERM = (FIXTURE_DOCS / "glossary" / "vanishing-gradient.md").read_text(encoding="utf-8")
QUESTION = (FIXTURE_DOCS / "questions" / "066.md").read_text(encoding="utf-8")


def test_the_same_front_matter_is_the_same_block_to_the_byte():
    body = mdscan.front_matter(QUESTION).body_start
    assert mdscan.same_front_matter(QUESTION, QUESTION[:body] + "本文だけを変えた。\n")
    assert not mdscan.same_front_matter(QUESTION, QUESTION.replace("title: ", "title:  ", 1))
    assert not mdscan.same_front_matter(QUESTION, QUESTION[body:])
    assert mdscan.same_front_matter("本文だけ", "別の本文")


def test_a_body_edit_is_no_summary_change():
    body = mdscan.front_matter(TERM).body_start
    assert _summary_change("glossary/vanishing-gradient.md", TERM, TERM[:body] + "短い本文。\n") is None


@pytest.mark.parametrize("path", ["glossary/vanishing-gradient.md", "glossary/vanishing-gradient.en.md"])
def test_a_summary_edit_gives_the_term_as_it_is_now(path):
    term = _summary_change(path, TERM, TERM.replace("summary: ", "summary: 新しい要約。", 1))
    assert term.path == "glossary/vanishing-gradient.md" and term.summary.startswith("新しい要約。消失勾配は")


@pytest.mark.parametrize("path, old, new", [
    ("glossary/vanishing-gradient.md", TERM, TERM.replace("- 勾配消失\n", "- 勾配消失\n- 新しい別名\n", 1)),
    ("glossary/vanishing-gradient.md", TERM, TERM.replace("title: 消失勾配", "title: 勾配の消失", 1)),
    ("glossary/vanishing-gradient.md", TERM, TERM.replace("summary: ", "summary: [", 1)),  # broken YAML
    ("glossary/vanishing-gradient.md", TERM, TERM.replace("summary: ", "summary: 要約\nreading: よみ\n#", 1)),
    ("questions/066.md", QUESTION, QUESTION.replace("title: ", "title: 新しい題 ", 1)),
])
def test_any_other_change_of_the_front_matter_is_not_made_in_place(path, old, new):
    with pytest.raises(NotInPlace, match="front matter"):
        _summary_change(path, old, new)


def test_only_notes_that_can_be_read_are_updated_in_place(tmp_path):
    docs = tmp_path / "docs"
    (docs / "questions").mkdir(parents=True)
    note = docs / "questions" / "066.md"
    note.write_text(QUESTION, encoding="utf-8")
    assert read(str(docs), [str(note)]) == {"questions/066.md": QUESTION}
    (docs / "questions" / "066.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert list(read(str(docs), [str(docs / "questions" / "066.en.md")])) == ["questions/066.en.md"]
    for path, why in [(docs / "questions" / "index.md", "not a note"), (tmp_path / "mkdocs.yml", "not a note"),
                      (docs / "questions" / "067.md", "removed")]:
        path.write_text("---\n---\n", encoding="utf-8") if why == "not a note" else None
        with pytest.raises(NotInPlace, match=why):
            read(str(docs), [str(path)])
    swap = docs / "questions" / ".066.md.swp"  # an editor's: the build refuses it, so no update in place
    swap.write_bytes(b"\x00\xff")
    with pytest.raises(NotInPlace, match="not a note"):
        read(str(docs), [str(swap), str(note)])
    note.write_bytes(QUESTION.encode("utf-8")[:-1] + b"\xff")  # not UTF-8: the build reports it
    with pytest.raises(NotInPlace, match="cannot be read"):
        read(str(docs), [str(note)])
