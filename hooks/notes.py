"""MkDocs adapter for the study-notes package: events in, calls of ``studynotes`` out.

All logic lives in the ``studynotes`` package (``src/studynotes``); this file turns MkDocs events
into calls of it, keeps what one build knows on an object (:class:`_Build`), and what outlives a
language's build on another (:class:`_Run`: the report of problems, the default language's texts).
mkdocs-static-i18n runs the whole build once per language (Japanese into ``site/``, English into
``site/en/``), nested in the first build's ``on_post_build``, so everything is rebuilt in
``on_files`` of every build, after the plugin has chosen that language's files. Pages are known by
their untranslated path (``questions/065.md`` for ``questions/065.en.md`` too).

**The build is the guard.** Every file is screened before MkDocs reads it (``studynotes.sources``),
every page's front matter is checked against its schema (``studynotes.catalog``), every page's
rendered HTML against the allowlist (``studynotes.guard``), and every link once all pages are
known. Problems are collected over every language and the build fails at its end with all of them
(``make lint`` is this build, into a directory it throws away). A page with an error is never
written as it is. Strings from front matter reach Material's templates escaped (``Markup``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import pass_context
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url, normalize_url

from studynotes import catalog as notes_catalog
from studynotes import (background, cards, crossrefs, frontmatter, gitdates, guard, i18n, indexes, mathml, navhtml, offline, pages,
                        search, sources, study, translations)
from studynotes.errors import ERROR, RE_DOCS_PATH, Problem
from studynotes.labels import label
from studynotes.linker import PageLinks, Target, link_page
from studynotes.gaps import KNOWN_GAPS_FILE, KNOWN_GAPS_PATH, read_known_gaps
from studynotes.matching import Matcher
from studynotes.report import Report, message
from studynotes.terms import TermIndex, collect_term_index

# Outdated translations and the warnings of a preview are printed, not fatal: a logger of our own,
# so that --strict does not count them (the report decides what is fatal).
log = logging.getLogger("studynotes")
if not log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(_handler)
    log.propagate = False


class NotesBuildError(PluginError):
    """The notes have problems: ``problems`` lists them (``make lint`` prints them as they are)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(message(problems))


@dataclass
class _Run:
    """One ``mkdocs build`` (or rebuild of ``mkdocs serve``), over every language."""

    report: Report = field(default_factory=Report)
    texts: dict[str, str] | None = None        # every Markdown file of docs/ that can be read
    refused: set[str] = field(default_factory=set)  # files left out of the build (unreadable, misplaced)
    default_texts: dict[str, str] = field(default_factory=dict)  # the default language's pages
    default_static: dict[str, str] = field(default_factory=dict)  # 404.html, offline.html of the default language
    known_gaps: dict[int, str] = field(default_factory=dict)
    link_failures: dict[str, set[str]] = field(default_factory=dict)  # file → links reported by the default build


@dataclass
class _Page:
    """What the guard found on a page, and its ids (for links into it)."""

    scan: guard.Scan
    real: str     # the file this build read, as a contributor names it (docs/questions/065.en.md)
    source: str   # its text
    body_start: int  # where its body starts, after the front matter


@dataclass
class _Build:
    """One language's build."""

    language: str
    prefix: str                                  # "" or "en/": where this language's pages are
    languages: list[tuple[str, str, str]]        # (locale, name, prefix) of every language built
    docs: str                                    # docs/ as a contributor names it
    catalog: notes_catalog.Catalog
    terms: TermIndex
    matcher: Matcher
    real_paths: dict[str, str]                   # untranslated path → the file this build reads
    urls: dict[str, str]                         # untranslated path → URL of the page in this build
    changed: dict[str, int]                      # docs-relative file → time of its last commit
    site_name: str                               # in this language (the config changes between builds)
    linking: background.Worker | None = None
    pending: list[tuple[Page, str]] = field(default_factory=list)  # pages sent to the worker, and what was sent
    results: dict[str, _Page] = field(default_factory=dict)
    links: dict[str, PageLinks] = field(default_factory=dict)
    search: list[tuple] = field(default_factory=list)
    plain_titles: dict[str, str] = field(default_factory=dict)
    indexing: background.Job = field(default_factory=background.Job)
    study: dict | None = None                    # config.study of every page (assets/javascripts/study.js)
    nav: _NavState | None = None


