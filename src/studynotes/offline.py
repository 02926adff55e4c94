"""Offline reading: the service worker, the web app manifest, the offline page's texts.

The service worker (``sw.js`` at the site's root, from ``data/sw.js``) keeps the site's assets
(cache first: their names change with their content, or the worker's version does) and every page
a reader opens (network first: online, a reader always gets the page as deployed). An unread page
opened offline gets the offline page of its language. The worker's version is a digest of every
asset and of what it precaches, so a deploy that changes any of them installs a new worker, which
deletes the caches of the old one. ``mkdocs serve`` registers none, and its ``sw.js``
(``data/sw-retire.js``) removes one a build left at the preview's address (see studynotes.plugin.output).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from .labels import label

TEMPLATE = "offline.html"
MANIFEST = "manifest.webmanifest"
WORKER = "sw.js"
THEME_COLOUR = "#3f51b5"  # Material's indigo, the palette's primary colour
ICONS = ("assets/icons/icon-192.png", "assets/icons/icon-512.png")
WORKER_SOURCE = Path(__file__).with_name("data") / "sw.js"
RETIRING_WORKER = Path(__file__).with_name("data") / "sw-retire.js"
STUDY_FILES = ("assets/javascripts/flashcards.js", "assets/javascripts/vendor/ts-fsrs.js")
STUDY_DATA = ("study/cards.json", "review/questions.json")  # below each language's root
RE_ASSET = re.compile(r'(?:href|src)="(/[^"?#]*assets/[^"?#]+\.(?:css|js|png|svg))"')


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def page_texts(language: str) -> dict[str, str]:
    """What the offline page says (overrides/offline.html)."""
    return {key: label(language, f"offline{suffix}") for key, suffix in
            (("title", "_title"), ("text", ""), ("available", "_available"), ("none", "_none"))}


def manifest(language: str, name: str, prefix: str) -> str:
    """A language's web app manifest (beside its home page): its name, its home page as the start,
    the whole site as its scope, the icons and the palette's colour."""
    up = "../" * prefix.count("/")
    data = {
        "name": name, "short_name": label(language, "app_short_name"), "lang": language, "dir": "ltr",
        "start_url": "./", "id": "./", "scope": up or "./", "display": "standalone",
        "theme_color": THEME_COLOUR, "background_color": "#ffffff",
        "icons": [{"src": up + icon, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for icon, size in zip(ICONS, (192, 512), strict=True)],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def service_worker(site_dir: str, prefixes: list[str]) -> str:
    """``sw.js`` for a built site (``prefixes``: each language's, "" for the default): it precaches
    each language's offline page and what that page loads, and what the study page needs (its
    scripts, each language's cards and questions); it is versioned by the digest of every asset,
    offline page and manifest."""
    site = Path(site_dir)
    offline_pages = [prefix + TEMPLATE for prefix in prefixes]
    loaded = set()
    for page in offline_pages:
        loaded.update(RE_ASSET.findall((site / page).read_text(encoding="utf-8")))
    precache = offline_pages + sorted(loaded)
    # The study page's deck works offline even when it was the first page read (loaded before the
    # worker ran): its scripts and every language's cards and questions. The data is not in the
    # digest: a new summary need not empty the caches of pages read; online, it is fetched anew.
    precache += [name for name in STUDY_FILES if (site / name).is_file()]
    precache += [prefix + name for prefix in prefixes for name in STUDY_DATA if (site / (prefix + name)).is_file()]
    digest = hashlib.sha256(WORKER_SOURCE.read_bytes())
    files = sorted(p for p in (site / "assets").rglob("*") if p.is_file())
    files += [site / page for page in offline_pages] + [site / (prefix + MANIFEST) for prefix in prefixes]
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    return (source.replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16]))
                  .replace('"__PRECACHE__"', json.dumps(precache))
                  .replace('"__LANGUAGES__"', json.dumps([p for p in prefixes if p])))


def retiring_worker() -> str:
    """``sw.js`` of ``mkdocs serve``: a worker a build left at the preview's address removes itself."""
    return RETIRING_WORKER.read_text(encoding="utf-8")
