"""Command line.

``python -m studynotes import FILE… [--docs DIR] [--force]``: raw note files → pages.
``python -m studynotes i18n-report [--docs DIR] [--language en]``: missing and outdated translations.
``python -m studynotes i18n-stamp FILE…``: record which version of its Japanese page a translation translates.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import NotesError
from . import translations
from .importer import parse_note, write_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studynotes", description="Study-notes site tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="turn raw note files into pages under docs/")
    imp.add_argument("files", nargs="+", type=Path, help="raw note files (questions or glossary format)")
    imp.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    imp.add_argument("--force", action="store_true", help="overwrite pages that already exist")
    rep = sub.add_parser("i18n-report", help="list missing and outdated translations")
    rep.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    rep.add_argument("--language", default="en", help="the translation language (default: en)")
    stp = sub.add_parser("i18n-stamp", help="record the Japanese version a translation is up to date with")
    stp.add_argument("files", nargs="+", type=Path, help="translations, e.g. docs/questions/065.en.md")
    stp.add_argument("--language", default="en", help="the translation language (default: en)")
    args = parser.parse_args(argv)
    if args.command == "i18n-report":
        return i18n_report(args.docs, args.language)
    if args.command == "i18n-stamp":
        return i18n_stamp(args.files, args.language)

    status = 0
    for file in args.files:
        try:
            pages = parse_note(str(file), file.read_text(encoding="utf-8"))
        except NotesError as e:
            print(e, file=sys.stderr)
            status = 1
            continue
        except OSError as e:
            print(f"{file}: cannot read ({e.strerror}) / 読み込めません（{e.strerror}）", file=sys.stderr)
            status = 1
            continue
        for line in write_pages(pages, args.docs, force=args.force):
            print(line)
    return status


def i18n_report(docs: Path, language: str) -> int:
    sources = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))}
    found = translations.statuses(sources, language)
    for line in translations.report(found, language):
        print(f"{docs.as_posix()}/{line}")
    counts = {state: sum(s.state == state for s in found) for state in
              (translations.CURRENT, translations.OUTDATED, translations.UNSTAMPED, translations.MISSING)}
    print(f"{language}: {len(found)} pages, " + ", ".join(f"{n} {state}" for state, n in counts.items()))
    return 0


def i18n_stamp(files: list[Path], language: str) -> int:
    status = 0
    for file in files:
        original = translations.original_path(file.name, language)
        if original is None:
            print(f"{file}: not a '.{language}.md' translation / '.{language}.md' の翻訳ではありません", file=sys.stderr)
            status = 1
            continue
        source = file.with_name(original)
        if not source.exists():
            print(f"{file}: its Japanese page {source} does not exist / 元の日本語ページ {source} がありません",
                  file=sys.stderr)
            status = 1
            continue
        file.write_text(translations.stamp(file.read_text(encoding="utf-8"), source.read_text(encoding="utf-8")),
                        encoding="utf-8")
        print(f"{file}: translates {source} version {translations.version(source.read_text(encoding='utf-8'))}")
    return status


if __name__ == "__main__":
    sys.exit(main())