_run: _Run | None = None
# `mkdocs serve`: no service worker (a preview must never be served from a cache).
_serving = False
# The builds in progress, innermost last: mkdocs-static-i18n nests the other languages' builds in
# the first one's on_post_build, which then goes on with its own.
_stack: list[_Build | None] = []


def _current() -> _Build:
    return _stack[-1]


def _language(config) -> str:
    return config.theme.get("language") or "ja"


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    global _run
    if not _stack:
        _run = _Run()
    _stack.append(None)
    return config


# -- files ---------------------------------------------------------------------------------------

@event_priority(-150)  # after mkdocs-static-i18n (-100) has chosen this language's files
def on_files(files, config):
    _screen(files, config)
    pages_ = files.documentation_pages()
    texts = {f.src_uri: f.content_string for f in pages_}  # every page of this build, read once
    home = files.get_file_from_path("index.md")
    prefix = i18n.site_prefix(home.url if home else "")
    changed, shallow = gitdates.last_changes(Path(config.docs_dir))
    if shallow:
        log.warning("the git history is shallow: pages show no last-updated date (check out the full "
                    "history: fetch-depth: 0) / git の履歴が浅いため、更新日を表示しません")
        changed = {}
    if not prefix:
        _run.default_texts = dict(texts)  # the originals, for the other languages' builds
    real_paths = {_path(f): f.src_uri for f in pages_}
    catalog, problems = notes_catalog.collect_catalog({_path(f): texts[f.src_uri] for f in pages_})
    terms, more = collect_term_index(catalog)
    docs = _docs_dir(config)
    _run.report.add(_renamed(p, real_paths, docs) for p in problems + more)
    build = _stack[-1] = _Build(_language(config), prefix, _read_languages(config), docs, catalog, terms,
                                Matcher(terms.names()), real_paths, {_path(f): f.url for f in pages_}, changed,
                                config.site_name)
    if prefix:
        _warn_outdated_translations(config, texts)
    build.study = study.script_config(build.language, prefix, not _serving)
    # Started once the terms, the matcher and the URLs of this build are known: they are what it reads.
    build.linking = background.Worker(_process)
    return files


def _screen(files, config) -> None:
    """Every file of docs/ is readable text or an allowed image, where the site expects it (checked
    once per run, over every language's files); the others are reported and left out of the build."""
    if _run.texts is None:
        everything = [f for f in get_files(config) if not f.src_uri.startswith(".")]
        texts, found, data = {}, [], {}
        for f in everything:
            raw = Path(f.abs_src_path).read_bytes()
            if f.src_uri.endswith(".md"):
                text, problems = sources.decode(f.src_uri, raw)
                found += problems
                if text is None:
                    _run.refused.add(f.src_uri)
                else:
                    texts[f.src_uri] = text
            else:
                data[f.src_uri] = raw
        languages = [locale for locale, *_ in _read_languages(config)] or [sources.DEFAULT_LANGUAGE]
        layout = sources.layout_problems([f.src_uri for f in everything], languages, data)
        _run.refused |= {p.path for p in layout}
        _run.texts = texts
        docs = _docs_dir(config)
        _run.report.add(_in_docs(p, docs) for p in found + layout)
        gaps, problems = read_known_gaps(_known_gaps_file(config))
        _run.known_gaps = dict(gaps.reasons)
        _run.report.add(problems)
    for f in list(files):
        if f.src_uri in _run.refused:
            files.remove(f)
        elif f.src_uri in _run.texts:
            f.content_string = _run.texts[f.src_uri]


def on_nav(nav: Navigation, config, files):
    b = _current()
    order = {"index.md": 0, "questions/": 1, "glossary/": 2, "tags.md": 3, "review.md": 4}
    nav.items.sort(key=lambda item: order.get(_src_prefix(item), 9))
    by_src = {_path(p.file): p for p in nav.pages}
    for item in nav.items:
        prefix = _src_prefix(item)
        if isinstance(item, Page) and prefix == "index.md":
            item.title = item.title or label(b.language, "home")
        if isinstance(item, Section) and prefix == "questions/":
            item.title = label(b.language, "questions")
            _set_blocks(item, _question_blocks(indexes.question_tree(b.catalog.questions.values()), by_src, b.language))
        if isinstance(item, Section) and prefix == "glossary/":
            item.title = label(b.language, "glossary")
            _set_blocks(item, [_section(indexes.initial_label(initial, b.language),
                                        [_page(by_src, t.path) for t in ts if t.path in by_src])
                               for initial, ts in indexes.group_terms(b.catalog.terms.values())])
    _relink(nav)
    return nav


