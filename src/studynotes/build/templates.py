"""What Material's templates get from the build: the language switcher's links, this language's
search index, the pages' script configuration, and the texts of the pages that are not notes
(404.html, offline.html)."""

from __future__ import annotations

from urllib.parse import urlsplit

from studynotes import i18n, offline
from studynotes.build import languages
from studynotes.build.state import LanguageBuild


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
