"""MkDocs adapter for the study-notes package: events in, calls of ``studynotes`` out.

All logic lives in the ``studynotes`` package (``src/studynotes``); this file only turns MkDocs
events into calls of it and its errors into ``PluginError``. mkdocs-static-i18n runs the whole
build once per language (Japanese into ``site/``, English into ``site/en/``), so everything is
rebuilt in ``on_files`` of every build, after the plugin has chosen that language's files. Pages
are known by their untranslated path (``questions/065.md`` for ``questions/065.en.md`` too).
"""

from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import pass_context
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url, normalize_url

from studynotes import catalog as notes_catalog
from studynotes import (background, crossrefs, frontmatter, gitdates, i18n, indexes, mathml, navhtml, pages, search,
                        translations)
from studynotes.errors import RE_DOCS_PATH, NotesError
from studynotes.labels import label
from studynotes.linker import PageLinks, Target, link_page
from studynotes.matching import Matcher
from studynotes.terms import TermIndex, build_term_index

# Rebuilt in on_files of every build: mkdocs-static-i18n runs one build per language.
_catalog: notes_catalog.Catalog | None = None
_terms: TermIndex | None = None
_matcher: Matcher | None = None
_links: dict[str, PageLinks] = {}
_search: list[tuple] = []  # page_sections arguments of every page
_indexing = background.Job()
_linking: background.Worker | None = None  # links each note page beside the build (on_page_content)
_pending: list[tuple[Page, str]] = []  # the pages sent to _linking and the HTML sent, in order
_default_texts: dict[str, str] = {}  # the default language's pages, kept for the other builds
_real_paths: dict[str, str] = {}  # untranslated path → the file this build reads (for error messages)
_urls: dict[str, str] = {}  # untranslated path → URL of the page in this build
_changed: dict[str, int] = {}  # docs-relative file → time of its last commit
_prefix = ""  # where this language's pages are, under site/: "" or "en/"
_languages: list[tuple[str, str, str]] = []  # (locale, name, site prefix) of every language built
_nav: _NavState | None = None  # this build's navigation as navhtml writes it (first page rendered)

# Outdated translations are reported, not fatal: a logger of our own, so --strict does not count it.
log = logging.getLogger("studynotes")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


def _language(config) -> str:
    return config.theme.get("language") or "ja"


@event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config):
    global _catalog, _terms, _matcher, _links, _search, _real_paths, _urls, _changed, _prefix, _languages, _linking
    global _nav
    pages_ = files.documentation_pages()
    texts = {f.src_uri: f.content_string for f in pages_}  # every page of this build, read once
    notes = [f for f in pages_ if notes_catalog.is_note_page(_path(f))]
    _real_paths = {_path(f): f.src_uri for f in notes}
    _urls = {_path(f): f.url for f in pages_}
    sources = {_path(f): texts[f.src_uri] for f in notes}
    _changed, shallow = gitdates.last_changes(Path(config.docs_dir))
    if shallow:
        log.warning("the git history is shallow: pages show no last-updated date (check out the full "
                    "history: fetch-depth: 0) / git の履歴が浅いため、更新日を表示しません")
        _changed = {}
    home = files.get_file_from_path("index.md")
    _prefix = i18n.site_prefix(home.url if home else "")
    _languages = _read_languages(config)
    if not _prefix:
        _default_texts.clear()
        _default_texts.update(texts)  # the originals, for the other languages' builds
    else:
        _warn_outdated_translations(config, texts)
    try:
        _catalog = notes_catalog.build_catalog(sources)
        _terms = build_term_index(_catalog)
    except NotesError as e:
        raise PluginError(_with_docs_dir(e, config)) from None
    _matcher = Matcher(_terms.names())
    _links = {}
    _search = []
    _nav = None
    # Started once the terms, the matcher and the URLs of this build are known: they are what it reads.
    _linking = background.Worker(_link)
    _pending.clear()
    return files