# -- pages ---------------------------------------------------------------------------------------

def on_page_markdown(markdown: str, page: Page, config, files):
    b = _current()
    path = _path(page.file)
    # The site's own search index replaces the index of Material's search plugin, which stays
    # enabled only for its search box and result list (see on_env).
    page.meta["search"] = {"exclude": True}
    if (when := b.changed.get(page.file.src_uri)) is not None:
        page.meta["revision_date"] = gitdates.format_date(when, b.language)  # Material shows it
        page.update_date = gitdates.iso_date(when)  # the sitemap's lastmod, not the build date
    question, term = b.catalog.question_for(path), b.catalog.term_for(path)
    # Material writes titles, descriptions and tags into its templates as HTML: every string from
    # front matter reaches them escaped (Markup: escaped once, never twice).
    if question is not None:
        title = pages.question_nav_title(question, b.language)  # navigation, <title> and search
        description = label(b.language, "question_description", number=question.number, title=question.title)
        markdown = pages.question_markdown(markdown, question, b.language)
    elif term is not None:
        title, description = term.title, term.summary
        markdown = pages.term_markdown(markdown, term, b.language)
    else:
        title = page.meta.get("title") if isinstance(page.meta.get("title"), str) else None
        description = None
        markdown = pages.index_markdown(markdown, b.catalog, b.terms, b.language, _run.known_gaps)
    # Only what the site sets reaches Material: any other key is refused by the schemas (reported),
    # and never acted on (template, hide, icon, …).
    for key in [k for k in page.meta if k not in ("search", "revision_date")]:
        del page.meta[key]
    if question is not None:
        page.meta["tags"] = [Markup.escape(tag) for tag in question.tags]
    if title is not None:
        b.plain_titles[path] = title
        page.title = page.meta["title"] = Markup.escape(title)
    if description is not None:
        page.meta["description"] = Markup.escape(description)  # search engines, link previews
    return markdown


def on_page_content(html_: str, page: Page, config, files):
    path = _path(page.file)
    if _current().catalog.question_for(path) is not None or _current().catalog.term_for(path) is not None:
        # Checked, rendered and linked in a child process while MkDocs renders the next pages.
        try:
            _current().linking.submit(path, page.file.url, html_, True)
        except background.BackgroundError as e:
            raise _linking_failed(e) from None
        _current().pending.append((page, html_))
        return html_
    scan, tex_errors, links = _process(path, page.file.url, html_, False)
    content = _take(page, scan, tex_errors, links)
    return _untranslated(page, content, config)


def _process(path: str, url: str, content: str, link: bool):
    """One page: the guard's scan, MathML, and (for notes) glossary links. Runs in the worker's
    process for notes (see on_page_content); a page the guard refuses is not linked."""
    scan = guard.scan(content, todos=link, generated_h1=_current().catalog.question_for(path) is not None)
    rendered, tex_errors = mathml.render_page(content)
    if not link or any(f.severity == ERROR for f in scan.findings):
        return scan, tex_errors, PageLinks(rendered)
    b = _current()
    href = _href(path, url)

    def target(key: str) -> Target | None:
        entry = b.terms.entries[key]
        return None if entry.path == path else Target(href(entry.path, entry.anchor), key)

    return scan, tex_errors, link_page(rendered, b.matcher, target, b.terms.defining(path))


