"""The build's guard over rendered pages: what ``studynotes.guard`` found on each page reported
at its source line, a refused page replaced by a notice, and every link checked once all pages of
the language are known."""

from __future__ import annotations

from studynotes import catalog, frontmatter, guard, mdscan, pages
from studynotes.linker import PageLinks
from studynotes.plugin import internals
from studynotes.plugin.paths import in_docs, page_path, renamed, url_key
from studynotes.plugin.state import CheckedPage, LanguageBuild, Run
from studynotes.problems import ERROR, Problem


def take(build: LanguageBuild, run: Run, page, scan: guard.Scan, tex_errors, links: PageLinks) -> str:
    """Record what the guard found on a page; its content, or a notice if it cannot be published."""
    path = page_path(page.file)
    real = f"{build.docs}/{build.real_paths.get(path, path)}"
    source = page.file.content_string
    front = mdscan.front_matter(source)
    body_start = front.body_start if front else 0
    found = guard.problems(real, source, scan.findings, body_start)
    if front and "TODO" in front.yaml:  # parsed again only then (the catalog has parsed it)
        found += front_matter_todos(frontmatter.split(path, source)[0], real)
    if tex_errors:
        found += [in_docs(p, build.docs, real) for p in pages.tex_problems(path, source, tex_errors).problems]
    locale = internals.i18n_locale(page.file)
    fallback = bool(build.prefix) and locale is not None and locale != build.language  # reported by the original build
    if (question := build.catalog.question_for(path)) is not None and not fallback:
        found += [renamed(p, build.real_paths, build.docs) for p in catalog.anchor_problems(question, scan.ids)]
    run.report.add(found)
    build.checked[path] = CheckedPage(scan, real, source, body_start)
    if any(f.severity == ERROR for f in scan.findings):
        return pages.refused_notice(build.language)  # never written as it is (the build fails)
    return links.html


def front_matter_todos(fm, real: str) -> list[Problem]:
    """``TODO`` placeholders in front matter values (as YAML decoded them), each on its value's line."""
    if fm is None:
        return []
    found = []

    def walk(value, at):
        if isinstance(value, str):
            for f in guard.todo_findings([value]):
                found.append(Problem(real, fm.line_at(*at), f.en, f.ja, f.severity))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*at, i))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*at, str(k)))
    walk(fm.data, ())
    return found


def check_links(build: LanguageBuild, run: Run, files, only: set[str] | None = None) -> None:
    """Links and images of every page (or of the pages ``only``) lead to a page, a file or an id
    of this build."""
    with run.timings.feature("guard"):
        _check_links(build, run, files, only)


def _check_links(build: LanguageBuild, run: Run, files, only: set[str] | None) -> None:
    targets: dict[str, guard.LinkTarget] = {}
    for file in files:
        url = url_key(file.url)
        if file.is_documentation_page() and file.page is not None:
            path = page_path(file)
            checked = build.checked.get(path)
            ids = set(checked.scan.ids) if checked is not None else set()
            ids |= toc_ids(file.page.toc)
            targets[url] = guard.LinkTarget(f"{build.real_paths.get(path, path)}", frozenset(ids))
        else:
            targets[url] = guard.LinkTarget(file.src_uri, None)
    known = set(build.real_paths) | {f.src_uri for f in files}
    for path, checked in build.checked.items():
        if only is not None and path not in only:
            continue
        file = files.get_file_from_path(build.real_paths.get(path, path))
        if file is None or file.page is None:
            continue
        fallback = None
        locale = internals.i18n_locale(file)
        if build.prefix and locale is not None and locale != build.language:
            fallback = (f"(this page has no {build.language} translation, so the {build.language} site shows it as "
                        "it is, and there the link leads to the translated page)",
                        f"（このページには {build.language} 版がないため、{build.language} 版のサイトではこのページが"
                        "そのまま表示され、リンク先は翻訳版のページになります）")
        failed = run.link_failures.setdefault(checked.real, set()) if fallback is None else None
        run.report.add(guard.link_problems(
            build.real_paths.get(path, path), url_key(file.url), checked.source, checked.scan.links, targets,
            lambda p: p if p in known else None, checked.body_start, fallback, checked.real,
            skip=run.link_failures.get(checked.real, set()) if fallback is not None else (), failed=failed))


def toc_ids(toc) -> set[str]:
    ids = set()
    for item in toc:
        ids.add(item.id)
        ids |= toc_ids(item.children)
    return ids