def on_nav(nav: Navigation, config, files):
    language = _language(config)
    order = {"index.md": 0, "questions/": 1, "glossary/": 2, "tags.md": 3}
    nav.items.sort(key=lambda item: order.get(_src_prefix(item), 9))
    by_src = {_path(p.file): p for p in nav.pages}
    for item in nav.items:
        prefix = _src_prefix(item)
        if isinstance(item, Page) and prefix == "index.md":
            item.title = item.title or label(language, "home")
        if isinstance(item, Section) and prefix == "questions/":
            item.title = label(language, "questions")
            _set_blocks(item, _question_blocks(indexes.question_tree(_catalog.questions.values()), by_src, language))
        if isinstance(item, Section) and prefix == "glossary/":
            item.title = label(language, "glossary")
            _set_blocks(item, [_section(indexes.initial_label(initial, language), [_page(by_src, t.path) for t in ts])
                               for initial, ts in indexes.group_terms(_catalog.terms.values())])
    _relink(nav)
    return nav


def on_page_markdown(markdown: str, page: Page, config, files):
    language = _language(config)
    path = _path(page.file)
    # The site's own search index replaces the index of Material's search plugin, which stays
    # enabled only for its search box and result list (see on_env).
    page.meta["search"] = {"exclude": True}
    if (when := _changed.get(page.file.src_uri)) is not None:
        page.meta["revision_date"] = gitdates.format_date(when, language)  # Material shows it
        page.update_date = gitdates.iso_date(when)  # the sitemap's lastmod, not the build date
    if (question := _catalog.question_for(path)) is not None:
        # Navigation, <title> and search show the number with the title.
        page.title = page.meta["title"] = pages.question_nav_title(question, language)
        # Material writes page.meta.description into an attribute as it is: give it escaped.
        page.meta.setdefault("description", html.escape(label(language, "question_description",
                                                               number=question.number, title=question.title)))
        return pages.question_markdown(markdown, question, language)
    if (term := _catalog.term_for(path)) is not None:
        page.meta.setdefault("description", html.escape(term.summary))  # search engines, link previews
        return pages.term_markdown(markdown, term, language)
    return pages.index_markdown(markdown, _catalog, _terms, language)


def on_page_content(html: str, page: Page, config, files):
    path = _path(page.file)
    rendered, errors = mathml.render_page(html)
    if errors:
        raise PluginError(_with_docs_dir(pages.tex_problems(path, page.file.content_string, errors), config))
    if not notes_catalog.is_note_page(path):
        return _untranslated(page, rendered, config)
    # Linked in a child process while MkDocs renders the next pages; on_env takes the result.
    try:
        _linking.submit(path, page.file.url, rendered)
    except background.BackgroundError as e:
        raise _linking_failed(e) from None
    _pending.append((page, rendered))
    return rendered


def _link(path: str, url: str, rendered: str) -> PageLinks:
    """Cross-link one note page (in the worker's process: see on_page_content)."""
    href = _href(path, url)

    def target(key: str) -> Target | None:
        entry = _terms.entries[key]
        return None if entry.path == path else Target(href(entry.path, entry.anchor), entry.summary)

    return link_page(rendered, _matcher, target, _terms.defining(path))


def _take_links(config) -> None:
    """Every note page's linked content, and for a question its section of related terms."""
    try:
        linked = _linking.results()
    except background.BackgroundError as e:
        raise _linking_failed(e) from None
    language = _language(config)
    for (page, sent), links in zip(_pending, linked, strict=True):
        path = _path(page.file)
        if page.content is not sent:  # changed since (e.g. a tags listing): link what it is now
            links = _link(path, page.file.url, page.content)
        _links[path] = links
        content = links.html
        if _catalog.question_for(path) is not None:
            # Every term the question mentions, its own explained terms included (as in-page links).
            related = crossrefs.related_section(list(links.mentions), _terms.entries,
                                                _href(path, page.file.url), language)
            content = _add_section(page, content, related)
        page.content = _untranslated(page, content, config)


