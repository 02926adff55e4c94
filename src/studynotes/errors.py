"""Problems found in an author's notes, reported as ``path:line: message``.

Every check in the package reports through :class:`Problem` so that the build, the importer
and the tests print the same, fixable sentence: the file, the line where it can be known, what
was found and what is expected. Messages are written in English and Japanese because authors
read them in a terminal and may use either language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Pages named inside messages (``… is also used by questions/070.md``), for the callers that
# rewrite them (relative to the repository, or to the file a language's build really read).
RE_DOCS_PATH = re.compile(r"(?<![\w/.-])(?:questions|glossary)/[^\s:/]+\.md")
# How a problem stops the build. An ERROR stops every build: the page cannot be published as it is
# (unsafe HTML, invalid front matter or TeX, an unreadable file). A WARNING (a TODO marker, a broken
# link, a table shown as text) stops strict builds (`make build`, `make lint`, CI) but not the
# preview of `make serve`, which prints it.
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """One fixable problem in one file."""

    path: str
    line: int | None
    en: str
    ja: str
    severity: str = ERROR

    @property
    def where(self) -> str:
        """``path:line``, or the path alone where the line is not known."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.en} / {self.ja}"


class NotesError(Exception):
    """One or more problems that stop the build (or the importer)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def line_of(text: str, index: int, first_line: int = 1) -> int:
    """The 1-based line number of ``text[index]``, counting from ``first_line``."""
    return first_line + text.count("\n", 0, index)
