"""The preview's fast path: notes whose text changed, rendered again in place in the site being
served, with every page that shows what changed, in every language, and the search index updated.

A change is made in place when what it touches is known: the body of a note (its pages in each
language: a translation's outdated notice, or the note itself where it is not translated), or a
term's ``summary`` (also the term cards of every page that links to the term, and the glossary's
index). A full build decides everything else: the navigation (titles), the term index (names,
aliases), backlinks and counts (which terms a question mentions), links into a page (its
headings). So a change is made in place only when none of these can change: every file changed is
a note the last build read, its front matter reads the same but for a term's summary, and once
rendered again each page mentions the same terms, has the same ids, has no problem, and keeps its
sections in the search index. Otherwise :class:`NotInPlace` says why, and the preview builds the
whole site, as before.

What renders a page again is MkDocs' own: the two (private) steps ``mkdocs build`` runs for each
page, :func:`~studynotes.plugin.internals.populate_page` and
:func:`~studynotes.plugin.internals.build_page`, with the config, files, navigation and
environment of that language's finished build (:class:`~studynotes.plugin.state.Rendering`) and
its plugins' attributes as they were then, so every plugin's events run as in a build; the site's
own steps are those of a build too (``linking.finish_note``, ``output.finish_page``,
``checking.check_links``). That the result is the same, file for file, as a clean build of the
same notes is what ``tests/test_preview.py`` checks, on random edits.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import logging
import os

from studynotes import background, catalog, mdscan, search, sources, study, translations
from studynotes.catalog import Term
from studynotes.plugin import checking, internals, languages, linking, output
from studynotes.plugin.paths import page_path
from studynotes.plugin.state import LanguageBuild, Rendering, Run
from studynotes.problems import Report

GLOSSARY_INDEX = "glossary/index.md"
log = logging.getLogger("studynotes")  # the build's own warnings (studynotes.plugin.events)


class NotInPlace(Exception):
    """The change reaches beyond the pages of the notes changed: the site is to be built again."""


def rendering(config, files, nav, env) -> Rendering:
    """What renders a page of this language's build again, taken once it is ready (``on_env``)."""
    kept = copy.copy(config)
    kept["theme"] = copy.deepcopy(config.theme)  # the next language's build changes it in place
    return Rendering(kept, internals.plugin_states(config), files, nav, env)


def read(docs_dir: str, changed: list[str]) -> dict[str, str]:
    """The changed files of docs/ (absolute paths) as docs-relative path → text; :class:`NotInPlace`
    for a file that is not a note, or that is gone or cannot be read as a note must be."""
    texts = {}
    for path in changed:
        relative = os.path.relpath(path, docs_dir).replace(os.sep, "/")
        if relative.startswith("../") or not catalog.is_note_page(translations.untranslated_path(relative)):
            raise NotInPlace(f"{relative} is not a note")
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError:
            raise NotInPlace(f"{relative} was removed") from None
        text, problems = sources.decode(relative, raw)
        if text is None or problems:
            raise NotInPlace(f"{relative} cannot be read as it is")
        texts[relative] = text
    return texts


@dataclasses.dataclass
class _Rendered:
    build: LanguageBuild
    page: object
    at: int          # the page's place in the search index
    before: tuple    # its search entry before, and now
    after: tuple


def update(events, texts: dict[str, str]) -> list[str]:
    """Render again every page showing the notes ``texts`` (docs-relative path → new text) into the
    site of ``events``' last finished build; the output files written. Raises :class:`NotInPlace`
    (after which the kept build is no longer to be used: build the site)."""
    run: Run | None = events.finished
    if run is None:
        raise NotInPlace("no finished build to update")
    for path in texts:
        if path not in run.texts:
            raise NotInPlace(f"{path} is new")
    summaries = {path: term for path, text in texts.items() if (term := _summary_change(path, run.texts[path], text))}
    run.texts.update(texts)
    run.default_texts.update((path, text) for path, text in texts.items() if path in run.default_texts)
    rendered, decks = [], []
    for build in run.finished:
        terms = _take_summaries(build, summaries)
        rendered += _render(events, run, build, _showing(build, texts, terms), texts)
        if terms:  # the cards to study show the summary too
            decks.append(build)
    written = []
    for r in rendered:  # nothing is written before every page is made (then the index, which may still refuse)
        directory = os.path.join(r.build.rendering.config.site_dir, r.build.prefix, "search")
        index = search.replace_page(directory, r.build.rendering.index, r.at, search.page_sections(*r.before),
                                    search.page_sections(*r.after))
        if index is None:
            raise NotInPlace("the search index changes beyond the page")
        written += [os.path.join(directory, name) for name in index]
    for build in decks:
        output.write_cards(build, build.rendering.config.site_dir)
        written.append(os.path.join(build.rendering.config.site_dir, build.prefix, study.CARDS_PATH))
    doc_files = {id(build): build.rendering.files.documentation_pages() for build in run.finished}
    for r in rendered:
        kept = r.build.rendering
        internals.restore_plugin_states(kept.config, kept.plugins)  # as in this language's build
        r.build.nav.page = None  # the navigation's view of the page is made again
        with events.rendering(r.build):
            internals.build_page(r.page, kept.config, doc_files[id(r.build)], kept.nav, kept.env)
        written.append(r.page.file.abs_dest_path)
        if r.build.prefix and r.page.file.src_uri != page_path(r.page.file):  # a translation: still current?
            languages.warn_outdated_translations(log, r.build.docs, r.build, run,
                                                 {r.page.file.src_uri: r.page.file.content_string})
    return written


