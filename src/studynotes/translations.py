"""Translations of the Japanese pages: which exist, which are missing, which are out of date.

A translation sits beside its Japanese page (``questions/065.en.md`` beside ``questions/065.md``)
and records in its front matter which version of the Japanese page it translates:
``ja_version``, the first 12 hex digits of the SHA-256 of the Japanese file. When the Japanese
page changes, the recorded version no longer matches and the translation is reported as outdated
(``make i18n-report``; the build warns). ``make i18n-stamp FILE=…`` records the current version
once a translation has been brought up to date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import mdscan

VERSION_FIELD = "ja_version"
RE_VERSION_LINE = re.compile(rf"^{VERSION_FIELD}:[ \t]*['\"]?([0-9a-fA-F]*)['\"]?[ \t]*$", re.M)

MISSING, UNSTAMPED, OUTDATED, CURRENT = "missing", "unstamped", "outdated", "current"


def version(text: str) -> str:
    """The version of a Japanese page: a short hash of its text (line endings normalised)."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:12]


def translation_path(path: str, language: str) -> str:
    """``questions/065.md`` → ``questions/065.en.md``."""
    p = PurePosixPath(path)
    return str(p.with_name(f"{p.stem}.{language}{p.suffix}"))


def original_path(path: str, language: str) -> str | None:
    """``questions/065.en.md`` → ``questions/065.md``; None for a page that is not a translation."""
    p = PurePosixPath(path)
    if not p.stem.endswith(f".{language}"):
        return None
    return str(p.with_name(p.stem[: -len(language) - 1] + p.suffix))


def recorded_version(text: str) -> str | None:
    """The ``ja_version`` a translation's front matter records, or None."""
    front = mdscan.front_matter(text)
    found = RE_VERSION_LINE.search(front.yaml) if front else None
    return found.group(1).lower() if found and found.group(1) else None


def is_outdated(translation: str, original: str) -> bool:
    """A translation that records a version of its original other than the current one."""
    recorded = recorded_version(translation)
    return recorded is not None and recorded != version(original)


def stamp(translation: str, original: str) -> str:
    """``translation`` with ``ja_version`` set to the current version of ``original``."""
    line = f'{VERSION_FIELD}: "{version(original)}"'  # quoted: a hash of digits only is still text
    front = mdscan.front_matter(translation)
    if front is None:
        return f"---\n{line}\n---\n\n{translation}"
    yaml = front.yaml
    yaml = RE_VERSION_LINE.sub(line, yaml, count=1) if RE_VERSION_LINE.search(yaml) else yaml + line + "\n"
    return translation[: front.yaml_start] + yaml + translation[front.yaml_end:]


@dataclass(frozen=True)
class Status:
    original: str      # the Japanese page, docs-relative
    translation: str   # where its translation is (or would be)
    state: str         # MISSING, UNSTAMPED, OUTDATED or CURRENT


def statuses(sources: dict[str, str], language: str) -> list[Status]:
    """The state of the ``language`` translation of every Japanese page in ``sources``
    (docs-relative path → text of every Markdown file), in path order."""
    found = []
    for path in sorted(sources):
        if not path.endswith(".md") or is_translation(path):
            continue
        target = translation_path(path, language)
        if target not in sources:
            state = MISSING
        elif (recorded := recorded_version(sources[target])) is None:
            state = UNSTAMPED
        else:
            state = CURRENT if recorded == version(sources[path]) else OUTDATED
        found.append(Status(path, target, state))
    return found


RE_LOCALE_SUFFIX = re.compile(r"\.([a-z]{2}(?:[-_][A-Za-z]{2,4})?)\.md$")


def locale_of(path: str) -> str | None:
    """The locale a page is suffixed by (``en`` for ``x.en.md``), or None for an original."""
    m = RE_LOCALE_SUFFIX.search(path)
    return m.group(1) if m else None


def untranslated_path(path: str) -> str:
    """The original a page translates (``questions/065.en.md`` → ``questions/065.md``, any locale),
    or the path itself for an original."""
    locale = locale_of(path)
    return original_path(path, locale) if locale else path


def is_translation(path: str) -> bool:
    """A page suffixed by any locale (``x.en.md``, ``x.fr.md``), not only the one being checked."""
    return locale_of(path) is not None


def report(found: list[Status], language: str) -> list[str]:
    """One line per translation that needs work, as ``path: message``, in English and Japanese."""
    lines = []
    for s in found:
        if s.state == MISSING:
            lines.append(f"{s.original}: no {language} translation ({s.translation}) "
                         f"/ {language} の翻訳（{s.translation}）がありません")
        elif s.state == UNSTAMPED:
            lines.append(f"{s.translation}: does not record which version of {s.original} it translates; "
                         f"run 'make i18n-stamp FILE=docs/{s.translation}' once it is up to date "
                         f"/ どの版の {s.original} の翻訳かが記録されていません")
        elif s.state == OUTDATED:
            lines.append(f"{s.translation}: {s.original} has changed since it was translated; update the "
                         f"translation, then run 'make i18n-stamp FILE=docs/{s.translation}' "
                         f"/ 翻訳後に {s.original} が変更されました。翻訳を更新してください")
    return lines


def build_files(paths: Iterable[str], language: str, default: str = "ja") -> dict[str, str]:
    """The pages the build of ``language`` reads: untranslated path → the file it reads, its
    translation where there is one, else the original (as mkdocs-static-i18n falls back)."""
    paths = list(paths)
    chosen = {path: path for path in paths if not is_translation(path)}
    if language != default:
        for path in paths:
            if (original := original_path(path, language)) is not None:
                chosen[original] = path
    return chosen


def sources_for(sources: dict[str, str], language: str, default: str = "ja") -> dict[str, str]:
    """What the build of ``language`` reads: untranslated path → text (see :func:`build_files`).
    ``sources``: every Markdown file."""
    return {path: sources[real] for path, real in build_files(sources, language, default).items()}
