"""What the build knows: one object per language's build, one for what outlives it.

mkdocs-static-i18n runs the whole build once per language, the other languages' builds nested in
the default one's ``on_post_build``. :class:`LanguageBuild` is what one of them knows (made in
``on_files``, once the plugin has chosen that language's files); :class:`Run` is what deliberately
outlives a language's build, from the first ``on_config`` of a ``mkdocs build`` (or of a rebuild of
``mkdocs serve``) to its end: the problems of every language, the files read once for all of them,
and what the default language's build hands to the others.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from studynotes import background, guard, navhtml
from studynotes.catalog import Catalog
from studynotes.linker import PageLinks
from studynotes.matching import Matcher
from studynotes.problems import Report
from studynotes.terms import TermIndex

Language = tuple[str, str, str]  # (locale, name, site prefix "" or "en/") of a language built


@dataclass
class Timings:
    """Seconds spent in the project's code during one run: per MkDocs event, and per feature
    (parts of events, or work outside them such as the navigation, written from a template).
    ``make bench`` prints them."""

    events: dict[str, float] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def event(self, name: str) -> Iterator[None]:
        with self._timed(self.events, name):
            yield

    @contextmanager
    def feature(self, name: str) -> Iterator[None]:
        with self._timed(self.features, name):
            yield

    def add(self, feature: str, seconds: float) -> None:
        self.features[feature] = self.features.get(feature, 0.0) + seconds

    @contextmanager
    def _timed(self, into: dict[str, float], name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - start


@dataclass
class Run:
    """One ``mkdocs build`` (or rebuild of ``mkdocs serve``), over every language."""

    serving: bool = False                           # `mkdocs serve`: a preview (no service worker)
    report: Report = field(default_factory=Report)
    timings: Timings = field(default_factory=Timings)
    texts: dict[str, str] | None = None             # every Markdown file of docs/ that can be read
    refused: set[str] = field(default_factory=set)  # files left out of the build (unreadable, misplaced)
    default_texts: dict[str, str] = field(default_factory=dict)   # the default language's pages
    default_static: dict[str, str] = field(default_factory=dict)  # its 404.html and offline.html
    known_gaps: dict[int, str] = field(default_factory=dict)
    link_failures: dict[str, set[str]] = field(default_factory=dict)  # file → links the default build reported
    keep: bool = False                              # a preview: keep what renders a page again
    finished: list[LanguageBuild] = field(default_factory=list)    # the languages' builds, as they end


@dataclass
class CheckedPage:
    """What the guard found on a page, and its ids (for links into it)."""

    scan: guard.Scan
    real: str        # the file this build read, as a contributor names it (docs/questions/065.en.md)
    source: str      # its text
    body_start: int  # where its body starts, after the front matter


@dataclass
class NavState:
    """The navigation of one build, as ``studynotes.navhtml`` writes it (made in ``on_nav``, the
    pages' titles filled in ``on_env``), and the page being rendered."""

    items: dict[int, navhtml.Item]  # id of an item of MkDocs' navigation → its navhtml.Item
    sources: dict[int, object]      # id of an item of MkDocs' navigation → that item
    dirs: frozenset[str]
    cache: dict = field(default_factory=dict)
    page: object | None = None
    for_page: navhtml.PageView | None = None


@dataclass
class Rendering:
    """What rendering a page of a finished language's build again needs (kept for a preview's
    fast path, :mod:`studynotes.plugin.inplace`): MkDocs' config as it was for this language
    (mkdocs-static-i18n changes the one config object between the languages' builds), the
    plugins' attributes as they were (the tags plugin keeps one language's tags), its files,
    navigation and templates' environment, and the state of its search index once written."""

    config: object
    plugins: dict[str, dict]
    files: object
    nav: object
    env: object
    index: object | None = None  # studynotes.search.IndexState


@dataclass
class LanguageBuild:
    """One language's build: everything its events read, made once its files are known."""

    language: str
    prefix: str                                  # "" or "en/": where this language's pages are
    languages: list[Language]                    # every language built, the default first
    docs: str                                    # docs/ as a contributor names it
    catalog: Catalog
    terms: TermIndex
    matcher: Matcher
    real_paths: dict[str, str]                   # untranslated path → the file this build reads
    urls: dict[str, str]                         # untranslated path → URL of the page in this build
    changed: dict[str, int]                      # docs-relative file → time of its last commit
    site_name: str                               # in this language (the config changes between builds)
    study: dict                                  # config.study of every page (assets/javascripts/study.js)
    linking: background.Worker | None = None
    pending: list[tuple[object, str]] = field(default_factory=list)  # pages sent to the worker, and what was sent
    checked: dict[str, CheckedPage] = field(default_factory=dict)
    links: dict[str, PageLinks] = field(default_factory=dict)
    search: list[tuple] = field(default_factory=list)
    plain_titles: dict[str, str] = field(default_factory=dict)
    indexing: background.Job = field(default_factory=background.Job)
    nav: NavState | None = None
    mkdocs_nav: object | None = None             # MkDocs' Navigation, as the events left it
    rendering: Rendering | None = None           # kept for a preview
