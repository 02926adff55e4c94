"""What Material's templates get from the build: the language switcher's links, this language's
search index, the pages' script configuration, and the texts of the pages that are not notes
(404.html, offline.html)."""

from __future__ import annotations

from urllib.parse import urlsplit

from jinja2.bccache import Bucket, BytecodeCache

from studynotes import i18n, offline
from studynotes.plugin import languages
from studynotes.plugin.state import LanguageBuild


def page_context(context, page, config, build: LanguageBuild):
    """The language switcher and the hreflang links lead to this page in each language."""
    languages.set_alternates(config, build, page.url)
    context["search_index"] = build.prefix + "search/"  # this language's index, for the search worker
    context["study"] = build.study
    return context


def template_context(context, template_name: str, config, build: LanguageBuild):
    """Pages that are not notes (404.html, offline.html): their alternates are the languages' home pages."""
    languages.set_alternates(config, build, build.prefix)
    if template_name == "404.html":
        context["not_found"] = i18n.not_found(build.language, build.languages, config.site_url or "")
    if template_name == offline.TEMPLATE:
        # Served by the service worker in place of any page not read yet: its addresses are absolute,
        # as the error pages' are (the page it stands for can be anywhere).
        context["base_url"] = urlsplit(config.site_url or "/").path
        context["offline"] = offline.page_texts(build.language)
    context["study"] = build.study
    return context


class CompiledTemplates(BytecodeCache):
    """Material's templates compiled once, not once per build: MkDocs makes a new Jinja environment
    for every build (two per site, one per language; every rebuild of ``mkdocs serve``, every build
    of a test), and compiling its ~90 templates was a third of a small site's build.

    Kept in memory, keyed by the template's name and file, the source's checksum, and what else
    Jinja fixes when it compiles (:func:`_settings`: the environment's syntax and options, which
    filters and tests exist and how they are called), so a changed template, setting or filter is
    compiled again; the code then runs with each build's own filters, tests and globals.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> Bucket:
        key = self.get_cache_key(f"{name}|{_settings(environment)}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        checksum, code = self._code.get(key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:  # get_bucket reads the code itself
        pass

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        """Forget every compiled template (``make bench`` times each build as ``make build`` runs it)."""
        self._code.clear()


# One for the process: every hook object (one per project copy a test builds, each loaded from its own
# hooks/notes.py) shares it, so Material's templates are compiled once per process; an overridden
# template of a copy is another file, hence another key.
COMPILED = CompiledTemplates()


def _settings(environment) -> str:
    """What, besides the source, the code Jinja compiles depends on."""
    def kinds(functions) -> tuple:
        return tuple(sorted((name, repr(getattr(f, "jinja_pass_arg", None))) for name, f in functions.items()))
    return repr((type(environment).__qualname__, environment.block_start_string, environment.block_end_string,
                 environment.variable_start_string, environment.variable_end_string,
                 environment.comment_start_string, environment.comment_end_string, environment.line_statement_prefix,
                 environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
                 environment.newline_sequence, environment.keep_trailing_newline, environment.autoescape,
                 environment.optimized, environment.finalize, environment.is_async, environment.sandboxed,
                 getattr(environment, "newstyle_gettext", None), sorted(environment.extensions),
                 kinds(environment.filters), kinds(environment.tests)))
