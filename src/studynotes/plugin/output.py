"""What the build writes besides MkDocs' pages: each language's search index, what the pages'
script reads (term cards, review toggles, the questions' data, the manifest), the service worker
once every language is built, and the report of problems that ends the build."""

from __future__ import annotations

import contextlib
import logging
import os

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from studynotes import background, cards, catalog, offline, search, study
from studynotes.plugin.paths import page_path
from studynotes.plugin.state import LanguageBuild, Run
from studynotes.problems import Problem, message


class NotesBuildError(PluginError):
    """The notes have problems: ``problems`` lists them (``make lint`` prints them as they are)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(message(problems))


def start_search_index(build: LanguageBuild, pages, config, counts: dict[str, int]) -> None:
    """Every page's final text into this language's search index (site/search/, site/en/search/),
    written in a child process while MkDocs renders the pages (:func:`write_language_data` waits);
    then what the pages' script uses, added after the search took the text."""
    numbers = question_numbers(build)
    build.search = [finish_page(build, page, counts, numbers) for page in pages]
    build.indexing = background.start(search.write_index, build.search, build.language,
                                      os.path.join(config.site_dir, build.prefix, "search"))


def question_numbers(build: LanguageBuild) -> dict[str, int]:
    return {q.path: q.number for q in build.catalog.questions.values()}


def finish_page(build: LanguageBuild, page, counts: dict[str, int], numbers: dict[str, int]) -> tuple:
    """A page's entry of the search index (``search.page_sections``' arguments), taken from its
    final text, then its term cards and review toggle added."""
    path = page_path(page.file)
    note = catalog.is_note_page(path)
    names = build.terms.names_at(path, page.url) if note else None
    question = build.catalog.question_for(path)
    entry = (page.url, build.plain_titles.get(path) or _plain(page.title), page.content, names,
             question.tags if question is not None else (), not note)  # not a note: a listing
    if path in build.links:  # term cards
        page.content = cards.with_cards(page.content, build.terms.entries, counts, numbers, build.language)
    if question is not None:  # the review toggle
        page.content = study.review_button(page.content, question.number, build.language)
    elif path == study.STUDY_PAGE:  # the deck's controls
        page.content = study.with_deck(page.content, build.language)
    return entry


def _plain(title) -> str:
    return Markup(title).unescape() if isinstance(title, Markup) else str(title or "")


def write_language_data(build: LanguageBuild, config) -> None:
    """This language's questions for the review list, its cards to study, its manifest, and its
    search index (waited for)."""
    root = os.path.join(config.site_dir, build.prefix)
    offline.write(os.path.join(root, study.DATA_PATH), study.questions_data(
        build.catalog.questions.values(), build.urls, build.prefix, build.language))
    write_cards(build, config.site_dir)
    offline.write(os.path.join(root, offline.MANIFEST), offline.manifest(build.language, build.site_name, build.prefix))
    try:
        index = build.indexing.wait()
    except background.BackgroundError as e:
        raise PluginError(f"the search index could not be built:\n{e}") from None
    if build.rendering is not None:
        build.rendering.index = index


def write_cards(build: LanguageBuild, site_dir: str) -> None:
    """``study/cards.json`` of this language (written again when a summary is changed in place)."""
    offline.write(os.path.join(site_dir, build.prefix, study.CARDS_PATH), study.cards_data(
        build.terms.entries.values(), build.catalog, build.urls, build.prefix, build.language))


def finish(build: LanguageBuild, run: Run, config, log: logging.Logger) -> None:
    """Every language is built: the service worker knows what to keep (a preview gets one that
    removes a worker left by a build); the warnings are printed, and the problems end the build."""
    worker = (offline.retiring_worker() if run.serving else
              offline.service_worker(config.site_dir, [prefix for *_, prefix in build.languages] or [""]))
    offline.write(os.path.join(config.site_dir, offline.WORKER), worker)
    strict = bool(config.strict)
    for problem in run.report.warnings(strict):
        log.warning(str(problem))
    if fatal := run.report.fatal(strict):
        raise NotesBuildError(fatal)


def abandon(build: LanguageBuild | None) -> None:
    """A failed build leaves no process behind."""
    if build is None:
        return
    if build.linking is not None:
        build.linking.close()
    with contextlib.suppress(background.BackgroundError):  # the build's own error is the one to report
        build.indexing.wait()
