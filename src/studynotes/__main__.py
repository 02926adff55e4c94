"""Command line: ``python -m studynotes import FILE… [--docs DIR] [--force]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import NotesError
from .importer import parse_note, write_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studynotes", description="Study-notes site tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="turn raw note files into pages under docs/")
    imp.add_argument("files", nargs="+", type=Path, help="raw note files (questions or glossary format)")
    imp.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    imp.add_argument("--force", action="store_true", help="overwrite pages that already exist")
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    sys.exit(main())
