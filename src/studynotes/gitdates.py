"""When each page last changed, from git: one ``git log`` for the whole docs tree.

mkdocs-git-revision-date-localized-plugin asks git once per page; at 2,000 questions (4,300 pages
with the English build) that doubled the build time (``make bench`` tree in a git repository:
83 s against 40 s). One pass over the history gives every file's last commit instead.
Pages git does not know (new, uncommitted, or outside a repository) get no date.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from .labels import label

MARK = "@@"  # starts each commit's line in the log below
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # not strftime's %B, which follows the machine's locale


def parse_log(log: str) -> dict[str, int]:
    """``git log --format=@@%ct --name-only`` (newest first) → path → time of its last commit."""
    changed: dict[str, int] = {}
    when = 0
    for line in log.splitlines():
        if line.startswith(MARK):
            when = int(line[len(MARK):])
        elif line and line not in changed:
            changed[line] = when
    return changed


def last_changes(docs_dir: Path) -> tuple[dict[str, int], bool]:
    """(docs-relative path → Unix time of its last commit, whether the history is shallow).

    Empty when ``docs_dir`` is not in a git work tree or git is missing.
    """
    def git(*args: str) -> str:
        return subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(docs_dir), *args],
                              capture_output=True, text=True, check=True).stdout
    try:
        top = Path(git("rev-parse", "--show-toplevel").strip())
        shallow = git("rev-parse", "--is-shallow-repository").strip() == "true"
        log = git("log", f"--format={MARK}%ct", "--name-only", "--no-renames", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return {}, False
    prefix = docs_dir.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    return {path[len(prefix):]: when for path, when in parse_log(log).items() if path.startswith(prefix)}, shallow


def format_date(when: int, language: str) -> str:
    """A commit time as a reader's date, in UTC: 2026年11月23日 / November 23, 2026."""
    day = datetime.fromtimestamp(when, tz=UTC)
    return label(language, "date", year=day.year, month=day.month, day=day.day,
                 month_name=MONTHS[day.month - 1])


def iso_date(when: int) -> str:
    """A commit time as the sitemap writes dates: 2026-11-23 (UTC)."""
    return datetime.fromtimestamp(when, tz=UTC).strftime("%Y-%m-%d")
