"""The site navigation's HTML, element for element as Material for MkDocs' ``partials/nav-item.html``.

Material renders the whole navigation into every page with recursive Jinja macros. At 2,000
questions that was a quarter of the build (``make bench`` under py-spy: 26 % of the samples in
``nav-item.html``), more than any other part but Markdown itself. This module writes the same
elements, attributes and text in Python; ``overrides/partials/nav-item.html`` calls it in place
of Material's macro. ``tests/test_nav.py`` builds sites with Material's macro and with this one
and compares every page, so a change in Material (the version is pinned) cannot go unnoticed.

One difference, on purpose (WCAG 4.1.2, axe's ``landmark-unique``): the toggle of a section whose
index page is its link holds only an icon, and names the section's ``<nav>`` (``aria-labelledby``);
Material leaves both without a name; ours holds the section's title, visually hidden
(``site.css``), as a toggle without an index page shows it.

The navigation is a tree of :class:`Item` (sections, pages, links), made once per build; what
differs from page to page is which page is current and where its URLs point from. A closed part of
the navigation is the same in every page whose URLs point from the same place, so it is written
once for all of them (:func:`url_base`).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

ICON = '<span class="md-nav__icon md-icon"></span>'


@dataclass(eq=False)
class Item:
    """A section (``children``), a page or a link (``url``) of the navigation."""

    title: str
    url: str | None = None
    children: list[Item] | None = None
    is_index: bool = False
    subtitle: str | None = None
    status: str | None = None
    parent: Item | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for child in self.children or ():
            child.parent = self

    @property
    def index(self) -> Item | None:
        """A section's index page (its first), which ``navigation.indexes`` makes the section's link."""
        return next((c for c in self.children or () if c.is_index), None)


@dataclass(frozen=True)
class PageView:
    """What one page's navigation depends on."""

    current: Item | None               # the page being rendered (None: a page outside the navigation)
    url: Callable[[str], str]          # a site URL as written in this page (Material's ``url`` filter)
    has_toc: bool                      # the page has a table of contents below its title
    features: frozenset[str]           # Material's theme features
    status_titles: Mapping[str, str]   # ``extra.status``: tooltip of each page status
    # Pages with the same url_base write every URL but their own alike (None: this page's own).
    url_base: str | None = None


def has_toc_toggle(current: Item | None, features: Iterable[str]) -> bool:
    """Whether the navigation holds the current page's ``__toc`` checkbox, which Material's table of
    contents (``partials/toc.html``) labels: not for a page outside the navigation, nor for a
    section's index page under ``navigation.indexes`` (the section's link stands for it)."""
    if current is None:
        return False
    parent = current.parent
    return not (parent is not None and "navigation.indexes" in features
                and parent.index is current)


def url_dirs(urls: Iterable[str]) -> frozenset[str]:
    """The directories that hold pages of the site, for :func:`url_base`; a URL the navigation
    lists more than once counts as one (its pages then share nothing)."""
    dirs, seen = set(), set()
    for url in urls:
        path = url.strip("/")
        parts = path.split("/")
        dirs.update("/".join(parts[:i]) for i in range(len(parts)))
        if path in seen:
            dirs.add(path)
        seen.add(path)
    return frozenset(dirs)


def url_base(page_url: str, dirs: frozenset[str]) -> str | None:
    """Where a page's relative URLs point from, as far as the other pages' URLs are concerned.

    Relative URLs are written from the page's directory (``questions/065/``). Two pages in sibling
    directories (``questions/065/``, ``questions/066/``) write a URL the same way unless it leads into
    one of those directories: when no page lives below the page's directory, the parent directory
    is the key; else None (the page's navigation is written for it alone). ``dirs``: from
    :func:`url_dirs` over every URL of the navigation.
    """
    if not page_url.endswith("/"):  # a file (404.html, or URLs without directories): not a directory
        return None
    base = page_url.strip("/")
    return None if base in dirs else posixpath.dirname(base)


def render(item: Item, path: str, level: int, parent: Item | None, page: PageView,
           cache: dict | None = None) -> list[str]:
    """One navigation item's HTML, as Material's ``render(nav_item, path, level, parent)`` macro.

    Returns one string, or two when the current page is inside ``item`` and has a table of
    contents: Material includes the table of contents (``partials/toc.html``) between them.
    ``cache``: an empty dict, then the same dict for every page of one build with one navigation.
    """
    active = set()
    node = page.current
    while node is not None:
        active.add(id(node))
        node = node.parent
    out: list[str | None] = []
    _Writer(page, active, cache if page.url_base is not None else None).item(out, item, path, level, parent)
    if None in out:
        cut = out.index(None)
        return ["".join(out[:cut]), "".join(out[cut + 1:])]  # type: ignore[arg-type]
    return ["".join(out)]  # type: ignore[arg-type]


