"""Glossary links in the build: each note page checked, rendered to MathML and linked in a child
process while MkDocs renders the next pages (``studynotes.background.Worker``), then every question
given its related terms and every term its backlinks, once all pages are linked."""

from __future__ import annotations

import functools

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from studynotes import background, crossrefs, guard, indexes, mathml
from studynotes.linker import PageLinks, TermLink, link_page
from studynotes.plugin import checking, languages
from studynotes.plugin.paths import href, page_path
from studynotes.plugin.state import LanguageBuild, Run
from studynotes.problems import ERROR


def is_note(build: LanguageBuild, path: str) -> bool:
    return build.catalog.question_for(path) is not None or build.catalog.term_for(path) is not None


def process(build: LanguageBuild, path: str, url: str, content: str, link: bool):
    """One page: the guard's scan, MathML, and (for notes) glossary links. Runs in the worker's
    process for notes (see :func:`submit`); a page the guard refuses is not linked."""
    scan = guard.scan(content, todos=link, generated_h1=build.catalog.question_for(path) is not None)
    rendered, tex_errors = mathml.render_page(content)
    if not link or any(f.severity == ERROR for f in scan.findings):
        return scan, tex_errors, PageLinks(rendered)
    to = href(build.urls, path, url)

    def target(key: str) -> TermLink | None:
        entry = build.terms.entries[key]
        return None if entry.path == path else TermLink(to(entry.path, entry.anchor), key)

    return scan, tex_errors, link_page(rendered, build.matcher, target, build.terms.defining(path))


def start_worker(build: LanguageBuild) -> None:
    """Started once the terms, the matcher and the URLs of this build are known: what it reads."""
    build.linking = background.Worker(functools.partial(process, build))


def submit(build: LanguageBuild, page, content: str) -> None:
    """A note page's HTML, to be checked and linked beside the build (taken in :func:`take_all`)."""
    try:
        build.linking.submit(page_path(page.file), page.file.url, content, True)
    except background.BackgroundError as e:
        raise failed(e) from None
    build.pending.append((page, content))


def take_all(build: LanguageBuild, run: Run) -> None:
    """Every note page's checked, linked content, and for a question its section of related terms."""
    with run.timings.feature("crosslinks"):
        _take_all(build, run)
    run.timings.add("pages_beside", build.linking.busy_s)  # the child's own time


def _take_all(build: LanguageBuild, run: Run) -> None:
    try:
        linked = build.linking.results()
    except background.BackgroundError as e:
        raise failed(e) from None
    for (page, sent), found in zip(build.pending, linked, strict=True):
        if page.content is not sent:  # changed since (e.g. a tags listing): process what it is now
            found = process(build, page_path(page.file), page.file.url, page.content, True)
        finish_note(build, run, page, *found)
    build.pending = []


def finish_note(build: LanguageBuild, run: Run, page, scan, tex_errors, links: PageLinks) -> None:
    """A note page's content once checked and linked; a question's related terms section."""
    path = page_path(page.file)
    build.links[path] = links
    content = checking.take(build, run, page, scan, tex_errors, links)
    if build.catalog.question_for(path) is not None and content is links.html:
        # Every term the question mentions, its own explained terms included (as in-page links).
        related = crossrefs.related_section(list(links.mentions), build.terms.entries,
                                            href(build.urls, path, page.file.url), build.language)
        content = add_section(page, content, related)
    page.content = languages.untranslated(build, run, page, content)


def cross_reference(build: LanguageBuild, run: Run, pages) -> dict[str, int]:
    """Each term page of ``pages`` lists the questions that mention it, the glossary's index their
    counts; returns the counts (term key → questions)."""
    with run.timings.feature("crosslinks"):
        mentioned_in = crossrefs.mentions_by_term(build.catalog.questions.values(),
                                                  {path: links.mentions for path, links in build.links.items()})
        counts = {key: len(questions) for key, questions in mentioned_in.items()}
        _add_backlinks(build, pages, mentioned_in, counts)
    return counts


def _add_backlinks(build: LanguageBuild, pages, mentioned_in: dict[str, list], counts: dict[str, int]) -> None:
    for page in pages:
        file = page.file
        path = page_path(file)
        entry = build.terms.by_path(path)
        if entry is not None and path in build.links:
            page.content = add_section(page, page.content, crossrefs.backlinks_section(
                entry, mentioned_in.get(entry.key, []), href(build.urls, path, page.file.url), build.language))
        elif path == "glossary/index.md":
            page.content = indexes.fill_counts(page.content, counts, build.language)


def add_section(page, content: str, section: tuple[str, str, str] | None) -> str:
    """Append a generated section to a page and to its table of contents."""
    if section is None:
        return content
    title, ident, html = section
    link = AnchorLink(title, ident, 2)
    top = page.toc.items
    (top[0].children if len(top) == 1 and top[0].level == 1 else top).append(link)
    return crossrefs.insert_before_source(content, html)


def failed(error: background.BackgroundError) -> PluginError:
    return PluginError(f"cross-linking failed / 用語リンクの処理に失敗しました:\n{error}")