def _linking_failed(error: background.BackgroundError) -> PluginError:
    return PluginError(f"cross-linking failed / 用語リンクの処理に失敗しました:\n{error}")


@event_priority(-50)  # after the tags plugin has filled its listings (priority 100)
def on_env(env, config, files):
    """Every page has been scanned for mentions: add backlinks and the glossary's counts, then
    take every page's final text for the search index."""
    _take_links(config)
    # Material indents its templates' block tags; dropping that indentation at compile time keeps
    # pages light (a question page's navigation is most of its bytes) and costs nothing per page.
    env.lstrip_blocks = True
    env.globals["nav_item_html"] = _nav_item_html  # overrides/partials/nav-item.html
    language = _language(config)
    mentioned_in = crossrefs.mentions_by_term(_catalog.questions.values(),
                                              {path: links.mentions for path, links in _links.items()})
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        path = _path(file)
        entry = _terms.by_path(path)
        if entry is not None:
            page.content = _add_section(page, page.content, crossrefs.backlinks_section(
                entry, mentioned_in.get(entry.key, []), _href(path, page.file.url), language))
        elif path == "glossary/index.md":
            counts = {key: len(questions) for key, questions in mentioned_in.items()}
            page.content = indexes.fill_counts(page.content, counts, language)
        names = _terms.names_at(path, page.url) if notes_catalog.is_note_page(path) else None
        _search.append((page.url, page.title, page.content, names, page.meta.get("tags") or ()))
    # Each language's index beside its pages (site/search/, site/en/search/), built while MkDocs
    # renders the pages; on_post_build waits for it.
    global _indexing
    _indexing = background.start(search.write_index, _search, language,
                                 os.path.join(config.site_dir, _prefix, "search"))
    return env


def on_page_context(context, page: Page, config, nav):
    """The language switcher and the hreflang links lead to this page in each language."""
    _set_alternates(config, page.url)
    context["search_index"] = _prefix + "search/"  # this language's index, for the search worker
    return context


def on_template_context(context, template_name, config):
    """Pages that are not notes (404.html): their alternates are the languages' home pages."""
    _set_alternates(config, _prefix)
    if template_name == "404.html":
        context["not_found"] = i18n.not_found(_language(config), _languages, config.site_url or "")
    return context


def on_build_error(error):
    """A failed build leaves no process behind."""
    if _linking is not None:
        _linking.close()
    try:
        _indexing.wait()
    except background.BackgroundError:
        pass  # the build's own error is the one to report


def on_post_build(config):
    _keep_404_per_language(config)
    try:
        _indexing.wait()
    except background.BackgroundError as e:
        raise PluginError(f"the search index could not be built:\n{e}") from None


# -- MkDocs plumbing ---------------------------------------------------------------------------

@dataclass
class _NavState:
    """The navigation of one build for navhtml, and the page being rendered."""

    items: dict[int, navhtml.Item]  # id of an item of MkDocs' navigation → its navhtml.Item
    dirs: frozenset[str]
    cache: dict = field(default_factory=dict)
    page: Page | None = None
    for_page: navhtml.Page | None = None


