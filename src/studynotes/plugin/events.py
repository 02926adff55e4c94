"""The MkDocs events of the site, as methods of one object: each a few lines of delegation into
the modules of ``studynotes.plugin``, which do the work on the build's state (``state``).

MkDocs loads a hook file once per process (per path), so one :class:`NotesEvents` serves every
build of ``hooks/notes.py`` in a process (the rebuilds of ``mkdocs serve``, the benchmark's builds,
the tests' builds of one project copy): it keeps the command it
was started for, the :class:`~studynotes.plugin.state.Run` in progress and the language builds in
progress, innermost last (mkdocs-static-i18n nests the other languages' builds in the first one's
``on_post_build``, which then goes on with its own), and the process's compiled templates
(:data:`~studynotes.plugin.templates.COMPILED`, shared by every hook object). Nothing else outlives a build, but for
a preview (``keep``): the last run that ended well (``finished``), its language builds with what
renders a page of each again (``state.Rendering``), for ``studynotes.plugin.inplace``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from pathlib import Path

from jinja2 import pass_context
from mkdocs.plugins import CombinedEvent, event_priority

from studynotes import search, sources
from studynotes.labels import label
from studynotes.plugin import (
    checking,
    inplace,
    intake,
    internals,
    languages,
    linking,
    metadata,
    navigation,
    output,
    templates,
)
from studynotes.plugin.deadline import Deadline
from studynotes.plugin.output import NotesBuildError
from studynotes.plugin.paths import docs_dir, page_path
from studynotes.plugin.state import LanguageBuild, Run, Timings
from studynotes.problems import message

# Outdated translations and the warnings of a preview are printed, not fatal: a logger of our own,
# so that --strict does not count them (the report decides what is fatal).
log = logging.getLogger("studynotes")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

__all__ = ["NotesBuildError", "NotesEvents", "notes_events"]


def notes_events(config) -> NotesEvents:
    """The hooks' events object of a loaded config (``hooks/notes.py``: ``events``)."""
    found = [module.events for module in internals.hook_modules(config) if hasattr(module, "events")]
    if len(found) != 1:
        raise LookupError(f"expected one hook module with an `events` object, found {len(found)}")
    return found[0]


def _timed(event: str):
    """Count the seconds spent in a method in the run's timings, under ``event``."""
    def decorate(method):
        @functools.wraps(method)
        def timed(self, *args, **kwargs):
            with self.run.timings.event(event):
                return method(self, *args, **kwargs)
        return timed
    return decorate


def written_pages(files) -> list:
    """The pages of a language's build that MkDocs has rendered (and will write), in its order."""
    return [f.page for f in files.documentation_pages() if f.page is not None and f.page.content is not None]