def _render(events, run: Run, build: LanguageBuild, pages: list, texts: dict[str, str]) -> list[_Rendered]:
    """The content of ``pages`` of ``build`` made again as its build made it (the steps of its
    pages, then of ``on_env``), each checked to change nothing beyond itself."""
    if not pages:
        return []
    kept = build.rendering
    before = {}
    for page in pages:
        path = page_path(page.file)
        if page.file.src_uri in texts:
            page.file.content_string = texts[page.file.src_uri]
        before[path] = (_mentions(build, path), _ids(build, page))
    at = {entry[0]: i for i, entry in enumerate(build.search)}
    paths = set(before)
    report, run.report = run.report, Report()
    internals.restore_plugin_states(kept.config, kept.plugins)  # as in this language's build
    try:
        with events.rendering(build):
            build.linking = background.Worker(functools.partial(linking.process, build), fork=False)
            for page in pages:
                internals.populate_page(page, kept.config, kept.files)
            linking.take_all(build, run)
            counts = linking.cross_reference(build, run, pages)  # a term page's backlinks
            for page in pages:
                path = page_path(page.file)
                if _mentions(build, path) != before[path][0]:
                    raise NotInPlace(f"the terms {path} mentions changed")
                if _ids(build, page) != before[path][1]:
                    raise NotInPlace(f"the headings of {path} changed")
            checking.check_links(build, run, kept.files, only=paths)
            if problems := run.report.problems():
                raise NotInPlace(f"{problems[0].path} has problems: {problems[0]}")
            numbers = output.question_numbers(build)
            entries = [output.finish_page(build, page, counts, numbers) for page in pages]
    finally:
        run.report = report
    rendered = []
    for page, entry in zip(pages, entries, strict=True):
        i = at[page.url]
        rendered.append(_Rendered(build, page, i, build.search[i], entry))
        build.search[i] = entry
    return rendered


def _summary_change(path: str, old: str, new: str) -> Term | None:
    """None for an edit of the body alone; the term, as it is now, whose summary alone changed;
    :class:`NotInPlace` for any other change of the front matter."""
    if mdscan.same_front_matter(old, new):
        return None
    page = translations.untranslated_path(path)
    (before, problems), (after, more) = catalog.collect_catalog({page: old}), catalog.collect_catalog({page: new})
    was, now = list(before.terms.values()), list(after.terms.values())
    if problems or more or len(was) != 1 or len(now) != 1 or (
            dataclasses.replace(was[0], summary=now[0].summary) != now[0]):
        raise NotInPlace(f"the front matter of {path} changed")
    return now[0]


def _take_summaries(build: LanguageBuild, summaries: dict[str, Term]) -> list[Term]:
    """The terms whose new summary ``build`` shows (it reads that file, not a translation of it),
    their summaries now in its catalog and term index."""
    taken = []
    for changed, term in summaries.items():
        if build.real_paths.get(term.path) != changed:  # this language shows its translation
            continue
        build.catalog.terms[term.slug] = term
        build.terms.entries[term.path].summary = term.summary
        taken.append(term)
    return taken


def _showing(build: LanguageBuild, texts: dict[str, str], terms: list[Term]) -> list:
    """The pages of ``build`` that show the notes changed: their own pages (in this language, a
    note or its translation), and for a term whose summary changed, the pages with its card and
    the glossary's index."""
    pages = {page_path(f): f.page for f in build.rendering.files.documentation_pages() if f.page is not None}
    showing = [path for path, page in pages.items() if page.file.src_uri in texts or path in texts]
    for term in terms:
        showing += [path for path, links in build.links.items() if term.path in links.mentions]
        showing.append(GLOSSARY_INDEX)
    return [pages[path] for path in dict.fromkeys(showing) if path in pages]


def _mentions(build: LanguageBuild, path: str):
    links = build.links.get(path)
    return links.mentions if links is not None else None


def _ids(build: LanguageBuild, page) -> frozenset[str]:
    return frozenset(build.checked[page_path(page.file)].scan.ids) | frozenset(checking.toc_ids(page.toc))