@pass_context
def _nav_item_html(context, nav_item, path: str, level: int, parent=None) -> list[str]:
    """Material's navigation item macro, written by ``studynotes.navhtml``."""
    global _nav
    config = context["config"]
    if _nav is None:
        items: dict[int, navhtml.Item] = {}
        for item in context["nav"].items:
            _nav_item(item, config, items)
        listed = [p.url for p in context["nav"].pages]
        if len(set(listed)) != len(listed):
            twice = sorted({url for url in listed if listed.count(url) > 1})
            raise PluginError(f"pages listed twice in the navigation: {', '.join(twice)} / "
                              f"ナビゲーションに二度載っているページがあります: {', '.join(twice)}")
        _nav = _NavState(items, navhtml.url_dirs(i.url for i in items.values() if i.url is not None))
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if _nav.for_page is None or _nav.page is not page:  # once per page, not per item
        toc = list(page.toc) if page is not None else []
        if toc and toc[0].level == 1:
            toc = toc[0].children
        base = context["base_url"]
        _nav.page, _nav.for_page = page, navhtml.Page(
            current=_nav.items.get(id(page)), url=lambda url: normalize_url(url, page=page, base=base),
            has_toc=bool(toc), features=frozenset(config.theme.get("features") or ()),
            status_titles=config.extra.get("status") or {},
            url_base=navhtml.url_base(page.url, _nav.dirs) if page is not None else None)
    return navhtml.render(_nav.items[id(nav_item)], path, level, _nav.items.get(id(parent)), _nav.for_page,
                          _nav.cache)


def _nav_item(item, config, items: dict[int, navhtml.Item]) -> navhtml.Item:
    """``item`` of MkDocs' navigation (and everything below it) as a ``navhtml.Item``, each also
    recorded in ``items`` by the id of MkDocs' item."""
    if isinstance(item, Section):
        made = navhtml.Item(item.title, children=[_nav_item(child, config, items) for child in item.children])
    elif isinstance(item, Page):
        meta = item.meta or {}
        # A front matter icon, and what Material's typeset and encryption plugins add to pages.
        found = {"icon": meta.get("icon"), "typeset": getattr(item, "typeset", None),
                 "encrypted": getattr(item, "encrypted", None)}
        for name in (name for name, value in found.items() if value):
            fm, _ = frontmatter.split(item.file.src_uri, item.file.content_string)
            line = fm.key_lines.get(name) if fm is not None else None
            raise PluginError(f"{_docs_dir(config)}/{item.file.src_uri}{f':{line}' if line else ''}: '{name}' is "
                              f"not supported in the site's navigation (studynotes.navhtml), remove it / "
                              f"'{name}' はサイトのナビゲーションで使えません。削除してください")
        made = navhtml.Item(item.title, url=item.url, is_index=item.is_index, subtitle=meta.get("subtitle"),
                            status=meta.get("status"))
    else:  # a link
        made = navhtml.Item(item.title, url=item.url)
    items[id(item)] = made
    return made


def _href(here: str, here_url: str):
    """``href(path, anchor)``: the URL of a docs page (and section) relative to the page ``here``
    (an untranslated path) at ``here_url``."""

    def href(path: str, anchor: str = "") -> str:
        if path == here and anchor:
            return f"#{anchor}"
        target = _urls.get(path)
        url = get_relative_url(target, here_url) if target is not None else path
        return f"{url}#{anchor}" if anchor else url
    return href


def _add_section(page: Page, content: str, section: tuple[str, str, str] | None) -> str:
    """Append a generated section to a page and to its table of contents."""
    if section is None:
        return content
    title, ident, html = section
    link = AnchorLink(title, ident, 2)
    top = page.toc.items
    (top[0].children if len(top) == 1 and top[0].level == 1 else top).append(link)
    return crossrefs.insert_before_source(content, html)


def _path(file) -> str:
    """A page's untranslated path: ``questions/065.md`` for ``questions/065.en.md`` too."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


def _set_alternates(config, url: str) -> None:
    """Material's language switcher and hreflang links: the page at ``url`` in each language."""
    config.extra["alternate"] = [
        {"name": name, "lang": locale, "link": link}
        for locale, name, link in i18n.alternates(url, _prefix, _languages, config.site_url or "")]


