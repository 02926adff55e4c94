"""The project's own documents say what is true: README.md stays short, CONTRIBUTING.md (日本語) and
CONTRIBUTING.en.md (English) say the same in the same order, their HTML allowlist is the guard's,
and every ``make`` target and relative link of the documents exists. Text only: no build.

How the two CONTRIBUTING files correspond:

- the same headings (count, levels, order), and the same number of table rows in each section;
- the same fenced code blocks, one to one, with the same info string: ``sh``, ``yaml``, ``text`` and
  any other block identical but for ``#`` comments (which are in the file's language); a ``markdown``
  block is an example written in the file's language, so its markup is what must agree: the same
  lines, blank where the other is blank, with the same ``|`` cells, link targets and inline math, and
  the lines of display math identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import ROOT
from studynotes import guard

DOCUMENTS = ("README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "CONTRIBUTING.en.md")
CONTRIBUTING = ("CONTRIBUTING.md", "CONTRIBUTING.en.md")
README_LINES = 160
# The targets a newcomer's README names (the two commands, then each task it explains).
README_TARGETS = {"serve", "test", "lint", "build", "new-question", "new-term", "import", "bench", "bench-limits",
                  "search-eval", "import-eval", "i18n-stamp", "i18n-report"}
# The allowlist's section in each language, and the word its table uses for the common attributes.
ALLOWLIST = {"CONTRIBUTING.md": ("ノートに書ける HTML", "共通", "書けないもの"),
             "CONTRIBUTING.en.md": ("What HTML a note may contain", "common", "Not allowed")}

RE_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
RE_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
RE_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
RE_LINK = re.compile(r"!?\[[^\]]*\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
RE_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
RE_MAKE = re.compile(r"(?:^|[\s(;|&`])make\s+([A-Za-z][\w-]*)")
RE_NAME = re.compile(r"[a-z][a-z0-9]*")
RE_SCHEME_TOKEN = re.compile(r"([a-z][a-z0-9+.-]*):(?://)?")
RE_COMMENT = re.compile(r"(?:^|\s)#.*$")


@dataclass
class Block:
    info: str
    lines: list[str]
    line: int  # where it opens, 1-based


@dataclass
class Document:
    name: str
    lines: list[str]
    prose: list[tuple[int, str]]  # the lines outside fenced code, with their numbers
    blocks: list[Block]

    @property
    def headings(self) -> list[tuple[int, str, int]]:
        """(level, text, line) of every ATX heading outside code."""
        return [(len(m.group(1)), m.group(2), n) for n, line in self.prose if (m := RE_HEADING.match(line))]


def parse(name: str, text: str | None = None) -> Document:
    """A document's lines split into prose and fenced code blocks (a fence is closed by a line of
    the same character, at least as long, and nothing else)."""
    text = (ROOT / name).read_text(encoding="utf-8") if text is None else text
    lines = text.split("\n")
    prose, blocks, fence, block = [], [], None, None
    for n, line in enumerate(lines, 1):
        if fence is None:
            m = RE_FENCE.match(line)
            if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                fence, block = m.group("fence"), Block(m.group("info").strip(), [], n)
            else:
                prose.append((n, line))
        elif line.strip() and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
            blocks.append(block)
            fence = None
        else:
            block.lines.append(line)
    assert fence is None, f"{name}:{block.line}: a fenced code block is never closed"
    return Document(name, lines, prose, blocks)


def code_text(doc: Document) -> list[tuple[int, str]]:
    """What a document writes as code: its inline code spans and the lines of its fenced blocks."""
    found = [(n, m.group(2)) for n, line in doc.prose for m in RE_CODE_SPAN.finditer(line)]
    return found + [(b.line + i + 1, line) for b in doc.blocks for i, line in enumerate(b.lines)]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z][\w-]*)\s*:(?!=)", text, re.M)}


# -- README --------------------------------------------------------------------------------------

def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert len(lines) <= README_LINES, f"README.md has {len(lines)} lines: move details to ARCHITECTURE.md"


def test_the_readme_names_the_commands_a_newcomer_needs():
    named = {m.group(1) for _, text in code_text(parse("README.md")) for m in RE_MAKE.finditer(text)}
    assert named >= README_TARGETS, f"README.md does not name make {sorted(README_TARGETS - named)}"


# -- make targets and links, in every document ---------------------------------------------------

@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_make_target_named_exists(name):
    targets = makefile_targets()
    assert {"serve", "test", "help"} <= targets  # the Makefile is read as it is written
    named = [(n, m.group(1)) for n, text in code_text(parse(name)) for m in RE_MAKE.finditer(text)]
    assert named, f"{name} names no make target"
    missing = [f"{name}:{n}: make {target}" for n, target in named if target not in targets]
    assert not missing, "targets the Makefile does not have:\n" + "\n".join(missing)


def links(doc: Document) -> list[tuple[int, str]]:
    """The targets of the Markdown links and images of a document's prose (not of its code)."""
    return [(n, m.group(1)) for n, line in doc.prose for m in RE_LINK.finditer(RE_CODE_SPAN.sub("", line))]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_relative_link_leads_to_a_file_and_heading(name):
    doc = parse(name)
    wrong = []
    for n, target in links(doc):
        if RE_SCHEME.match(target):
            continue
        path, _, fragment = target.partition("#")
        file = (ROOT / name).parent / path if path else ROOT / name
        if not file.exists():
            wrong.append(f"{name}:{n}: {target}: no file {path}")
        elif fragment and file.suffix == ".md":
            anchors = {slug(text) for _, text, _ in parse(str(file.relative_to(ROOT))).headings}
            if fragment.lower() not in anchors:
                wrong.append(f"{name}:{n}: {target}: {path or name} has no heading #{fragment}")
    assert not wrong, "\n".join(wrong)