def _take(page: Page, scan: guard.Scan, tex_errors, links: PageLinks) -> str:
    """Record what the guard found on a page; its content, or a notice if it cannot be published."""
    b = _current()
    path = _path(page.file)
    real = f"{b.docs}/{b.real_paths.get(path, path)}"
    source = page.file.content_string
    front = frontmatter.RE_FRONT_MATTER.match(source)
    body_start = front.end() if front else 0
    found = guard.problems(real, source, scan.findings, body_start)
    if front and "TODO" in front.group("yaml"):  # parsed again only then (the catalog has parsed it)
        found += _front_matter_todos(frontmatter.split(path, source)[0], real)
    if tex_errors:
        found += [_in_docs(p, b.docs, real) for p in pages.tex_problems(path, source, tex_errors).problems]
    locale = getattr(page.file, "locale", None)
    fallback = bool(b.prefix) and locale is not None and locale != b.language  # reported by the original build
    if (question := b.catalog.question_for(path)) is not None and not fallback:
        found += [_renamed(p, b.real_paths, b.docs) for p in notes_catalog.anchor_problems(question, scan.ids)]
    _run.report.add(found)
    b.results[path] = _Page(scan, real, source, body_start)
    if any(f.severity == ERROR for f in scan.findings):
        return pages.refused_notice(b.language)  # never written as it is (the build fails)
    return links.html


def _front_matter_todos(fm, real: str) -> list[Problem]:
    """``TODO`` placeholders in front matter values (as YAML decoded them), each on its value's line."""
    if fm is None:
        return []
    found = []

    def walk(value, path):
        if isinstance(value, str):
            for f in guard.todo_findings([value]):
                found.append(Problem(real, fm.line_at(*path), f.en, f.ja, f.severity))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, str(k)))
    walk(fm.data, ())
    return found


def _take_links(config) -> None:
    """Every note page's checked, linked content, and for a question its section of related terms."""
    b = _current()
    try:
        linked = b.linking.results()
    except background.BackgroundError as e:
        raise _linking_failed(e) from None
    for (page, sent), (scan, tex_errors, links) in zip(b.pending, linked, strict=True):
        path = _path(page.file)
        if page.content is not sent:  # changed since (e.g. a tags listing): process what it is now
            scan, tex_errors, links = _process(path, page.file.url, page.content, True)
        b.links[path] = links
        content = _take(page, scan, tex_errors, links)
        if b.catalog.question_for(path) is not None and content is links.html:
            # Every term the question mentions, its own explained terms included (as in-page links).
            related = crossrefs.related_section(list(links.mentions), b.terms.entries,
                                                _href(path, page.file.url), b.language)
            content = _add_section(page, content, related)
        page.content = _untranslated(page, content, config)


def _linking_failed(error: background.BackgroundError) -> PluginError:
    return PluginError(f"cross-linking failed / 用語リンクの処理に失敗しました:\n{error}")


@event_priority(-50)  # after the tags plugin has filled its listings (priority 100)
def on_env(env, config, files):
    """Every page has been rendered and checked: add backlinks and the glossary's counts, check every
    link, then take every page's final text for the search index."""
    b = _current()
    _take_links(config)
    # Material indents its templates' block tags; dropping that indentation at compile time keeps
    # pages light (a question page's navigation is most of its bytes) and costs nothing per page.
    env.lstrip_blocks = True
    env.globals["nav_item_html"] = _nav_item_html  # overrides/partials/nav-item.html
    mentioned_in = crossrefs.mentions_by_term(b.catalog.questions.values(),
                                              {path: links.mentions for path, links in b.links.items()})
    counts = {key: len(questions) for key, questions in mentioned_in.items()}
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        path = _path(file)
        entry = b.terms.by_path(path)
        if entry is not None and path in b.links:
            page.content = _add_section(page, page.content, crossrefs.backlinks_section(
                entry, mentioned_in.get(entry.key, []), _href(path, page.file.url), b.language))
        elif path == "glossary/index.md":
            page.content = indexes.fill_counts(page.content, counts, b.language)
    _check_links(files)
    numbers = {q.path: q.number for q in b.catalog.questions.values()}
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None:
            continue
        path = _path(file)
        names = b.terms.names_at(path, page.url) if notes_catalog.is_note_page(path) else None
        question = b.catalog.question_for(path)
        tags = question.tags if question is not None else ()
        b.search.append((page.url, b.plain_titles.get(path) or _plain(page.title), page.content, names, tags))
        # What the page's script uses (assets/javascripts/study.js), added after the search took the text:
        if path in b.links:  # term cards
            page.content = cards.with_cards(page.content, b.terms.entries, counts, numbers, b.language)
        if question is not None:  # the review toggle
            page.content = study.review_button(page.content, question.number, b.language)
    # Each language's index beside its pages (site/search/, site/en/search/), built while MkDocs
    # renders the pages; on_post_build waits for it.
    b.indexing = background.start(search.write_index, b.search, b.language,
                                  os.path.join(config.site_dir, b.prefix, "search"))
    return env


