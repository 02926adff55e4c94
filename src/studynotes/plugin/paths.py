"""How the build names pages and files: to MkDocs, to other pages, and to a contributor."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.utils import get_relative_url

from studynotes.gaps import KNOWN_GAPS_FILE, KNOWN_GAPS_PATH
from studynotes.plugin import internals
from studynotes.problems import RE_DOCS_PATH, Problem


def page_path(file) -> str:
    """A page's untranslated path: ``questions/065.md`` for ``questions/065.en.md`` too."""
    return internals.i18n_src_uri(file) or file.src_uri


def url_key(url: str) -> str:
    return url.removeprefix("./")


def href(urls: dict[str, str], here: str, here_url: str) -> Callable[..., str]:
    """``href(path, anchor)``: the URL of a docs page (and section) relative to the page ``here``
    (an untranslated path) at ``here_url``; ``urls``: every page's URL in this build."""

    def to(path: str, anchor: str = "") -> str:
        if path == here and anchor:
            return f"#{anchor}"
        target = urls.get(path)
        url = get_relative_url(target, here_url) if target is not None else path
        return f"{url}#{anchor}" if anchor else url
    return to


def docs_dir(config) -> str:
    """docs/ as a contributor names it: relative to the repository (where mkdocs.yml is)."""
    return os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))


def known_gaps_file(config) -> Path:
    """The known gaps of this repository (beside mkdocs.yml), else the package's own."""
    here = Path(config.config_file_path or ".").parent / KNOWN_GAPS_PATH
    return here if here.is_file() else KNOWN_GAPS_FILE


def in_docs(problem: Problem, docs: str, path: str | None = None) -> Problem:
    """``problem`` of a docs-relative file, named relative to the repository (or as ``path``)."""
    return Problem(path or f"{docs}/{problem.path}", problem.line, problem.en, problem.ja, problem.severity)


def renamed(problem: Problem, real: dict[str, str], docs: str) -> Problem:
    """Name files as a contributor sees them: relative to the repository, not to docs/, and the
    file this build read (``questions/065.en.md`` in the English build)."""
    def sub(text: str) -> str:
        return RE_DOCS_PATH.sub(lambda m: f"{docs}/{real.get(m.group(0), m.group(0))}", text)
    return Problem(f"{docs}/{real.get(problem.path, problem.path)}", problem.line, sub(problem.en), sub(problem.ja),
                   problem.severity)