class _Writer:
    """Writes items for one page, into a list of strings (None: where the table of contents goes)."""

    def __init__(self, page: PageView, active: set[int], cache: dict | None):
        self.page, self.active, self.cache = page, active, cache

    def item(self, out: list, item: Item, path: str, level: int, parent: Item | None) -> None:
        if self.cache is None or id(item) in self.active:
            self._item(out, item, path, level, parent)
            return
        # Neither the current page nor an open section: the same for every page of this url_base.
        key = (id(item), path, level, parent is not None and id(parent) in self.active, self.page.url_base,
               self.page.features)
        html = self.cache.get(key)
        if html is None:
            written: list[str] = []
            self._item(written, item, path, level, parent)
            html = self.cache[key] = "".join(written)
        out.append(html)

    def _item(self, out: list, item: Item, path: str, level: int, parent: Item | None) -> None:
        page, features = self.page, self.page.features
        is_active = id(item) in self.active
        cls = "md-nav__item md-nav__item--active" if is_active else "md-nav__item"
        if not item.children:
            if item is page.current:
                self._current(out, item, cls)
            else:
                out.append(f'<li class="{cls}"><a href="{page.url(item.url or "")}" class="md-nav__link">')
                self._content(out, item, item)
                out.append("</a></li>")
            return
        index = None
        if "navigation.indexes" in features:
            index = item.index
        is_section = False
        if "navigation.tabs" in features:
            if level == 1 and is_active:
                cls, is_section = cls + " md-nav__item--section", True
            if ("navigation.sections" in features and level == 2 and parent is not None
                    and id(parent) in self.active):
                cls, is_section = cls + " md-nav__item--section", True
        elif "navigation.sections" in features and level == 1:
            cls, is_section = cls + " md-nav__item--section", True
        is_pruned = "navigation.prune" in features and not is_section and not is_active
        if is_pruned:
            cls += " md-nav__item--pruned"
        out.append(f'<li class="{cls} md-nav__item--nested">')
        if is_pruned:
            self._pruned(out, item, item)
            out.append("</li>")
            return
        checked = "checked" if is_active else ""
        indeterminate = "md-toggle--indeterminate" if "navigation.expand" in features and not checked else ""
        out.append(f'<input class="md-nav__toggle md-toggle {indeterminate}" type="checkbox" id="{path}" {checked}>')
        tabindex = "" if is_section else "0"
        if index is None:
            out.append(f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">')
            self._content(out, item, item)
            out.append(f"{ICON}</label>")
        else:
            current = "md-nav__link--active" if index is page.current else ""
            out.append(f'<div class="md-nav__link md-nav__container">'
                       f'<a href="{page.url(index.url or "")}" class="md-nav__link {current}">')
            self._content(out, index, item)
            out.append("</a>")
            if len(item.children) > 1:
                out.append(f'<label class="md-nav__link {current}" for="{path}" id="{path}_label" '
                           f'tabindex="{tabindex}">{ICON}<span class="visually-hidden">{item.title}</span></label>')
            out.append("</div>")
        out.append(f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
                   f'aria-expanded="{json.dumps(is_active)}"><label class="md-nav__title" for="{path}">'
                   f'{ICON}{item.title}</label><ul class="md-nav__list" data-md-scrollfix>')
        for number, child in enumerate(item.children, 1):
            if child is not index:
                self.item(out, child, f"{path}_{number}", level + 1, item)
        out.append("</ul></nav></li>")

    def _current(self, out: list, item: Item, cls: str) -> None:
        """The page being rendered: its link, and the place of its table of contents."""
        out.append(f'<li class="{cls}"><input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
        if self.page.has_toc:
            out.append('<label class="md-nav__link md-nav__link--active" for="__toc">')
            self._content(out, item, item)
            out.append(f"{ICON}</label>")
        out.append(f'<a href="{self.page.url(item.url or "")}" class="md-nav__link md-nav__link--active">')
        self._content(out, item, item)
        out.append("</a>")
        if self.page.has_toc:
            out.append(None)  # Material's partials/toc.html goes here
        out.append("</li>")

    def _pruned(self, out: list, item: Item, ref: Item) -> None:
        """A closed section: one link to its first page, titled with the section's name."""
        first = item.children[0] if item.children else None
        if first is not None and first.children:
            self._pruned(out, first, ref)
            return
        out.append(f'<a href="{self.page.url((first.url or "") if first else "")}" class="md-nav__link">')
        self._content(out, ref, ref)
        if item.children:
            out.append(ICON)
        out.append("</a>")

    def _content(self, out: list, item: Item, ref: Item) -> None:
        """An item's label: the title of ``ref``, the subtitle and status of ``item``."""
        out.append(f'<span class="md-ellipsis">{ref.title}')
        if item.subtitle:
            out.append(f"<br><small>{item.subtitle}</small>")
        out.append("</span>")
        if item.status:
            title = self.page.status_titles.get(item.status)
            cls = f"md-status md-status--{item.status}"
            out.append(f'<span class="{cls}" title="{title}"></span>' if title else f'<span class="{cls}"></span>')
