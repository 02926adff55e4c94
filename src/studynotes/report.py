"""The problems of one run of the build, over every language, reported together at its end.

mkdocs-static-i18n runs the build once per language; a problem found in both (a Japanese page shown
untranslated in the English site) is one problem. The build goes on after a problem, so that every
problem of the notes is reported at once; at its end (:meth:`Report.fatal`) it fails with all of
them, sorted by file and line. In a strict build every problem is fatal; otherwise (the preview of
``make serve``) only errors are, and warnings are printed.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import ERROR, WARNING, Problem


class Report:
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