def _check_links(files) -> None:
    """Links and images of every page lead to a page, a file or an id of this build."""
    b = _current()
    targets: dict[str, guard.Target] = {}
    for file in files:
        url = _url_key(file.url)
        if file.is_documentation_page() and file.page is not None:
            path = _path(file)
            result = b.results.get(path)
            ids = set(result.scan.ids) if result is not None else set()
            ids |= _toc_ids(file.page.toc)
            targets[url] = guard.Target(f"{b.real_paths.get(path, path)}", frozenset(ids))
        else:
            targets[url] = guard.Target(file.src_uri, None)
    known = set(b.real_paths) | {f.src_uri for f in files}
    for path, result in b.results.items():
        file = files.get_file_from_path(b.real_paths.get(path, path))
        if file is None or file.page is None:
            continue
        fallback = None
        locale = getattr(file, "locale", None)
        if b.prefix and locale is not None and locale != b.language:
            fallback = (f"(this page has no {b.language} translation, so the {b.language} site shows it as it is, "
                        "and there the link leads to the translated page)",
                        f"（このページには {b.language} 版がないため、{b.language} 版のサイトではこのページがそのまま"
                        "表示され、リンク先は翻訳版のページになります）")
        body_start = result.body_start
        failed = _run.link_failures.setdefault(result.real, set()) if fallback is None else None
        _run.report.add(guard.link_problems(
            b.real_paths.get(path, path), _url_key(file.url), result.source, result.scan.links, targets,
            lambda p: p if p in known else None, body_start, fallback, result.real,
            skip=_run.link_failures.get(result.real, set()) if fallback is not None else (), failed=failed))


def _toc_ids(toc) -> set[str]:
    ids = set()
    for item in toc:
        ids.add(item.id)
        ids |= _toc_ids(item.children)
    return ids


def _url_key(url: str) -> str:
    return url.removeprefix("./")


def _plain(title) -> str:
    return Markup(title).unescape() if isinstance(title, Markup) else str(title or "")


def on_page_context(context, page: Page, config, nav):
    """The language switcher and the hreflang links lead to this page in each language."""
    _set_alternates(config, page.url)
    context["search_index"] = _current().prefix + "search/"  # this language's index, for the search worker
    context["study"] = _current().study
    return context


def on_template_context(context, template_name, config):
    """Pages that are not notes (404.html): their alternates are the languages' home pages."""
    _set_alternates(config, _current().prefix)
    if template_name == "404.html":
        context["not_found"] = i18n.not_found(_current().language, _current().languages, config.site_url or "")
    if template_name == offline.TEMPLATE:
        # Served by the service worker in place of any page not read yet: its addresses are absolute,
        # as the error pages' are (the page it stands for can be anywhere).
        context["base_url"] = urlsplit(config.site_url or "/").path
        context["offline"] = offline.page_texts(_current().language)
    context["study"] = _current().study
    return context


def on_post_template(output, template_name, config):
    if template_name in ("404.html", offline.TEMPLATE) and not _current().prefix:
        _run.default_static[template_name] = output  # the other languages' builds write theirs at the root too
    return output


def on_build_error(error):
    """A failed build leaves no process behind, and says what the notes' problems are."""
    build = _stack.pop() if _stack else None
    if build is not None and build.linking is not None:
        build.linking.close()
    if build is not None:
        try:
            build.indexing.wait()
        except background.BackgroundError:
            pass  # the build's own error is the one to report
    if not _stack and _run is not None and not isinstance(error, NotesBuildError):
        problems = _run.report.problems()
        if problems:
            logging.getLogger("mkdocs.plugins.studynotes").error(message(problems))


