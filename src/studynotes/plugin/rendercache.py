"""Pages' Markdown converted once per content while the preview runs: a whole build after a new
title, a new page or a deleted one converts again only the pages whose Markdown changed.

Converting Markdown is nearly half of a build (35 s of 76 s at 2,000 questions), and a change of
the navigation changes no page's Markdown but its own. MkDocs has no event that could skip the
conversion, so the preview (only it: ``make build`` converts every page, as MkDocs does) wraps
``Page.render``, MkDocs' one step that converts a page, with :class:`RenderCache`
(:func:`~studynotes.plugin.internals.page_render_replaced`): the same Markdown of the same page,
with the same files around it (links are resolved against them) and the same Markdown settings,
gives what the conversion gave, and is not converted again. Entries live for two builds (the last
one and the one running), so the cache holds about one site.

What a conversion gave is what the real ``render`` set on the page, found by comparing the page's
attributes before and after it, not a list of names: in MkDocs 1.6.1 its HTML, its table of
contents, its title from the rendering (private), its anchors and its links to anchors, and
whatever a later version sets as well. A table of contents is copied deep, once taken and each
time given (the hooks append their sections to it); any other value is given as a shallow copy
(a set or a dict of the page's own; what is in it, such as the files ``links_to_anchors`` is keyed
by, is shared). ``tests/test_internals.py`` checks, on a real page, that this is exactly what
``render`` sets.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from studynotes.plugin import internals

GONE = object()  # an attribute the conversion removed from the page


class RenderCache:
    def __init__(self) -> None:
        self.now: dict[tuple, dict] = {}     # what this build (or update) converted or took
        self.before: dict[tuple, dict] = {}  # what the last one did
        self.hits = self.misses = 0
        self.set_by_render: set[str] = set()  # every attribute a conversion has set or removed so far

    def next_build(self) -> None:
        """A build starts: what the one before it did not use is forgotten."""
        self.before, self.now = self.now, {}
        self.hits = self.misses = 0

    def render(self, convert, page: Page, config, files) -> None:
        """``convert(page, config, files)`` (MkDocs' ``Page.render``), or what it gave before."""
        key = (page.markdown, page.file.src_uri, page.file.url, page.file.dest_uri, _files_key(files),
               _settings(config))
        found = self.now.get(key) or self.before.pop(key, None)
        if found is None:
            found = self._convert(convert, page, config, files)
            self.misses += 1
        else:
            attributes = vars(page)
            for name, value in found.items():
                if value is GONE:
                    attributes.pop(name, None)
                else:
                    attributes[name] = _copy(value)
            self.hits += 1
        self.now[key] = found

    def _convert(self, convert, page: Page, config, files) -> dict:
        """Convert the page: what the conversion set on it (attribute → a copy of its value), or
        removed (:data:`GONE`), with every attribute a conversion of another page has set (the
        same value may be set again: the same object is no change, such as a title of None)."""
        before = dict(vars(page))
        convert(page, config, files)
        after = vars(page)
        self.set_by_render |= {name for name, value in after.items() if name not in before or before[name] is not value}
        self.set_by_render |= before.keys() - after.keys()
        return {name: _copy(after[name]) if name in after else GONE
                for name in sorted(self.set_by_render) if name in after or name in before}


def _copy(value):
    """A value the conversion set, for another page (see the module's docstring)."""
    return copy.deepcopy(value) if isinstance(value, TableOfContents) else copy.copy(value)


def _files_key(files) -> int:
    """The files a page's links are resolved against (their paths and addresses), once per Files."""
    key = getattr(files, "_studynotes_render_key", None)
    if key is None:
        key = hash((type(files).__qualname__, tuple(
            (f.src_uri, internals.i18n_src_uri(f), f.url, f.dest_uri) for f in files)))
        files._studynotes_render_key = key
    return key


def _settings(config) -> str:
    return repr((config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"]))


@contextlib.contextmanager
def installed(cache: RenderCache) -> Iterator[RenderCache]:
    """MkDocs' ``Page.render`` goes through ``cache`` while in the block (a preview's life)."""
    with internals.page_render_replaced(cache.render):
        yield cache
