"""``make lint``: the build's own checks, without writing the site.

Lint does not read the notes a second way: it runs the real build (``mkdocs.yml``, its hooks and
plugins, every language, strict) into a temporary directory that it deletes, and prints the
problems the build found, one ``docs/path:line: English / 日本語`` line each. So what lint accepts,
``make build`` accepts, and the other way round; the checks themselves are ``studynotes.sources``
(files), ``studynotes.catalog`` and ``studynotes.frontmatter`` (front matter, after YAML decoding),
``studynotes.guard`` (each page's rendered HTML, links and anchors) and ``studynotes.mathml`` (TeX).
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, problems_in


@dataclass
class LintResult:
    problems: list[Problem] = field(default_factory=list)  # the notes' problems, as the build reports them
    messages: list[str] = field(default_factory=list)      # anything else the build refused (MkDocs' own)
    pages: int = 0


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def lint(config_file: Path, docs_dir: Path | None = None) -> LintResult:
    """Build the site of ``config_file`` (with ``docs_dir``) strictly into a throwaway directory."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    result = LintResult()
    docs = docs_dir or config_file.parent / "docs"
    result.pages = sum(1 for _ in docs.rglob("*.md")) if docs.is_dir() else 0
    logger = logging.getLogger("mkdocs")
    capture = _Capture()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers, logger.propagate = [capture], False
    logger.setLevel(logging.WARNING)
    error: BaseException | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="studynotes-lint-") as site:
            kwargs = {"docs_dir": str(docs)} if docs_dir is not None else {}
            config = load_config(config_file=str(config_file), site_dir=site, strict=True, **kwargs)
            try:
                build(config)
            except BaseException as e:  # MkDocs raises Abort with the build's error as its context
                error = e
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
    found = result.problems = problems_in(error)  # the build's error (NotesBuildError), if that is it
    for record in capture.records:
        text = record.getMessage()
        if (found and text.startswith(str(found[0]))) or text.startswith("Aborted with"):
            continue  # the build's error, printed as problems; MkDocs' closing line
        result.messages.append(f"{record.levelname}: {text}")
    if error is not None and not found and not result.messages:
        result.messages.append(f"ERROR: {type(error).__name__}: {error}")
    return result


def find_config(docs: Path) -> Path | None:
    """The ``mkdocs.yml`` of a docs directory: beside it, or in the working directory."""
    for candidate in (docs.resolve().parent / "mkdocs.yml", Path(os.getcwd()) / "mkdocs.yml"):
        if candidate.is_file():
            return candidate
    return None