@event_priority(-200)  # after mkdocs-static-i18n (-100) has run the other languages' builds
def on_post_build(config):
    _keep_static_per_language(config)
    b = _current()
    root = os.path.join(config.site_dir, b.prefix)
    offline.write(os.path.join(root, study.DATA_PATH), study.questions_data(b.catalog.questions.values(), b.urls, b.prefix, b.language))
    offline.write(os.path.join(root, offline.MANIFEST), offline.manifest(b.language, b.site_name, b.prefix))
    try:
        b.indexing.wait()
    except background.BackgroundError as e:
        raise PluginError(f"the search index could not be built:\n{e}") from None
    _stack.pop()
    if _stack:
        return
    # Every language is built: the service worker knows what to keep (a preview gets none).
    worker = (offline.retiring_worker() if _serving else
              offline.service_worker(config.site_dir, [prefix for *_, prefix in b.languages] or [""]))
    offline.write(os.path.join(config.site_dir, offline.WORKER), worker)
    strict = bool(config.strict)
    for problem in _run.report.warnings(strict):
        log.warning(str(problem))
    if fatal := _run.report.fatal(strict):
        raise NotesBuildError(fatal)


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
    b = _current()
    config = context["config"]
    if b.nav is None:
        items: dict[int, navhtml.Item] = {}
        for item in context["nav"].items:
            _nav_item(item, config, items)
        listed = [p.url for p in context["nav"].pages]
        if len(set(listed)) != len(listed):
            twice = sorted({url for url in listed if listed.count(url) > 1})
            raise PluginError(f"pages listed twice in the navigation: {', '.join(twice)} / "
                              f"ナビゲーションに二度載っているページがあります: {', '.join(twice)}")
        b.nav = _NavState(items, navhtml.url_dirs(i.url for i in items.values() if i.url is not None))
    nav = b.nav
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if nav.for_page is None or nav.page is not page:  # once per page, not per item
        toc = list(page.toc) if page is not None else []
        if toc and toc[0].level == 1:
            toc = toc[0].children
        base = context["base_url"]
        nav.page, nav.for_page = page, navhtml.Page(
            current=nav.items.get(id(page)), url=lambda url: normalize_url(url, page=page, base=base),
            has_toc=bool(toc), features=frozenset(config.theme.get("features") or ()),
            status_titles=config.extra.get("status") or {},
            url_base=navhtml.url_base(page.url, nav.dirs) if page is not None else None)
    return navhtml.render(nav.items[id(nav_item)], path, level, nav.items.get(id(parent)), nav.for_page,
                          nav.cache)


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
    urls = _current().urls

    def href(path: str, anchor: str = "") -> str:
        if path == here and anchor:
            return f"#{anchor}"
        target = urls.get(path)
        url = get_relative_url(target, here_url) if target is not None else path
        return f"{url}#{anchor}" if anchor else url
    return href


def _add_section(page: Page, content: str, section: tuple[str, str, str] | None) -> str:
    """Append a generated section to a page and to its table of contents."""
    if section is None:
        return content
    title, ident, html_ = section
    link = AnchorLink(title, ident, 2)
    top = page.toc.items
    (top[0].children if len(top) == 1 and top[0].level == 1 else top).append(link)
    return crossrefs.insert_before_source(content, html_)


def _path(file) -> str:
    """A page's untranslated path: ``questions/065.md`` for ``questions/065.en.md`` too."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


def _set_alternates(config, url: str) -> None:
    """Material's language switcher and hreflang links: the page at ``url`` in each language."""
    relative = i18n.alternates(url, _current().prefix, _current().languages)
    config.extra["alternate"] = [
        {"name": name, "lang": locale, "link": link, "relative": site_path}
        for (locale, name, link), (_, _, site_path) in zip(
            i18n.alternates(url, _current().prefix, _current().languages, config.site_url or ""), relative)]


