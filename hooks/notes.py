"""MkDocs adapter for the study-notes package: events in, calls of ``studynotes`` out.

All logic lives in the ``studynotes`` package (``src/studynotes``). This file only registers the
events of one object, :class:`studynotes.plugin.events.NotesEvents` (MkDocs registers every
``on_*`` attribute of a hook module); that object keeps what one build knows, and what outlives
a language's build, in ``studynotes.plugin.state``. ARCHITECTURE.md, "How a page is built", says what
each event does and which module does it.

**The build is the guard.** Every file is screened before MkDocs reads it (``studynotes.sources``),
every page's front matter is checked against its schema (``studynotes.catalog``), every page's
rendered HTML against the allowlist (``studynotes.guard``), and every link once all pages are
known. Problems are collected over every language and the build fails at its end with all of them
(``make lint`` is this build, into a directory it throws away). A page with an error is never
written as it is. Strings from front matter reach Material's templates escaped (``Markup``).
"""

from studynotes.plugin.events import NotesBuildError, NotesEvents

# One object for every build of this process; `make bench` reads `events.timings`.
events = NotesEvents()

on_startup = events.on_startup
on_config = events.on_config
on_pre_build = events.on_pre_build
on_files = events.on_files
on_nav = events.on_nav
on_pre_page = events.on_pre_page
on_page_markdown = events.on_page_markdown
on_page_content = events.on_page_content
on_env = events.on_env
on_page_context = events.on_page_context
on_template_context = events.on_template_context
on_post_template = events.on_post_template
on_post_page = events.on_post_page
on_post_build = events.on_post_build
on_build_error = events.on_build_error

__all__ = ["NotesBuildError", "events"]
