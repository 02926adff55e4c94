"""The files of ``docs/`` as the build reads them: what text they hold, and where they may be.

Every file a contributor adds passes through here before anything else reads it, in the build
(``studynotes.plugin.intake``, ``on_files``), in ``make lint`` (which is the build) and in the importer:

- a Markdown file must be UTF-8 text: no byte-order mark, no bytes that are not UTF-8, no control
  characters (a binary file renamed ``.md``), within the budget of :mod:`.limits` (size, lines,
  nesting, brackets; YAML without anchors or aliases; no invisible format characters outside code);
  each refused with the line where it can be known;
- nothing under ``docs/`` is a symbolic link (:func:`symlink_problems`): a link to a folder outside
  the repository would publish it (or end MkDocs' walk in an error), a link to a file would publish
  a file nobody reviewed as a note;
- a page must be where the site expects one (:func:`layout_problems`): the home and index pages,
  ``questions/NNN.md``, ``glossary/<slug>.md``, and ``page.en.md`` beside its Japanese page;
- any other file is either one of the site's own assets (:data:`SITE_FILES`) or an image under
  ``assets/`` whose bytes are the image its name says: nothing else is published, since a file in
  ``docs/`` is served from the site's own origin (an ``.html`` or ``.svg`` file could run scripts).

Pure functions of paths and bytes; messages are :class:`~.problems.Problem` (English / 日本語).
"""

from __future__ import annotations

import codecs
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import limits
from .problems import Problem, line_of