class NotesEvents:
    """Every event the site handles; ``hooks/notes.py`` registers them."""

    def __init__(self) -> None:
        self.serving = False               # `mkdocs serve`: a preview, no service worker
        self.keep = False                  # a preview that renders pages again in place (studynotes.preview)
        self.run: Run | None = None
        self.finished: Run | None = None   # the last run that ended well, if kept
        self.builds: list[LanguageBuild | None] = []
        self.compiled = templates.COMPILED  # one per process, outlives builds on purpose: see its docstring
        self.deadline = Deadline()         # the time guard of the page being rendered

    @property
    def build(self) -> LanguageBuild:
        return self.builds[-1]

    @property
    def timings(self) -> Timings:
        """Seconds spent in the project's code in the last run (``make bench`` prints them)."""
        return self.run.timings

    def on_startup(self, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        if self.builds and not internals.i18n_building(config):  # left by a build that did not end (interrupted)
            self.end_builds()
        if not self.builds:
            self.run = Run(serving=self.serving, keep=self.keep)
            self.finished = None
        self.builds.append(None)
        return config

    def on_pre_build(self, config):
        """Before MkDocs walks docs/ (it follows symbolic links): none may be there."""
        if problems := sources.symlink_problems(Path(config.docs_dir), docs_dir(config) + "/"):
            raise NotesBuildError(problems)
        if problems := search.table_problems():  # the search's spelling variants and query words
            raise NotesBuildError(problems)

    @event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
    @_timed("files")
    def on_files(self, files, config):
        intake.screen(self.run, files, config)
        self.builds[-1] = intake.start(self.run, files, config, log)
        linking.start_worker(self.build)
        return files

    @_timed("nav")
    def _regroup_nav(self, nav, config, files):
        navigation.regroup(nav, self.build)
        return nav

    @event_priority(-150)  # after mkdocs-static-i18n (-100) has translated the navigation
    @_timed("nav")
    def _read_nav(self, nav, config, files):
        self.build.nav = navigation.read(nav)
        self.build.mkdocs_nav = nav
        return nav

    on_nav = CombinedEvent(_regroup_nav, _read_nav)

    @event_priority(100)  # the first: the page's time starts here
    def on_pre_page(self, page, config, files):
        self.deadline.start(f"{docs_dir(config)}/{page.file.src_uri}", "Markdown")
        return page

    @_timed("page_markdown")
    def on_page_markdown(self, markdown, page, config, files):
        return metadata.prepare(markdown, page, self.build, self.run)

    @_timed("page_content")
    def on_page_content(self, html, page, config, files):
        self.deadline.stop()
        if linking.is_note(self.build, page_path(page.file)):
            linking.submit(self.build, page, html)  # checked and linked beside the build (on_env)
            return html
        with self.run.timings.feature("guard"):
            found = linking.process(self.build, page_path(page.file), page.file.url, html, False)
        return languages.untranslated(self.build, self.run, page, checking.take(self.build, self.run, page, *found))

    @event_priority(-50)  # after the tags plugin has filled its listings (priority 100)
    @_timed("env")
    def on_env(self, env, config, files):
        """Every page is rendered: links, backlinks and counts, every link checked, the search index."""
        linking.take_all(self.build, self.run)
        navigation.complete(self.build.nav, config)
        # Material indents its templates' block tags; dropping that indentation at compile time keeps
        # pages light (a question page's navigation is most of its bytes) and costs nothing per page.
        env.lstrip_blocks = True
        env.bytecode_cache = self.compiled
        env.globals["nav_item_html"] = self._nav_macro(self.build, self.run)  # overrides/partials/nav-item.html
        env.globals["toc_toggle"] = pass_context(functools.partial(navigation.toc_toggle, self.build.nav))
        env.globals["ui_label"] = functools.partial(label, self.build.language)  # overrides/partials/tags.html
        pages = written_pages(files)
        counts = linking.cross_reference(self.build, self.run, pages)
        checking.check_links(self.build, self.run, files)
        output.start_search_index(self.build, pages, config, counts)
        if self.run.keep:
            self.build.rendering = inplace.rendering(config, files, self.build.mkdocs_nav, env)
        return env

    @staticmethod
    def _nav_macro(build: LanguageBuild, run: Run):
        @pass_context
        def nav_item_html(context, nav_item, path, level, parent=None):
            with run.timings.feature("navigation"):  # outside the events, the project's code all the same
                return navigation.render_item(build.nav, context, nav_item, path, level, parent)
        return nav_item_html

    @_timed("page_context")
    def on_page_context(self, context, page, config, nav):
        self.deadline.start(f"{docs_dir(config)}/{page.file.src_uri}", "template")
        return templates.page_context(context, page, config, self.build)

    @event_priority(-100)  # the last: the page's template is rendered
    @_timed("post_page")
    def on_post_page(self, output_content, page, config):
        self.deadline.stop()
        return languages.marked_parts(self.build, output_content)

    @_timed("template_context")
    def on_template_context(self, context, template_name, config):
        return templates.template_context(context, template_name, config, self.build)

    @_timed("post_template")
    def on_post_template(self, output_content, template_name, config):
        output_content = languages.marked_parts(self.build, output_content)
        languages.keep_static_page(self.build, self.run, template_name, output_content)
        return output_content

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has run the other languages' builds
    @_timed("post_build")
    def on_post_build(self, config):
        build = self.build
        languages.move_static_pages(config, build, self.run)
        output.write_language_data(build, config)
        self.run.finished.append(self.builds.pop())
        if not self.builds:  # every language is built
            output.finish(build, self.run, config, log)
            if self.run.keep:
                self.finished = self.run

    @contextlib.contextmanager
    def rendering(self, build: LanguageBuild):
        """The events of a page of ``build``, a finished build, rendered again (``inplace``)."""
        self.builds = [build]
        try:
            yield
        finally:
            self.builds = []

    def end_builds(self) -> None:
        """End every build in progress without finishing it (a partial build of a test or a tool)."""
        while self.builds:
            output.abandon(self.builds.pop())

    def on_build_error(self, error):
        """A failed build leaves no process behind, and says what the notes' problems are."""
        self.deadline.stop()
        output.abandon(self.builds.pop() if self.builds else None)
        if (not self.builds and self.run is not None and not isinstance(error, NotesBuildError)
                and (problems := self.run.report.problems())):
            logging.getLogger("mkdocs.plugins.studynotes").error(message(problems))