def test_the_contributing_files_are_linked_where_contributors_look():
    for name in ("README.md", "CONTRIBUTING.md", "CONTRIBUTING.en.md"):
        targets = {target for _, target in links(parse(name))}
        assert {"CONTRIBUTING.md", "CONTRIBUTING.en.md"} - {name} <= targets, name
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md" in template and "CONTRIBUTING.en.md" in template


def test_the_code_names_headings_the_guide_has():
    """The scaffold's comment sends the author to a section of CONTRIBUTING.md by its heading."""
    headings = {text for _, text, _ in parse("CONTRIBUTING.md").headings}
    named = [(path, m.group(1)) for path in sorted((ROOT / "src").rglob("*.py"))
             for m in re.finditer(r"CONTRIBUTING\.md の「([^」]+)」", path.read_text(encoding="utf-8"))]
    assert named
    assert [(p, h) for p, h in named if h not in headings] == []


# -- the two CONTRIBUTING files ------------------------------------------------------------------

def test_the_contributing_files_have_the_same_sections():
    ja, en = (parse(name) for name in CONTRIBUTING)
    assert [level for level, _, _ in ja.headings] == [level for level, _, _ in en.headings]
    assert len(ja.headings) > 10
    assert rows_per_section(ja) == rows_per_section(en)


def rows_per_section(doc: Document) -> list[int]:
    """The table rows of each section (under each heading), in order."""
    starts = [n for _, _, n in doc.headings]
    rows = [0] * len(starts)
    for n, line in doc.prose:
        if line.startswith("|"):
            rows[sum(1 for s in starts if s < n) - 1] += 1
    return rows


def test_the_contributing_files_have_the_same_code_blocks():
    ja, en = (parse(name) for name in CONTRIBUTING)
    assert [b.info for b in ja.blocks] == [b.info for b in en.blocks]
    assert len(ja.blocks) > 10
    for a, b in zip(ja.blocks, en.blocks, strict=True):
        where = f"CONTRIBUTING.md:{a.line} and CONTRIBUTING.en.md:{b.line}"
        if a.info == "markdown":
            assert markup(a.lines) == markup(b.lines), where
        else:
            assert uncommented(a.lines) == uncommented(b.lines), where


def uncommented(lines: list[str]) -> list[str]:
    return [RE_COMMENT.sub("", line).rstrip() for line in lines]