def _read_languages(config) -> list[tuple[str, str, str]]:
    """(locale, name, site prefix) of every language built, the default first; [] without i18n."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return []
    languages = [lang for lang in plugin.config.languages if lang.build]
    languages.sort(key=lambda lang: not lang.default)
    return [(lang.locale, lang.name, "" if lang.default else f"{lang.locale}/") for lang in languages]


def _untranslated(page: Page, html: str, config) -> str:
    """A page shown in the default language because its translation is missing: say so, and link
    to the original."""
    language, locale = _language(config), getattr(page.file, "locale", None)
    if not _prefix or locale is None or locale == language:
        return html
    original = get_relative_url(page.url[len(_prefix):] or "./", page.url)
    return i18n.untranslated_notice(language, locale, original) + f'<div lang="{locale}">{html}</div>'


_default_404: bytes | None = None


def _keep_404_per_language(config) -> None:
    """MkDocs writes 404.html at the site's root in every build: the other languages' builds
    (which run after the default one) move theirs below their prefix and put the default back."""
    global _default_404
    path = os.path.join(config.site_dir, "404.html")
    if not os.path.exists(path):
        return
    if not _prefix:
        with open(path, "rb") as f:
            _default_404 = f.read()
        return
    os.replace(path, os.path.join(config.site_dir, _prefix, "404.html"))
    if _default_404 is not None:
        with open(path, "wb") as f:
            f.write(_default_404)


def _warn_outdated_translations(config, texts: dict[str, str]) -> None:
    """``texts``: this build's pages; the originals come from the default build, which runs first
    (or from disk, when only this language is built)."""
    originals = _default_texts or notes_catalog.read_sources(Path(config.docs_dir))
    sources = {**originals, **texts}
    found = translations.statuses(sources, _language(config))
    stale = [s for s in found if s.state in (translations.OUTDATED, translations.UNSTAMPED)]
    for line in translations.report(stale, _language(config)):
        log.warning(f"{_docs_dir(config)}/{line}")


def _src_prefix(item) -> str:
    if isinstance(item, Page):
        return _path(item.file)
    pages_below = [p for p in _walk([item]) if isinstance(p, Page)]
    return _path(pages_below[0].file).split("/")[0] + "/" if pages_below else ""


def _walk(items):
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _page(pages: dict[str, Page], src_uri: str) -> Page:
    if src_uri not in pages:
        raise PluginError(f"{src_uri}: page not found in navigation")
    return pages[src_uri]


def _question_blocks(tree, by_src: dict[str, Page], language: str) -> list[Section]:
    """Nested sections for blocks of questions (hundreds, then tens), their pages inside."""
    blocks = []
    for (first, last), children in tree:
        nested = bool(children) and isinstance(children[0], tuple)
        items = (_question_blocks(children, by_src, language) if nested
                 else [_page(by_src, q.path) for q in children])
        blocks.append(_section(label(language, "question_group", first=first, last=last), items))
    return blocks


def _section(title: str, children: list) -> Section:
    section = Section(title, children)
    for child in children:
        child.parent = section
    return section


def _set_blocks(section: Section, blocks: list[Section]) -> None:
    """Replace a section's flat list of pages by ``blocks``, keeping its index page first."""
    index = [c for c in section.children if isinstance(c, Page) and _path(c.file).endswith("index.md")]
    for block in blocks:
        block.parent = section
    section.children = index + blocks


def _relink(nav: Navigation) -> None:
    """Page order, previous and next links follow the regrouped navigation."""
    nav.pages = [p for p in _walk(nav.items) if isinstance(p, Page)]
    for before, after in zip(nav.pages, nav.pages[1:]):
        before.next_page, after.previous_page = after, before
    if nav.pages:
        nav.pages[0].previous_page = None
        nav.pages[-1].next_page = None


def _docs_dir(config) -> str:
    """docs/ as a contributor names it: relative to the repository (where mkdocs.yml is)."""
    return os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))


def _with_docs_dir(error: NotesError, config) -> str:
    """Name files as a contributor sees them: relative to the repository, not to docs/, and the
    file this build read (``questions/065.en.md`` in the English build)."""
    docs = _docs_dir(config)
    return RE_DOCS_PATH.sub(lambda m: f"{docs}/{_real_paths.get(m.group(0), m.group(0))}", str(error))
