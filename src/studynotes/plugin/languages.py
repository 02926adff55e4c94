"""The languages of the site in the build: which are built, where each page is in the others,
pages shown untranslated, and the files every language's build writes at the same place.

mkdocs-static-i18n builds the default language into ``site/`` and each other language into
``site/<locale>/``; ``studynotes.i18n`` and ``studynotes.translations`` hold the pure parts.
"""

from __future__ import annotations

import logging
import os

from mkdocs.utils import get_relative_url

from studynotes import i18n, langmark, offline, translations
from studynotes.plugin import internals
from studynotes.plugin.paths import page_path
from studynotes.plugin.state import Language, LanguageBuild, Run

STATIC_PAGES = ("404.html", offline.TEMPLATE)  # written by MkDocs at the site's root in every build


def language(config) -> str:
    return config.theme.get("language") or "ja"


def built(config) -> list[Language]:
    """(locale, name, site prefix) of every language built, the default first; [] without i18n."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return []
    languages = [lang for lang in plugin.config.languages if lang.build]
    languages.sort(key=lambda lang: not lang.default)
    return [(lang.locale, lang.name, "" if lang.default else f"{lang.locale}/") for lang in languages]


def set_alternates(config, build: LanguageBuild, url: str) -> None:
    """Material's language switcher and hreflang links: the page at ``url`` in each language."""
    relative = i18n.alternates(url, build.prefix, build.languages)
    config.extra["alternate"] = [
        {"name": name, "lang": locale, "link": link, "relative": site_path}
        for (locale, name, link), (_, _, site_path) in zip(
            i18n.alternates(url, build.prefix, build.languages, config.site_url or ""), relative, strict=True)]


def untranslated(build: LanguageBuild, run: Run, page, content: str) -> str:
    """A page shown in the default language because its translation is missing: say so, and link
    to the original; a translation older than its original says that too."""
    locale = internals.i18n_locale(page.file)
    if not build.prefix or locale is None:
        return content
    original = get_relative_url(page.url[len(build.prefix):] or "./", page.url)
    if locale != build.language:
        return i18n.untranslated_notice(build.language, locale, original) + f'<div lang="{locale}">{content}</div>'
    path = page_path(page.file)
    if path in run.default_texts and translations.is_outdated(page.file.content_string, run.default_texts[path]):
        return i18n.outdated_notice(build.language, original) + content
    return content


def marked_parts(build: LanguageBuild, output: str) -> str:
    """A page of a language other than Japanese with its Japanese words marked ``lang="ja"``."""
    return output if build.language == "ja" else langmark.mark_language(output, build.language, "ja")


def keep_static_page(build: LanguageBuild, run: Run, template_name: str, output: str) -> None:
    """The default language's 404.html and offline.html, for the other languages' builds to put back."""
    if template_name in STATIC_PAGES and not build.prefix:
        run.default_static[template_name] = output


def move_static_pages(config, build: LanguageBuild, run: Run) -> None:
    """MkDocs writes 404.html and offline.html at the site's root in every build: the other
    languages' builds (which run after the default one) move theirs below their prefix and put
    the default back."""
    for name in STATIC_PAGES:
        path = os.path.join(config.site_dir, name)
        if not build.prefix or not os.path.exists(path):
            continue
        os.replace(path, os.path.join(config.site_dir, build.prefix, name))
        if name in run.default_static:
            with open(path, "w", encoding="utf-8") as f:
                f.write(run.default_static[name])


def warn_outdated_translations(log: logging.Logger, docs: str, build: LanguageBuild, run: Run,
                               texts: dict[str, str]) -> None:
    """``texts``: this build's pages; the originals come from the default build, which runs first
    (or from disk, when only this language is built)."""
    originals = run.default_texts or {p: t for p, t in (run.texts or {}).items()
                                      if not translations.is_translation(p)}
    found = translations.statuses({**originals, **texts}, build.language)
    stale = [s for s in found if s.state in (translations.OUTDATED, translations.UNSTAMPED)]
    for line in translations.report(stale, build.language):
        log.warning(f"{docs}/{line}")
