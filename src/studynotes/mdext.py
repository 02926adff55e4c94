"""Python-Markdown extension for the notes: tables and math that lose nothing.

Registered in ``mkdocs.yml`` after ``tables`` and ``pymdownx.arithmatex``; the build's guard
(:mod:`.guard`) then sees in the rendered HTML what would otherwise vanish without a trace:

- **Tables keep every cell.** Python-Markdown drops the cells of a row beyond the header's count and
  pads short rows with empty cells. Here every row keeps exactly the cells its line has, so no text
  is lost, and the guard reports a row whose count differs from the header's.
- **``|`` inside inline math in a table** is part of the formula (``\\(|x|\\)`` is an absolute value),
  not a cell boundary: it is hidden from the table's row splitter and restored in the output.
- **A lone math delimiter** (``\\(`` or ``\\[`` without its partner, or ``\\[ … \\]`` inside a
  paragraph) would lose its backslash to Markdown's escapes; it is kept as written, in a
  ``<span class="unbalanced-math">``, which the guard reports.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString
from pymdownx.arithmatex import RE_BRACKET_INLINE

# A C0 control character: notes may not contain it (sources.RE_CONTROL refuses them), so it can
# stand for a '|' of a formula while the table splits its row.
PIPE = "\x1f"
RE_INLINE_MATH = re.compile(RE_BRACKET_INLINE)
# A math delimiter no formula claimed, after any number of escaped backslashes (``\\\\``).
RE_LONE_DELIMITER = r"(?<!\\)((?:\\\\)*)(\\[()\[\]])"
UNBALANCED_CLASS = "unbalanced-math"


class KeepingTableProcessor(TableProcessor):
    """Python-Markdown's table, with every row built from exactly the cells it has."""

    def _build_row(self, row, parent, align):
        tr = etree.SubElement(parent, "tr")
        tag = "th" if parent.tag == "thead" else "td"
        for i, text in enumerate(self._split_row(row)):
            cell = etree.SubElement(tr, tag)
            cell.text = text.strip(" ")
            if i < len(align) and align[i]:
                if self.config["use_align_attribute"]:
                    cell.set("align", align[i])
                else:
                    cell.set("style", f"text-align: {align[i]};")


class MathPipePreprocessor(Preprocessor):
    """Hide the ``|`` of inline formulas from the table's row splitter (restored by
    :class:`MathPipePostprocessor`). Lines with no formula and no ``|`` are left as they are."""

    def run(self, lines):
        return [RE_INLINE_MATH.sub(_hide_pipes, line) if "|" in line and "\\(" in line else line
                for line in lines]


def _hide_pipes(m: re.Match) -> str:
    return m.group(0).replace("|", PIPE) if m.group(3) else m.group(0)


class MathPipePostprocessor(Postprocessor):
    def run(self, text):
        return text.replace(PIPE, "|") if PIPE in text else text


class LoneDelimiterProcessor(InlineProcessor):
    """A ``\\(``, ``\\)``, ``\\[`` or ``\\]`` that is not part of a formula, kept visible."""

    def handleMatch(self, m, data):
        span = etree.Element("span", {"class": UNBALANCED_CLASS})
        span.text = AtomicString(m.group(2))  # as written: no further Markdown escapes
        if not m.group(1):
            return span, m.start(0), m.end(0)
        # Escaped backslashes before the delimiter stay escaped backslashes.
        wrapper = etree.Element("span")
        wrapper.text = AtomicString("\\" * (len(m.group(1)) // 2))
        wrapper.append(span)
        return wrapper, m.start(0), m.end(0)


class NotesExtension(Extension):
    def extendMarkdown(self, md):
        table = md.parser.blockprocessors.get_index_for_name("table") if "table" in md.parser.blockprocessors else None
        if table is None:
            raise ValueError("studynotes.mdext needs the 'tables' extension before it in markdown_extensions")
        config = {"use_align_attribute": False}
        md.parser.blockprocessors.register(KeepingTableProcessor(md.parser, config), "table", 75)
        # After fenced code and raw HTML blocks are stashed (priorities 25 and 20).
        md.preprocessors.register(MathPipePreprocessor(md), "studynotes-math-pipes", 15)
        # After every stash is restored (raw_html 30, amp_substitute 20).
        md.postprocessors.register(MathPipePostprocessor(md), "studynotes-math-pipes", 5)
        # After arithmatex's formulas (189.9) and code spans (190), before Markdown's escapes (180).
        md.inlinePatterns.register(LoneDelimiterProcessor(RE_LONE_DELIMITER, md), "studynotes-lone-math", 185)


def makeExtension(**kwargs):  # Python-Markdown's name for an extension's entry point
    return NotesExtension(**kwargs)