def markup(lines: list[str]) -> list:
    """What a Markdown example shows of the syntax, whatever its language: per line, blank or not,
    its ``|`` cells, link targets and inline math; the lines of display math as they are."""
    found, display = [], False
    for line in lines:
        if line.strip() in ("\\[", "\\]"):
            display = line.strip() == "\\["
            found.append(line.strip())
        elif display:
            found.append(line)
        else:
            found.append((bool(line.strip()), line.count("|"), re.findall(r"\]\(([^)]*)\)", line),
                          re.findall(r"\\\(.*?\\\)", line)))
    return found


# -- the HTML allowlist, as the guard has it ----------------------------------------------------

@dataclass
class Allowlist:
    common: set[str]
    rows: list[tuple[list[str], set[str], set[str], bool]]  # elements, attributes, schemes, common named
    refused: set[str]


def allowlist(name: str, text: str | None = None) -> Allowlist:
    """The allowlist a CONTRIBUTING file writes. In its section: the paragraph naming the common
    attributes, then a table of elements and attributes: every backticked name in the first cell is
    an element, every backticked name in the second an attribute (a backticked ``scheme:`` a URL
    scheme of links), the word for "common" there standing for the common attributes; then a list of
    what is refused, whose backticked names are no element of the allowlist."""
    heading, word, refused_at = ALLOWLIST[name]
    doc = parse(name, text)
    start = next(n for _, text_, n in doc.headings if text_ == heading)
    end = next((n for _, _, n in doc.headings if n > start), len(doc.lines) + 1)
    section = [(n, line) for n, line in doc.prose if start < n < end]
    paragraphs = " ".join(line if line.strip() else "\n" for _, line in section).split("\n")
    common_text = next(p for p in paragraphs if word in p and "`" in p and not p.strip().startswith("|"))
    common = {t for t in spans(common_text) if RE_NAME.fullmatch(t)}
    rows = []
    table = [line for _, line in section if line.startswith("|")][2:]  # no header, no delimiter row
    for line in table:
        elements_cell, attributes_cell = (c.strip() for c in line.strip().strip("|").split("|"))
        elements = [t for t in spans(elements_cell) if RE_NAME.fullmatch(t)]
        tokens = spans(attributes_cell)
        attributes = {t for t in tokens if RE_NAME.fullmatch(t)}
        schemes = {m.group(1) for t in tokens if (m := RE_SCHEME_TOKEN.fullmatch(t))}
        named = re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", RE_CODE_SPAN.sub("", attributes_cell)) is not None
        rows.append((elements, attributes | (common if named else set()), schemes, named))
    after = [line for n, line in section if n > next(n for n, line in section if line.startswith(refused_at))]
    refused = {t for line in after if line.lstrip().startswith("- ") for t in spans(line) if RE_NAME.fullmatch(t)}
    return Allowlist(common, rows, refused)


def spans(text: str) -> list[str]:
    return [m.group(2).strip() for m in RE_CODE_SPAN.finditer(text)]


@pytest.mark.parametrize("name", CONTRIBUTING)
def test_the_allowlist_is_the_guards(name):
    found = allowlist(name)
    assert found.common == guard.COMMON
    elements = [e for row in found.rows for e in row[0]]
    assert sorted(elements) == sorted(set(elements)), "an element is in two rows"
    assert set(elements) == guard.ELEMENTS
    for row_elements, attributes, _, _ in found.rows:
        for element in row_elements:
            allowed = guard.ATTRIBUTES.get(element, guard.COMMON)
            assert attributes == allowed, f"{name}: <{element}>: {sorted(attributes)}, the guard: {sorted(allowed)}"
    schemes = set().union(*(row[2] for row in found.rows))
    assert schemes == guard.LINK_SCHEMES
    linking = {tag for tag, _ in guard.LINK_ATTRIBUTES}
    assert all(set(row[0]) <= linking for row in found.rows if row[2])  # schemes only where links are
    assert {"script", "style", "iframe", "svg", "math"} <= found.refused
    assert not found.refused & guard.ELEMENTS