DEFAULT_LANGUAGE = "ja"
# C0 control characters other than tab, line feed and carriage return, and DEL: never in text.
RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
RE_QUESTION = re.compile(r"\Aquestions/(?P<stem>[^/]+)\.md\Z")
RE_QUESTION_STEM = re.compile(r"\A[0-9]{3,}\Z")
RE_TERM = re.compile(r"\Aglossary/(?P<slug>[^/]+)\.md\Z")
RE_SLUG = re.compile(r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RE_TRANSLATION = re.compile(r"\A(?P<stem>.+)\.(?P<locale>[a-z]{2}(?:[-_][A-Za-z]{2,4})?)\.(?P<ext>[^./]+)\Z")
INDEX_PAGES = ("index.md", "tags.md", "review.md", "study.md", "questions/index.md", "glossary/index.md")
# The site's own files (reviewed as code, not as notes).
SITE_FILES = frozenset({
    "assets/site.css", "assets/empty-sitemap.xml",
    "assets/javascripts/site.js", "assets/javascripts/search-worker.js", "assets/javascripts/study.js",
    "assets/javascripts/flashcards.js", "assets/javascripts/vendor/ts-fsrs.js",
})
# Images a note may show, by extension, and how their files begin.
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".avif": (b"\x00\x00\x00",),
}


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """The text of a Markdown file (line endings as ``\\n``), or None and why it cannot be read."""
    if data.startswith(codecs.BOM_UTF8):
        return None, [Problem(path, 1, "the file starts with a byte-order mark (BOM): save it as UTF-8 without BOM "
                                       "(in most editors: 'UTF-8', not 'UTF-8 with BOM')",
                              "ファイルの先頭に BOM（バイトオーダーマーク）があります: BOM なしの UTF-8 "
                              "で保存してください")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        bad = data[e.start:e.start + 1].hex()
        return None, [Problem(path, line, f"not UTF-8 text (byte 0x{bad} on this line cannot be read as UTF-8): "
                                          "save the file as UTF-8",
                              f"UTF-8 のテキストではありません（この行のバイト 0x{bad} を UTF-8 として読めません）: "
                              "UTF-8 で保存してください")]
    if (m := RE_CONTROL.search(text)) is not None:
        char = f"U+{ord(m.group()):04X}"
        return None, [Problem(path, line_of(text, m.start()),
                              f"control character {char} in the text: is this a binary file? A note is UTF-8 text; "
                              "remove the character",
                              f"本文に制御文字 {char} があります（バイナリファイルでは？）: ノートは UTF-8 "
                              "のテキストです。この文字を削除してください")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if problems := limits.problems(path, text, len(data)):
        return None, problems
    return text, []


def symlink_problems(docs_dir: Path, shown: str = "") -> list[Problem]:
    """Every symbolic link under ``docs_dir`` (files and folders, followed nowhere), by its path
    (relative to ``docs_dir``, after ``shown``: the prefix its problems name it with)."""
    problems = []
    for folder, folders, names in os.walk(docs_dir):
        for name in sorted([*folders, *names]):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                relative = shown + Path(path).relative_to(docs_dir).as_posix()
                kind, kind_ja = ("folder", "フォルダー") if name in folders else ("file", "ファイル")
                problems.append(Problem(relative, None,
                                        f"a symbolic link ({kind}, to {os.readlink(path)}): the site publishes only "
                                        "files that are in docs/ themselves; copy what it points to into docs/, or "
                                        "remove it",
                                        f"シンボリックリンク（{kind_ja}、リンク先 {os.readlink(path)}）です: サイトは "
                                        "docs/ に実際にあるファイルだけを公開します。リンク先を docs/ にコピーするか、"
                                        "削除してください"))
        folders[:] = [f for f in folders if not os.path.islink(os.path.join(folder, f))]
    return problems


def _translation(path: str, languages: Iterable[str]) -> tuple[str, str] | None:
    """(original path, locale) of a translated file ``x.en.md``; None for an original."""
    m = RE_TRANSLATION.match(posixpath.basename(path))
    if not m:
        return None
    original = posixpath.join(posixpath.dirname(path), f"{m.group('stem')}.{m.group('ext')}")
    return original, m.group("locale")


def layout_problems(paths: Iterable[str], languages: Iterable[str] = (DEFAULT_LANGUAGE, "en"),
                    data: Mapping[str, bytes] | None = None) -> list[Problem]:
    """Files that are not where the site expects them (docs-relative ``paths``: every file the build
    reads). ``data``: the bytes of the files that are not Markdown, to check that images are images."""
    paths = sorted(paths)
    present = set(paths)
    languages = tuple(languages)
    problems = []
    for path in paths:
        if (problem := _name_problem(path)) is not None:
            problems.append(problem)
            continue
        translated = _translation(path, languages)
        if translated is not None and (translated[1] in languages or path.endswith(".md")):
            original, locale = translated
            if locale == DEFAULT_LANGUAGE or locale not in languages:
                built = ", ".join(languages)
                problems.append(Problem(path, None, f"'{locale}' is not a language of the site (it is built in "
                                                    f"{built}): name the file {original} (Japanese) or with one of "
                                                    "those languages",
                                        f"'{locale}' はサイトの言語ではありません（{built} でビルドされます）: "
                                        f"{original}（日本語）か、それらの言語の名前にしてください"))
                continue
            if original not in present:
                problems.append(Problem(path, None, f"translation without its Japanese page: {original} does not "
                                                    f"exist; add {original}, or remove this file",
                                        f"元の日本語ページのない翻訳です: {original} がありません。{original} "
                                        "を追加するか、このファイルを削除してください"))
                continue
            path_checked = original
        else:
            path_checked = path
        if path.endswith(".md"):
            if (problem := _page_place(path, path_checked)) is not None:
                problems.append(problem)
        elif path_checked not in SITE_FILES:
            problems += _asset_problems(path, path_checked, (data or {}).get(path))
    return problems


def _name_problem(path: str) -> Problem | None:
    shown = path.encode("utf-8", "backslashreplace").decode("utf-8")
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in path):
        return Problem(shown, None, "the file name is not UTF-8: rename the file (ASCII letters, digits and hyphens)",
                       "ファイル名が UTF-8 ではありません: 英数字とハイフンの名前に変えてください")
    if RE_CONTROL.search(path) or any(ch in path for ch in "\n\r\t"):
        return Problem(shown.replace("\n", "\\n").replace("\t", "\\t"), None,
                       "the file name contains a control character: rename the file (ASCII letters, digits and "
                       "hyphens)",
                       "ファイル名に制御文字があります: 英数字とハイフンの名前に変えてください")
    return None


def _page_place(path: str, original: str) -> Problem | None:
    """Where a Markdown page may be: ``path`` as it is, ``original`` without its language suffix."""
    if original in INDEX_PAGES:
        return None
    if (m := RE_QUESTION.match(original)) is not None:
        stem = m.group("stem")
        if RE_QUESTION_STEM.match(stem):
            return None
        if stem.isascii() and stem.isdigit():
            right = f"questions/{int(stem):03d}.md"
            return Problem(path, None, "a question file is named by its number in three or more digits: rename it to "
                                       f"{right}",
                           f"問題ファイルの名前は3桁以上の番号です: {right} に変えてください")
        return Problem(path, None, "a question file is named by its number in three or more ASCII digits, like "
                                   "questions/070.md",
                       "問題ファイルの名前は questions/070.md のように3桁以上の半角数字です")
    if (m := RE_TERM.match(original)) is not None:
        if RE_SLUG.match(m.group("slug")):
            return None
        return Problem(path, None, "a glossary page is named by a slug of lowercase ASCII letters, digits and single "
                                   "hyphens, like glossary/vanishing-gradient.md",
                       "用語ページの名前は glossary/vanishing-gradient.md "
                       "のような小文字の英数字とハイフンのスラッグです")
    return Problem(path, None, "not a page of this site: a question goes in questions/NNN.md (make new-question N=70), "
                               "a term in glossary/<slug>.md (make new-term SLUG=…)",
                   "このサイトのページの場所ではありません: 問題は questions/NNN.md（make new-question N=70）、"
                   "用語は glossary/<slug>.md（make new-term SLUG=…）に置いてください")


def _asset_problems(path: str, original: str, data: bytes | None) -> list[Problem]:
    extension = posixpath.splitext(original)[1].lower()
    if not original.startswith("assets/") or extension not in IMAGE_SIGNATURES:
        kinds = ", ".join(sorted(e.lstrip(".") for e in IMAGE_SIGNATURES))
        return [Problem(path, None, f"only images ({kinds}) under docs/assets/ can be added beside the notes; "
                                    "this file would be published on the site as it is: remove it, or, for an image, "
                                    "save it in one of those formats under docs/assets/",
                        f"ノートと一緒に置けるのは docs/assets/ の画像（{kinds}）だけです。"
                        "このファイルはそのまま公開されてしまいます: 削除するか、画像ならそれらの形式で docs/assets/ "
                        "に保存してください")]
    if data is not None and not any(data.startswith(signature) for signature in IMAGE_SIGNATURES[extension]):
        return [Problem(path, None, f"the file is named {extension} but its bytes are not a {extension.lstrip('.')} "
                                    "image: save the image again in that format",
                        f"ファイル名は {extension} ですが、中身が {extension.lstrip('.')} の画像ではありません: "
                        "その形式で保存し直してください")]
    return []
