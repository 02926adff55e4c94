"""The build's events up to ``on_nav`` (``studynotes.support.events``), without rendering a page:
the navigation's regrouping and what each language's build chooses, exact on fixture trees."""

from __future__ import annotations

import itertools
import logging
import shutil

import pytest
from mkdocs.structure.nav import Section

from conftest import FIXTURE_DOCS, ROOT
from studynotes.plugin.paths import page_path
from studynotes.support.events import up_to_nav

CONFIG = ROOT / "mkdocs.yml"


def outline(items, depth=0) -> list[str]:
    """The navigation as lines: sections by title, pages by file, indented by depth."""
    lines = []
    for item in items:
        if isinstance(item, Section):
            lines.append("  " * depth + f"[{item.title}]")
            lines += outline(item.children, depth + 1)
        else:
            lines.append("  " * depth + item.file.src_uri)
    return lines


def assert_linked(nav) -> None:
    """Every item's parent is the section that lists it; previous and next follow the outline."""
    def walk(items, parent):
        for item in items:
            assert item.parent is parent, item
            if isinstance(item, Section):
                walk(item.children, item)
    walk(nav.items, None)
    flat = [line.strip() for line in outline(nav.items) if not line.strip().startswith("[")]
    assert [p.file.src_uri for p in nav.pages] == flat
    assert nav.pages[0].previous_page is None and nav.pages[-1].next_page is None
    for before, after in itertools.pairwise(nav.pages):
        assert before.next_page is after and after.previous_page is before


QUESTIONS = [f"    questions/0{n}.md" for n in (61, 62, 64, 65, 66, 67, 68, 69)]


def test_japanese_navigation_is_regrouped():
    with up_to_nav(CONFIG, FIXTURE_DOCS) as up:
        assert outline(up.nav.items) == [
            "index.md", "[問題]", "  questions/index.md", "  [問題 61–70]", *QUESTIONS,
            "[用語集]", "  glossary/index.md",
            "  [さ行]", "    glossary/vanishing-gradient.md", "    glossary/underutilized-gpu.md",
            "  [は行]", "    glossary/fine-tuning.md",
            "  [A]", "    glossary/amazon-macie.md", "    glossary/amazon-sagemaker-studio.md",
            "tags.md", "review.md", "study.md"]
        assert up.nav.items[0].title == "ホーム"
        assert_linked(up.nav)
        assert (up.build.language, up.build.prefix) == ("ja", "")


def test_english_build_chooses_english_files_and_regroups_a_to_z():
    with up_to_nav(CONFIG, FIXTURE_DOCS, language="en") as up:
        lines = outline(up.nav.items)
        assert lines[:4] == ["index.en.md", "[Questions]", "  questions/index.en.md", "  [Questions 61–70]"]
        assert lines[4:12] == [line.replace(".md", ".en.md") for line in QUESTIONS]
        assert lines[12:] == [
            "[Glossary]", "  glossary/index.en.md",
            "  [A]", "    glossary/amazon-macie.en.md", "    glossary/amazon-sagemaker-studio.en.md",
            "  [F]", "    glossary/fine-tuning.en.md", "  [G]", "    glossary/underutilized-gpu.en.md",
            "  [V]", "    glossary/vanishing-gradient.en.md", "tags.en.md", "review.en.md", "study.en.md"]
        assert up.nav.items[0].title == "Home"
        assert_linked(up.nav)
        assert (up.build.language, up.build.prefix) == ("en", "en/")
        # Pages are known by their untranslated path, at their address in this language.
        assert up.build.urls["questions/065.md"] == "en/questions/065/"
        assert up.build.real_paths["questions/065.md"] == "questions/065.en.md"


def test_hundreds_of_questions_nest_in_hundreds_then_tens(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, docs)
    for n in range(101, 236):
        (docs / f"questions/{n:03d}.md").write_text(
            f"---\nnumber: {n}\ntitle: 問題の題 {n}\ntags:\n- Amazon SageMaker\nsource: CloudTech Study\n---\n\n"
            "## 解説\n\n本文。\n", encoding="utf-8")
    with up_to_nav(CONFIG, docs) as up:
        questions = up.nav.items[1]
        assert [c.title if isinstance(c, Section) else page_path(c.file) for c in questions.children] == [
            "questions/index.md", "問題 1–100", "問題 101–200", "問題 201–300"]
        assert [c.title for c in questions.children[1].children] == ["問題 61–70"]
        hundreds = questions.children[2]
        assert [c.title for c in hundreds.children] == [f"問題 {n}–{n + 9}" for n in range(101, 200, 10)]
        assert [p.file.src_uri for p in hundreds.children[0].children] == [f"questions/{n}.md" for n in range(101, 111)]
        assert [c.title for c in questions.children[3].children] == [f"問題 {n}–{n + 9}" for n in range(201, 240, 10)]
        assert questions.children[3].children[-1].children[-1].file.src_uri == "questions/235.md"
        assert_linked(up.nav)


def test_a_page_the_catalog_refuses_stays_in_the_navigation_after_the_blocks(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, docs)
    (docs / "questions/099.md").write_text("---\ntitle: 番号のない問題\n---\n\n本文。\n", encoding="utf-8")
    with up_to_nav(CONFIG, docs) as up:
        questions = up.nav.items[1]
        assert page_path(questions.children[-1].file) == "questions/099.md"  # not orphaned
        assert_linked(up.nav)
        problems = [p for p in up.run.report.problems() if p.path.endswith("docs/questions/099.md")]
        assert problems and "number" in problems[0].en


