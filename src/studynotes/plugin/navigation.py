"""The site's navigation in the build: MkDocs' navigation regrouped (questions in blocks of ten
within hundreds, terms by initial), then handed to ``studynotes.navhtml``, which writes it into
every page in place of Material's recursive macro (``overrides/partials/nav-item.html``).

``regroup`` and ``read`` run in ``on_nav`` (``read`` after mkdocs-static-i18n has translated it);
``complete`` in ``on_env``, once every page has its title; ``render_item`` is the templates' macro,
``toc_toggle`` tells the table of contents whether its label has a control.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from studynotes import frontmatter, indexes, navhtml
from studynotes.labels import label
from studynotes.plugin import internals
from studynotes.plugin.paths import docs_dir, page_path
from studynotes.plugin.state import LanguageBuild, NavState

ORDER = {"index.md": 0, "questions/": 1, "glossary/": 2, "tags.md": 3, "review.md": 4, "study.md": 5}
REFUSED_IN_NAV = ("icon", "typeset", "encrypted")  # a front matter icon, Material's typeset and encryption plugins


def regroup(nav: Navigation, build: LanguageBuild) -> None:
    """Home, questions, glossary, tags, review list, term cards in that order; questions and terms in blocks."""
    nav.items.sort(key=lambda item: ORDER.get(_src_prefix(item), 9))
    by_src = {page_path(p.file): p for p in nav.pages}
    for item in nav.items:
        prefix = _src_prefix(item)
        if isinstance(item, Page) and prefix == "index.md":
            item.title = item.title or label(build.language, "home")
        if isinstance(item, Section) and prefix == "questions/":
            item.title = label(build.language, "questions")
            tree = indexes.question_tree(build.catalog.questions.values())
            _set_blocks(item, _question_blocks(tree, by_src, build.language))
        if isinstance(item, Section) and prefix == "glossary/":
            item.title = label(build.language, "glossary")
            _set_blocks(item, [Section(indexes.initial_label(initial, build.language),
                                       [_page(by_src, t.path) for t in ts if t.path in by_src])
                               for initial, ts in indexes.group_terms(build.catalog.terms.values())])
    internals.relink_navigation(nav)  # parents, page order, previous and next follow the blocks


def read(nav: Navigation) -> NavState:
    """The navigation as ``navhtml`` items (their titles filled by :func:`complete`)."""
    items: dict[int, navhtml.Item] = {}
    sources: dict[int, object] = {}
    for item in nav.items:
        _item(item, items, sources)
    listed = [p.url for p in nav.pages]
    if len(set(listed)) != len(listed):
        twice = sorted({url for url in listed if listed.count(url) > 1})
        raise PluginError(f"pages listed twice in the navigation: {', '.join(twice)} / "
                          f"ナビゲーションに二度載っているページがあります: {', '.join(twice)}")
    return NavState(items, sources, navhtml.url_dirs(i.url for i in items.values() if i.url is not None))


def complete(state: NavState, config) -> None:
    """Every page has been read: the items take their titles, subtitles and statuses."""
    for key, item in state.items.items():
        source = state.sources[key]
        item.title = source.title
        if isinstance(source, Page):
            meta = source.meta or {}
            found = {"icon": meta.get("icon"), "typeset": getattr(source, "typeset", None),
                     "encrypted": getattr(source, "encrypted", None)}
            for name in (name for name in REFUSED_IN_NAV if found[name]):
                fm, _ = frontmatter.split(source.file.src_uri, source.file.content_string)
                line = fm.key_lines.get(name) if fm is not None else None
                raise PluginError(f"{docs_dir(config)}/{source.file.src_uri}{f':{line}' if line else ''}: '{name}' "
                                  f"is not supported in the site's navigation (studynotes.navhtml), remove it / "
                                  f"'{name}' はサイトのナビゲーションで使えません。削除してください")
            item.subtitle, item.status = meta.get("subtitle"), meta.get("status")


def render_item(state: NavState, context, nav_item, path: str, level: int, parent=None) -> list[str]:
    """Material's navigation item macro, written by ``studynotes.navhtml``."""
    config = context["config"]
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if state.for_page is None or state.page is not page:  # once per page, not per item
        toc = list(page.toc) if page is not None else []
        if toc and toc[0].level == 1:
            toc = toc[0].children
        base = context["base_url"]
        state.page, state.for_page = page, navhtml.PageView(
            current=state.items.get(id(page)), url=lambda url: normalize_url(url, page=page, base=base),
            has_toc=bool(toc), features=frozenset(config.theme.get("features") or ()),
            status_titles=config.extra.get("status") or {},
            url_base=navhtml.url_base(page.url, state.dirs) if page is not None else None)
    return navhtml.render(state.items[id(nav_item)], path, level, state.items.get(id(parent)), state.for_page,
                          state.cache)


def toc_toggle(state: NavState, context) -> bool:
    """Whether this page's navigation holds the ``__toc`` checkbox that the table of contents
    (``overrides/partials/toc.html``) labels."""
    page = context.get("page")
    current = state.items.get(id(page)) if isinstance(page, Page) else None
    return navhtml.has_toc_toggle(current, context["config"].theme.get("features") or ())


def _item(item, items: dict[int, navhtml.Item], sources: dict[int, object]) -> navhtml.Item:
    """``item`` of MkDocs' navigation (and everything below it) as a ``navhtml.Item``, each also
    recorded by the id of MkDocs' item."""
    if isinstance(item, Section):
        made = navhtml.Item(item.title, children=[_item(child, items, sources) for child in item.children])
    elif isinstance(item, Page):
        made = navhtml.Item(item.title, url=item.url, is_index=item.is_index)
    else:  # a link
        made = navhtml.Item(item.title, url=item.url)
    items[id(item)], sources[id(item)] = made, item
    return made


def _src_prefix(item) -> str:
    if isinstance(item, Page):
        return page_path(item.file)
    below = internals.pages_in([item])
    return page_path(below[0].file).split("/")[0] + "/" if below else ""


def _page(by_src: dict[str, Page], src_uri: str) -> Page:
    if src_uri not in by_src:
        raise PluginError(f"{src_uri}: page not found in navigation")
    return by_src[src_uri]


def _question_blocks(tree, by_src: dict[str, Page], language: str) -> list[Section]:
    """Nested sections for blocks of questions (hundreds, then tens), their pages inside."""
    blocks = []
    for (first, last), children in tree:
        nested = bool(children) and isinstance(children[0], tuple)
        items = (_question_blocks(children, by_src, language) if nested
                 else [_page(by_src, q.path) for q in children if q.path in by_src])
        blocks.append(Section(label(language, "question_group", first=first, last=last), items))
    return blocks


def _set_blocks(section: Section, blocks: list[Section]) -> None:
    """Replace a section's flat list of pages by ``blocks``, keeping its index page first, and the
    pages the catalog does not know (refused, reported) after them, so that none is orphaned."""
    index = [c for c in section.children if isinstance(c, Page) and page_path(c.file).endswith("index.md")]
    placed = {id(p) for p in internals.pages_in(blocks)}
    rest = [c for c in section.children if isinstance(c, Page) and c not in index and id(c) not in placed]
    section.children = index + blocks + rest
