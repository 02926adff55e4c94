"""A page before Markdown converts it: its generated Markdown, and what Material reads of it
(title, description, tags, date), each string from front matter escaped once."""

from __future__ import annotations

from markupsafe import Markup

from studynotes import gitdates, pages
from studynotes.labels import label
from studynotes.plugin.paths import page_path
from studynotes.plugin.state import LanguageBuild, Run

KEPT = ("search", "revision_date")  # the only keys of page.meta the site sets before its own


def prepare(markdown: str, page, build: LanguageBuild, run: Run) -> str:
    """The Markdown MkDocs converts for ``page``; sets its title and meta."""
    path = page_path(page.file)
    # The site's own search index replaces the index of Material's search plugin, which stays
    # enabled only for its search box and result list (see studynotes.plugin.output).
    page.meta["search"] = {"exclude": True}
    if (when := build.changed.get(page.file.src_uri)) is not None:
        page.meta["revision_date"] = gitdates.format_date(when, build.language)  # Material shows it
        page.update_date = gitdates.iso_date(when)  # the sitemap's lastmod, not the build date
    question, term = build.catalog.question_for(path), build.catalog.term_for(path)
    # Material writes titles, descriptions and tags into its templates as HTML: every string from
    # front matter reaches them escaped (Markup: escaped once, never twice).
    if question is not None:
        title = pages.question_nav_title(question, build.language)  # navigation, <title> and search
        description = label(build.language, "question_description", number=question.number, title=question.title)
        markdown = pages.question_markdown(markdown, question, build.language)
    elif term is not None:
        title, description = term.title, term.summary
        markdown = pages.term_markdown(markdown, term, build.language)
    else:
        title = page.meta.get("title") if isinstance(page.meta.get("title"), str) else None
        description = None
        markdown = pages.index_markdown(markdown, build.catalog, build.terms, build.language, run.known_gaps)
    # Only what the site sets reaches Material: any other key is refused by the schemas (reported),
    # and never acted on (template, hide, icon, …).
    for key in [k for k in page.meta if k not in KEPT]:
        del page.meta[key]
    if question is not None:
        page.meta["tags"] = [Markup.escape(tag) for tag in question.tags]
    if title is not None:
        build.plain_titles[path] = title
        page.title = page.meta["title"] = Markup.escape(title)
    if description is not None:
        page.meta["description"] = Markup.escape(description)  # search engines, link previews
    return markdown
