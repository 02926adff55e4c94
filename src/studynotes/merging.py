"""A re-export merged into the pages it made: the author's changes taken, the site's edits kept.

The author fixes a sentence in their note app and exports the file again. Its pages exist and may
have been edited on the site since (a title shortened, a tag added, a typo fixed). Each page is
merged three ways (:func:`merge_page`): *base* is the page the importer makes of the raw file's
previous version in git (:func:`previous_version`), *theirs* the page it makes of the new export,
*ours* the page as it is in ``docs/``.

- Front matter, key by key: a key edited on the site (ours differs from base) is kept; any other
  key takes the export's value.
- The body, line by line, as ``git merge-file`` does: lines changed on one side only are taken;
  the same lines changed on both sides differently are a **conflict**, never resolved silently:
  the page is left as it is and the conflict's line in it reported.

``merge_page`` is a pure function of three texts (the line merge runs ``git merge-file`` on
temporary files, the tool every contributor has); ``previous_version`` reads git.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import frontmatter

MISSING = object()
CONFLICT_MARK = "<<<<<<< "


@dataclass(frozen=True)
class Merged:
    """A merged page: its text, or None when a conflict leaves the page as it was."""

    text: str | None
    conflicts: tuple[int, ...] = ()            # lines of the page as it is (ours) where both changed
    kept: tuple[str, ...] = field(default=())  # front matter keys edited on the site and kept
    changed: bool = False                      # whether ``text`` differs from ours
    taken: tuple[str, ...] = ()                # front matter keys that take the export's new value
    body_taken: bool = False                   # whether the body takes changes of the export


def render(meta: dict, body: str) -> str:
    """A page's text from its front matter and body, as the importer writes pages."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{body.lstrip(chr(10)).rstrip()}\n"


def merge_page(base: str, ours: str, theirs: str, path: str = "page.md") -> Merged:
    """Merge the export's change (base → theirs) into the page as it is (ours)."""
    if ours == theirs or base == theirs:
        return Merged(ours)
    b, o, t = (frontmatter.split(path, x)[0] for x in (base, ours, theirs))
    if ours == base and o is not None and t is not None:
        return Merged(theirs, changed=True, taken=_changed_keys(o.data, t.data), body_taken=o.body != t.body)
    if ours == base:
        return Merged(theirs, changed=True)
    if b is None or o is None or t is None:  # a page whose front matter cannot be read: no guessing
        return Merged(None, (1,))
    meta, kept = merge_fields(b.data, o.data, t.data)
    body, conflicts = merge_lines(b.body, o.body, t.body)
    if conflicts:
        return Merged(None, tuple(o.body_line + n - 1 for n in conflicts), kept)
    # Where the merged front matter is ours, it is kept as the site wrote it, to the byte.
    text = ours[:len(ours) - len(o.body)] + body if meta == o.data else render(meta, body)
    return Merged(text, (), kept, text != ours, _changed_keys(o.data, meta), body != o.body)


def _changed_keys(old: dict, new: dict) -> tuple[str, ...]:
    return tuple(k for k in dict.fromkeys([*old, *new]) if old.get(k, MISSING) != new.get(k, MISSING))


def merge_fields(base: dict, ours: dict, theirs: dict) -> tuple[dict, tuple[str, ...]]:
    """Front matter merged key by key: a key edited on the site (ours ≠ base) keeps its value."""
    merged, kept = {}, []
    for key in [*theirs, *(k for k in ours if k not in theirs)]:
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        value = t if o == b else o
        if o != b and o != t:
            kept.append(key)
        if value is not MISSING:
            merged[key] = value
    return merged, tuple(kept)


def merge_lines(base: str, ours: str, theirs: str) -> tuple[str, tuple[int, ...]]:
    """``theirs``'s changes to ``base`` merged into ``ours``, line by line; the lines of ``ours``
    (1 = its first) where both sides changed the same lines differently, if any."""
    if ours == base:
        return theirs, ()
    if theirs == base or ours == theirs:
        return ours, ()
    with tempfile.TemporaryDirectory(prefix="studynotes-merge-") as tmp:
        files = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            file = Path(tmp, name)
            file.write_text(text, encoding="utf-8")
            files.append(str(file))
        result = subprocess.run(["git", "merge-file", "-p", "--diff3", *files],
                                capture_output=True, text=True, encoding="utf-8", check=False)
    if result.returncode < 0 or result.returncode > 127:
        raise RuntimeError(f"git merge-file failed: {result.stderr.strip()}")
    if result.returncode == 0:
        return result.stdout, ()
    return ours, _conflict_lines(result.stdout, ours)


def _conflict_lines(merged: str, ours: str) -> tuple[int, ...]:
    """Where each conflict of ``git merge-file --diff3`` output is in ``ours``: the line of its own
    side's first line (found after the previous one), or of the line before it."""
    ours_lines = ours.split("\n")
    found, at, lines, i = [], 0, merged.split("\n"), 0
    while i < len(lines):
        if not lines[i].startswith(CONFLICT_MARK):
            i += 1
            continue
        side = []
        i += 1
        while i < len(lines) and not lines[i].startswith(("|||||||", "=======")):
            side.append(lines[i])
            i += 1
        mark = i - len(side) - 1
        target = side[0] if side else (lines[mark - 1] if mark > 0 else None)
        line = next((n for n in range(at, len(ours_lines)) if ours_lines[n] == target), at)
        found.append(line + 1 + (0 if side else 1))
        at = line + 1
    return tuple(found) or (1,)


def previous_version(path: Path) -> str | None:
    """The raw file's previous version in git: the newest committed version whose text differs
    from the file as it is (HEAD's, when the new export has not been committed yet). None when the
    file is not in a repository, has no other version, or git is not there."""
    try:
        top = _git(path.parent, "rev-parse", "--show-toplevel")
        if top is None:
            return None
        relative = path.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
        commits = _git(Path(top.strip()), "log", "--format=%H", "--", relative)
        current = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, ValueError):
        return None
    for commit in (commits or "").split():
        old = _git(path.parent, "show", f"{commit}:{relative}")
        if old is not None and old.replace("\r\n", "\n") != current:
            return old.replace("\r\n", "\n")
    return None


def _git(cwd: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                                check=False)
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None