def test_an_untranslated_page_is_the_original_in_the_english_build(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, docs)
    (docs / "questions/067.en.md").unlink()
    with up_to_nav(CONFIG, docs, language="en") as up:
        file = up.files.get_file_from_path("questions/067.md")
        assert file is not None and file.locale == "ja" and file.url == "en/questions/067/"
        assert "    questions/067.md" in outline(up.nav.items)
        assert up.build.real_paths["questions/067.md"] == "questions/067.md"


def test_an_outdated_translation_is_warned_when_its_files_are_chosen(tmp_path, caplog):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, docs)
    page = docs / "questions/065.md"
    page.write_text(page.read_text(encoding="utf-8").replace("元のデータ", "もとのデータ", 1), encoding="utf-8")
    with caplog.at_level(logging.WARNING), up_to_nav(CONFIG, docs, language="en"):
        warned = [r.getMessage() for r in caplog.records if r.name == "studynotes"]
    assert any("questions/065.en.md: questions/065.md has changed since it was translated" in w for w in warned)
    assert not any("061.en.md" in w for w in warned)


def test_the_events_count_their_time_and_leave_no_build_behind():
    with up_to_nav(CONFIG, FIXTURE_DOCS) as up:
        events = dict(up.run.timings.events)
        assert set(events) == {"files", "nav"} and all(s > 0 for s in events.values())
        assert up.build.linking is not None
    with up_to_nav(CONFIG, FIXTURE_DOCS) as again:  # a new run: the previous one ended
        assert again.run is not up.run and again.build is not up.build


def test_a_build_that_did_not_end_does_not_hold_the_next_one():
    # An interrupted build leaves its slot on the stack; the next build starts a run of its own.
    with up_to_nav(CONFIG, FIXTURE_DOCS) as up:
        first = up.run
    from mkdocs.config import load_config

    from studynotes.support.events import notes_events
    events = notes_events(load_config(config_file=str(CONFIG), docs_dir=str(FIXTURE_DOCS)))
    events.builds.append(None)
    with up_to_nav(CONFIG, FIXTURE_DOCS) as up:
        assert up.run is not first and events.builds[-1] is up.build and len(events.builds) == 1


@pytest.mark.parametrize("language, home", [(None, "ホーム"), ("en", "Home")])
def test_the_home_page_keeps_a_title(language, home):
    with up_to_nav(CONFIG, FIXTURE_DOCS, language=language) as up:
        assert up.nav.items[0].title == home and up.nav.homepage is up.nav.items[0]


def test_the_hook_only_registers_the_events_of_one_object():
    import ast
    source = (ROOT / "hooks" / "notes.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    code_lines = {n.lineno for n in ast.walk(tree) if isinstance(n, ast.stmt)} - {tree.body[0].lineno}
    assert len(code_lines) <= 60
    registered = {}
    for node in tree.body[1:]:  # after the docstring: imports, the object, its events, __all__
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.dump(node)
        name = node.targets[0].id
        if name.startswith("on_"):
            assert ast.unparse(node.value) == f"events.{name}"
            registered[name] = True
        else:
            assert (name, ast.unparse(node.value)) in {("events", "NotesEvents()"),
                                                        ("__all__", "['NotesBuildError', 'events']")}
    from studynotes.plugin.events import NotesEvents
    assert set(registered) == {name for name in dir(NotesEvents) if name.startswith("on_")}


def test_no_global_statement_in_the_code():
    import ast
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "hooks").glob("*.py"), *(ROOT / "bench").glob("*.py"),
                 *(ROOT / "tools").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)], path


def test_templates_are_compiled_once_per_process_and_again_when_source_or_settings_change():
    from jinja2 import DictLoader, Environment

    from studynotes.plugin.templates import CompiledTemplates

    class Counting(Environment):
        compiled = 0

        def _compile(self, source, filename):
            Counting.compiled += 1
            return super()._compile(source, filename)

    cache = CompiledTemplates()
    sources = {"t.html": "<ul>\n  {% if x %}\n  <li>{{ x }}</li>\n  {% endif %}\n</ul>"}

    def render(**settings) -> str:  # a new environment each time, as MkDocs makes one per build
        return (Counting(loader=DictLoader(sources), bytecode_cache=cache, **settings)
                .get_template("t.html").render(x="a"))

    plain = render()
    assert render() == plain and Counting.compiled == 1  # the second environment reuses the code
    stripped = render(lstrip_blocks=True)
    assert stripped == "<ul>\n\n  <li>a</li>\n\n</ul>" != plain and Counting.compiled == 2
    sources["t.html"] = "<b>{{ x }}</b>"
    assert render() == "<b>a</b>" and Counting.compiled == 3

    def with_filter(env):
        env.filters["up"] = str.upper
        return env
    sources["t.html"] = "{{ x | up }}"
    assert (with_filter(Counting(loader=DictLoader(sources), bytecode_cache=cache))
            .get_template("t.html").render(x="a")) == "A"
    assert Counting.compiled == 4
    sources["t.html"] = "<b>{{ x }}</b>"
    cache.clear()  # forgets everything: compiled again once
    assert render() == render() == "<b>a</b>" and Counting.compiled == 5