def _read_languages(config) -> list[tuple[str, str, str]]:
    """(locale, name, site prefix) of every language built, the default first; [] without i18n."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return []
    languages = [lang for lang in plugin.config.languages if lang.build]
    languages.sort(key=lambda lang: not lang.default)
    return [(lang.locale, lang.name, "" if lang.default else f"{lang.locale}/") for lang in languages]


def _untranslated(page: Page, html_: str, config) -> str:
    """A page shown in the default language because its translation is missing: say so, and link
    to the original; a translation older than its original says that too."""
    b = _current()
    locale = getattr(page.file, "locale", None)
    if not b.prefix or locale is None:
        return html_
    original = get_relative_url(page.url[len(b.prefix):] or "./", page.url)
    if locale != b.language:
        return i18n.untranslated_notice(b.language, locale, original) + f'<div lang="{locale}">{html_}</div>'
    path = _path(page.file)
    if path in _run.default_texts and translations.is_outdated(page.file.content_string, _run.default_texts[path]):
        return i18n.outdated_notice(b.language, original) + html_
    return html_


def _keep_static_per_language(config) -> None:
    """MkDocs writes 404.html and offline.html at the site's root in every build: the other
    languages' builds (which run after the default one) move theirs below their prefix and put
    the default back."""
    for name in ("404.html", offline.TEMPLATE):
        path = os.path.join(config.site_dir, name)
        if not _current().prefix or not os.path.exists(path):
            continue
        os.replace(path, os.path.join(config.site_dir, _current().prefix, name))
        if name in _run.default_static:
            with open(path, "w", encoding="utf-8") as f:
                f.write(_run.default_static[name])


def _warn_outdated_translations(config, texts: dict[str, str]) -> None:
    """``texts``: this build's pages; the originals come from the default build, which runs first
    (or from disk, when only this language is built)."""
    originals = _run.default_texts or {p: t for p, t in (_run.texts or {}).items()
                                       if not translations.is_translation(p)}
    found = translations.statuses({**originals, **texts}, _current().language)
    stale = [s for s in found if s.state in (translations.OUTDATED, translations.UNSTAMPED)]
    for line in translations.report(stale, _current().language):
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


def _page(pages_: dict[str, Page], src_uri: str) -> Page:
    if src_uri not in pages_:
        raise PluginError(f"{src_uri}: page not found in navigation")
    return pages_[src_uri]


def _question_blocks(tree, by_src: dict[str, Page], language: str) -> list[Section]:
    """Nested sections for blocks of questions (hundreds, then tens), their pages inside."""
    blocks = []
    for (first, last), children in tree:
        nested = bool(children) and isinstance(children[0], tuple)
        items = (_question_blocks(children, by_src, language) if nested
                 else [_page(by_src, q.path) for q in children if q.path in by_src])
        blocks.append(_section(label(language, "question_group", first=first, last=last), items))
    return blocks


def _section(title: str, children: list) -> Section:
    section = Section(title, children)
    for child in children:
        child.parent = section
    return section


def _set_blocks(section: Section, blocks: list[Section]) -> None:
    """Replace a section's flat list of pages by ``blocks``, keeping its index page first, and the
    pages the catalog does not know (refused, reported) after them, so that none is orphaned."""
    index = [c for c in section.children if isinstance(c, Page) and _path(c.file).endswith("index.md")]
    placed = {id(p) for p in _walk(blocks) if isinstance(p, Page)}
    rest = [c for c in section.children if isinstance(c, Page) and c not in index and id(c) not in placed]
    for block in blocks:
        block.parent = section
    section.children = index + blocks + rest


def _relink(nav: Navigation) -> None:
    """Page order, previous and next links follow the regrouped navigation."""
    nav.pages = [p for p in _walk(nav.items) if isinstance(p, Page)]
    for before, after in zip(nav.pages, nav.pages[1:]):
        before.next_page, after.previous_page = after, before
    if nav.pages:
        nav.pages[0].previous_page = None
        nav.pages[-1].next_page = None


def _known_gaps_file(config) -> Path:
    """The known gaps of this repository (beside mkdocs.yml), else the package's own."""
    here = Path(config.config_file_path or ".").parent / KNOWN_GAPS_PATH
    return here if here.is_file() else KNOWN_GAPS_FILE


def _docs_dir(config) -> str:
    """docs/ as a contributor names it: relative to the repository (where mkdocs.yml is)."""
    return os.path.relpath(config.docs_dir, os.path.dirname(config.config_file_path or "."))


def _in_docs(problem: Problem, docs: str, path: str | None = None) -> Problem:
    return Problem(path or f"{docs}/{problem.path}", problem.line, problem.en, problem.ja, problem.severity)


def _renamed(problem: Problem, real: dict[str, str], docs: str) -> Problem:
    """Name files as a contributor sees them: relative to the repository, not to docs/, and the
    file this build read (``questions/065.en.md`` in the English build)."""
    def sub(text: str) -> str:
        return RE_DOCS_PATH.sub(lambda m: f"{docs}/{real.get(m.group(0), m.group(0))}", text)
    return Problem(f"{docs}/{real.get(problem.path, problem.path)}", problem.line, sub(problem.en), sub(problem.ja),
                   problem.severity)
