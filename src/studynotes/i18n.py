"""The site in several languages: where each language's pages are, and how they point at each other.

The default language (Japanese) is at the site's root, every other language under its locale
(``en/``), with the same paths below: ``questions/065/`` and ``en/questions/065/``. Every page
exists in every language (mkdocs-static-i18n shows the original where a translation is missing),
so a page's alternates follow from its URL alone.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from .labels import label


def site_prefix(home_url: str) -> str:
    """The prefix of a language's pages, from its home page's URL: ``""`` (root) or ``"en/"``."""
    home = home_url.removeprefix("./").removesuffix("index.html")
    return home if home.endswith("/") else ""


def alternates(url: str, prefix: str, languages: list[tuple[str, str, str]],
               site_url: str = "") -> list[tuple[str, str, str]]:
    """(locale, name, URL) of a page in each language, from its ``url`` in the language at ``prefix``.

    ``languages``: (locale, name, prefix) of every language built. With ``site_url`` the URLs are
    absolute (as hreflang links should be), else relative to the site's root.
    """
    path = url[len(prefix):] if prefix and url.startswith(prefix) else url
    path = path.removeprefix("./")
    root = site_url.rstrip("/") + "/" if site_url else ""
    return [(locale, name, (root + other + path) or "./") for locale, name, other in languages]


def untranslated_notice(language: str, original_language: str, original_url: str) -> str:
    """The notice above a page shown in ``original_language`` because it has no translation yet."""
    return (f'<div class="admonition info untranslated" lang="{language}">'
            f'<p class="admonition-title">{html.escape(label(language, "untranslated_title"))}</p>'
            f'<p>{label(language, "untranslated", url=html.escape(original_url, quote=True))}</p></div>')


def outdated_notice(language: str, original_url: str) -> str:
    """The notice above a translation whose original has changed since it was translated."""
    return (f'<div class="admonition warning outdated" lang="{language}">'
            f'<p class="admonition-title">{html.escape(label(language, "outdated_title"))}</p>'
            f'<p>{label(language, "outdated", url=html.escape(original_url, quote=True))}</p></div>')


def not_found(language: str, languages: list[tuple[str, str, str]], site_url: str = "") -> list[dict[str, str]]:
    """What the 404 page says: in its own language, and, at the site's root (the page static hosts
    such as GitHub Pages serve for every missing address), in the other languages too."""
    default = languages[0][0] if languages else language
    shown = [lang for lang in languages if language == default or lang[0] == language] or [(language, "", "")]
    shown.sort(key=lambda lang: lang[0] != language)
    root = urlsplit(site_url).path.rstrip("/") + "/" if site_url else "/"
    return [{"lang": locale, "title": label(locale, "not_found_title"),
             "text": label(locale, "not_found", home=html.escape(root + prefix, quote=True))}
            for locale, _name, prefix in shown]
