"""Command line.

``python -m studynotes import FILE… [--docs DIR] [--force] [--report FILE]``: raw note files → pages
  (re-exports merged).
``python -m studynotes i18n-report [--docs DIR] [--language en]``: missing and outdated translations.
``python -m studynotes i18n-stamp FILE…``: record which version of its Japanese page a translation translates.
``python -m studynotes lint [--docs DIR]``: the build's checks (both languages, strict), without writing the site.
``python -m studynotes new-question N [--docs DIR] [--source TITLE]``: a new question page to fill in.
``python -m studynotes new-term SLUG [--docs DIR]``: a new glossary page to fill in.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import importer, importreport, scaffold, sources, translations
from . import lint as notes_lint
from .catalog import read_sources
from .errors import NotesError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studynotes", description="Study-notes site tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="turn raw note files into pages under docs/")
    imp.add_argument("files", nargs="+", type=Path, help="raw note files (questions or glossary format)")
    imp.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    imp.add_argument("--force", action="store_true", help="overwrite pages that already exist")
    imp.add_argument("--report", type=Path, help="also write the report as a Markdown checklist to this file")
    rep = sub.add_parser("i18n-report", help="list missing and outdated translations")
    rep.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    rep.add_argument("--language", default="en", help="the translation language (default: en)")
    stp = sub.add_parser("i18n-stamp", help="record the Japanese version a translation is up to date with")
    stp.add_argument("files", nargs="+", type=Path, help="translations, e.g. docs/questions/065.en.md")
    stp.add_argument("--language", default="en", help="the translation language (default: en)")
    lnt = sub.add_parser("lint", help="check every note (both languages) and list the problems")
    lnt.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    nq = sub.add_parser("new-question", help="create questions/NNN.md with TODO markers to fill in")
    nq.add_argument("number", help="the question number, e.g. 70")
    nq.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    nq.add_argument("--source", help="the title of the raw note file, e.g. 'CloudTech Study' (optional)")
    nt = sub.add_parser("new-term", help="create glossary/SLUG.md with TODO markers to fill in")
    nt.add_argument("slug", help="the page name: lowercase ASCII words joined by hyphens, e.g. batch-normalization")
    nt.add_argument("--docs", type=Path, default=Path("docs"), help="the docs directory (default: docs)")
    args = parser.parse_args(argv)
    if args.command == "lint":
        return lint(args.docs)
    if args.command in ("new-question", "new-term"):
        return new_page(args)
    if args.command == "i18n-report":
        return i18n_report(args.docs, args.language)
    if args.command == "i18n-stamp":
        return i18n_stamp(args.files, args.language)

    return import_notes(args.files, args.docs, args.force, args.report)


def import_notes(files: list[Path], docs: Path, force: bool, report_file: Path | None = None) -> int:
    """Raw note files → pages under ``docs``; never a page the build would refuse (importer.check_pages).
    A page that exists takes a re-export's changes three ways (importer.plan_writes); the report says
    what was done and what to check (printed, and as a Markdown checklist in ``report_file``)."""
    status = 0
    if docs.is_dir() and (links := sources.symlink_problems(docs, f"{docs}/")):
        for problem in links:
            print(problem, file=sys.stderr)
        return 1
    render = _renderer(docs)
    existing = read_sources(docs) if docs.is_dir() else {}
    known = importer.known_names(existing)
    checklists = []
    for file in files:
        if file.is_symlink():
            target = os.readlink(file)
            print(f"{file}: a symbolic link (to {target}): import the file itself / シンボリックリンク"
                  f"（リンク先 {target}）です: ファイルそのものを取り込んでください", file=sys.stderr)
            status = 1
            continue
        try:
            data = file.read_bytes()
            pages = importer.placed(importer.read_note(str(file), data, known), docs)
        except NotesError as e:
            print(e, file=sys.stderr)
            status = 1
            continue
        except OSError as e:
            print(f"{file}: cannot read ({e.strerror}) / 読み込めません（{e.strerror}）", file=sys.stderr)
            status = 1
            continue
        previous = None if force else importer.previous_pages(file, docs, known)
        accepted, notes, problems = importer.check_pages(pages, str(file), data.decode("utf-8"), existing, render)
        for line in notes:
            print(line, file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            status = 1
            print(f"{file}: {len(pages) - len(accepted)} page(s) not written: fix them in the raw note and import "
                  f"again / {len(pages) - len(accepted)} ページを書き込みませんでした: "
                  "元ノートを直して取り込み直してください",
                  file=sys.stderr)
        outcomes = importer.plan_writes(accepted, docs, force=force, previous=previous)
        importer.write_outcomes(outcomes)
        for line in importreport.printed(outcomes):
            print(line)
        gone = sorted(set(previous or ()) - {p.path for p in pages})
        for path in gone:
            note = (f"{docs / path}: its section is no longer in {file}; the page is left as it is "
                    f"/ この節は {file} にもうありません。ページはそのままです")
            print(note)
            notes.append(note)
        if any(o.action == "conflict" for o in outcomes):
            status = 1
        checklists.append(importreport.checklist(file, outcomes, [*notes, *map(str, problems)]))
        for o in outcomes:
            if o.text is not None:
                existing[o.page.path] = o.text
        known = importer.known_names(existing)
    if report_file is not None:
        report_file.write_text("\n".join(checklists), encoding="utf-8")
        print(f"report: {report_file} (a checklist for the pull request / プルリクエスト用のチェックリスト)")
    return status


def _renderer(docs: Path):
    """The site's Markdown (the extensions of mkdocs.yml), for the guard's check of imported pages."""
    config_file = notes_lint.find_config(docs)
    if config_file is None:
        return None
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(config_file))

    def render(text: str) -> str:
        return markdown.Markdown(extensions=config.markdown_extensions,
                                 extension_configs=config.mdx_configs).convert(text)
    return render


def i18n_report(docs: Path, language: str) -> int:
    found = translations.statuses(read_sources(docs), language)
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
            print(f"{file}: not a '.{language}.md' translation / '.{language}.md' の翻訳ではありません",
                  file=sys.stderr)
            status = 1
            continue
        source = file.with_name(original)
        if not source.exists():
            print(f"{file}: its Japanese page {source} does not exist / 元の日本語ページ {source} がありません",
                  file=sys.stderr)
            status = 1
            continue
        original_text = source.read_text(encoding="utf-8")
        file.write_text(translations.stamp(file.read_text(encoding="utf-8"), original_text), encoding="utf-8")
        print(f"{file}: translates {source} version {translations.version(original_text)}")
    return status


def _shown(docs: Path) -> str:
    """The docs directory as a contributor names it: relative to the working directory if inside it."""
    relative = os.path.relpath(docs)
    return docs.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def lint(docs: Path) -> int:
    """The build's checks (both languages, strict) without writing the site: see studynotes.lint."""
    if not docs.is_dir():
        print(f"{docs}: no such directory / ディレクトリがありません", file=sys.stderr)
        return 2
    config = notes_lint.find_config(docs)
    if config is None:
        print(f"{docs}: no mkdocs.yml beside it or here / mkdocs.yml が見つかりません", file=sys.stderr)
        return 2
    result = notes_lint.lint(config, docs)
    for problem in result.problems:
        print(problem)
    for line in result.messages:
        print(line)
    if result.problems or result.messages:
        count = len(result.problems) + len(result.messages)
        files = len({p.path for p in result.problems}) + (1 if result.messages else 0)
        print(f"lint: {count} problem(s) in {files} file(s) / {files} ファイルに {count} 件の問題があります",
              file=sys.stderr)
        return 1
    print(f"lint: {result.pages} pages checked in every language, no problems / "
          f"{result.pages} ページを全言語で確認しました。問題はありません")
    return 0


def new_page(args) -> int:
    try:
        if args.command == "new-question":
            created = scaffold.new_question(args.docs, args.number, args.source)
        else:
            created = scaffold.new_term(args.docs, args.slug)
    except scaffold.ScaffoldError as e:
        print(e, file=sys.stderr)
        return 2
    print(created.as_posix())
    print("fill in every TODO, then run 'make lint' / TODO の箇所をすべて書き換えてから 'make lint' を実行してください",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
