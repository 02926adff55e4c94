"""Problems found in an author's notes, reported as ``path:line: message``, and the report of a run.

Every check in the package reports through :class:`Problem` so that the build, the importer
and the tests print the same, fixable sentence: the file, the line where it can be known, what
was found and what is expected. Messages are written in English and Japanese because authors
read them in a terminal and may use either language.

mkdocs-static-i18n runs the build once per language; a problem found in both (a Japanese page shown
untranslated in the English site) is one problem. The build goes on after a problem, so that every
problem of the notes is reported at once (:class:`Report`); at its end (:meth:`Report.fatal`) it
fails with all of them, sorted by file and line. In a strict build every problem is fatal; otherwise
(the preview of ``make serve``) only errors are, and warnings are printed.

An exception that carries problems (:class:`NotesError`, the build's ``NotesBuildError``) carries
them as ``problems``; MkDocs raises its own error from or while handling it, and
:func:`problems_in` finds them along that chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# -- the problems of a run -----------------------------------------------------------------------

class Report:
    """The problems of one run of the build, over every language, each once."""

    def __init__(self) -> None:
        self._problems: dict[Problem, None] = {}

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self._problems.setdefault(problem, None)

    def problems(self) -> list[Problem]:
        """Every problem once, by file and line; an error and a warning of the same text are one."""
        seen: dict[tuple, Problem] = {}
        for p in self._problems:
            key = (p.path, p.line, p.en, p.ja)
            if key not in seen or p.severity == ERROR:
                seen[key] = p
        return sorted(seen.values(), key=lambda p: (p.path, p.line or 0, p.en, p.ja))

    def fatal(self, strict: bool) -> list[Problem]:
        return [p for p in self.problems() if strict or p.severity == ERROR]

    def warnings(self, strict: bool) -> list[Problem]:
        return [] if strict else [p for p in self.problems() if p.severity == WARNING]

    def has_errors(self, path: str | None = None) -> bool:
        return any(p.severity == ERROR and (path is None or p.path == path) for p in self._problems)


def summary(problems: list[Problem]) -> str:
    files = len({p.path for p in problems})
    return (f"{len(problems)} problem(s) in {files} file(s) / {files} ファイルに {len(problems)} 件の問題があります")


def message(problems: list[Problem]) -> str:
    """The build's error: one ``path:line: English / 日本語`` line per problem, then the count."""
    return "\n".join([*(str(p) for p in problems), summary(problems)])


# -- the problems an exception carries -------------------------------------------------------------

def causes(error: BaseException | None) -> list[BaseException]:
    """``error``, what it was raised from or while handling, and so on down (each once)."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def problems_in(error: BaseException | None) -> list[Problem]:
    """The problems carried (as ``problems``) by ``error`` or the first exception of its chain of
    causes that carries any; none if no exception does."""
    for cause in causes(error):
        problems = getattr(cause, "problems", None)
        if isinstance(problems, list | tuple) and problems and all(isinstance(p, Problem) for p in problems):
            return list(problems)
    return []
