"""Checks of a built site (both languages): links, anchors, navigation and sitemap.

``python -m studynotes.sitecheck SITE_DIR [--site-url URL]`` prints one problem per line,
``path: message`` (``path`` relative to the site directory), and exits 1 if there is any; otherwise it
prints a one-line summary and exits 0.

What is checked:

- every internal URL of every HTML file (``href``, ``src``, ``srcset``, ``poster``, ``xlink:href`` on any
  element, ``data`` on ``object``) resolves to a file of the site; a directory URL means its
  ``index.html``. URLs with a scheme or starting with ``//`` are external and not followed
  (``mailto:``, ``data:``, ``blob:`` …) unless they start with the site's own URL (canonical and
  hreflang links are absolute); a ``javascript:`` URL is a problem in itself. Root-relative URLs
  (``/assets/…``, used by 404 pages) are resolved against the site URL's path.
- every ``#fragment`` of an internal URL to an HTML file names an element ``id`` (or an ``<a name>``)
  of the target page; an empty fragment, ``#top`` (which the HTML standard defines as the top of the
  page) and fragments on non-HTML files are fine.
- every page is linked from the navigation (links inside ``<nav class="md-nav …">``) of at least one
  other page of its own language, unless it is that language's home page.
- every ``<loc>`` (and hreflang alternate) of ``sitemap.xml`` is a page of the site, and every page is
  in the sitemap.

Pages are the HTML files other than the static ones (:data:`NOT_PAGES`: ``404.html``, the offline
page the service worker shows) and those under a language's ``search/`` and
``assets/`` folders. The languages are read from the hreflang alternates of the home page
(``index.html``): Japanese at the root, English at ``en/``; a site without them has one language.
The site URL is the first ``<loc>`` of the sitemap unless given.

Each HTML file is read and parsed once, as a browser parses it (Lexbor, the parser of the build's
guard: :mod:`.htmlparse`; so comments and the text of scripts and styles hold no links); the checks
then work on what :func:`scan_html` took from it only.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .htmlparse import RE_URL_SCHEME, parse_html

SITEMAP = "sitemap.xml"
NOT_PAGE_FOLDERS = ("search", "assets")  # under a language's root
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "xlink:href"})
# The elements the checks need, found by the parser: elements with an attribute that is a URL (and
# ``data`` of ``object``), and navs and elements with an anchor. Each may be found more than once.
LINK_SELECTOR = ", ".join([*(f"[{name}]".replace(":", "\\:") for name in sorted(URL_ATTRIBUTES)), "object[data]"])
SCANNED_SELECTOR = f"nav, [id], a[name], {LINK_SELECTOR}"
RE_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these from URLs
RE_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # escaped where a URL is shown


@dataclass(frozen=True, order=True)
class SiteProblem:
    path: str      # relative to the site directory, with "/"
    message: str   # in English

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class PageLink:
    """A URL in a page: the element, the attribute, the URL (one of a ``srcset``'s)."""
    tag: str
    attr: str
    url: str
    in_nav: bool   # inside <nav class="md-nav …">


@dataclass
class PageScan:
    """What the checks need from one HTML file."""
    ids: set[str] = field(default_factory=set)
    links: list[PageLink] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)  # <link rel="alternate" hreflang href>


@dataclass(frozen=True)
class ResolvedURL:
    """An internal URL resolved to a file of the site."""
    path: str            # the file it should be (which may not exist)
    fragment: str | None
    exists: bool


@dataclass
class SiteReport:
    """The problems of a built site, and what was checked."""
    problems: list[SiteProblem]
    pages: int
    files: int
    links: int
    languages: list[str]
    site_url: str | None

    def summary(self) -> str:
        langs = ", ".join(self.languages)
        return (f"sitecheck: {self.pages} pages ({langs}), {self.files} files, {self.links} internal links, "
                f"site URL {self.site_url or '(none)'}: {len(self.problems)} problems")


# -- scanning --------------------------------------------------------------------------------

def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset``: comma-separated candidates, each a URL and an optional descriptor."""
    urls = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            urls.append(parts[0])
    return urls


def scan_html(text: str) -> PageScan:
    """The ids, links and hreflang alternates of an HTML document, in the document's order."""
    scan = PageScan()
    in_nav: set[int] = set()  # the elements inside a <nav class="md-nav …">, and those navs
    seen: set[int] = set()
    tree = parse_html(text)  # alive while its nodes' ids are compared
    for node in tree.css(SCANNED_SELECTOR):
        ident = node.mem_id
        if ident in seen:
            continue  # matched by more than one selector
        seen.add(ident)
        name = node.tag.lower()  # SVG's are mixed-case (linearGradient)
        attrs = node.attributes
        if name == "nav" and ident not in in_nav and "md-nav" in (attrs.get("class") or "").split():
            in_nav.update(inside.mem_id for inside in node.css("nav, " + LINK_SELECTOR))  # the nav too
        if "id" in attrs:
            scan.ids.add(attrs["id"] or "")
        if name == "a" and "name" in attrs:
            scan.ids.add(attrs["name"] or "")
        for attr, value in attrs.items():
            if attr in URL_ATTRIBUTES or (attr == "data" and name == "object"):
                value = value or ""  # an attribute without a value
                in_md_nav = ident in in_nav
                if attr == "srcset":
                    scan.links.extend(PageLink(name, attr, url, in_md_nav) for url in srcset_urls(value))
                else:
                    scan.links.append(PageLink(name, attr, value, in_md_nav))
        if name == "link" and "hreflang" in attrs and "href" in attrs \
                and "alternate" in (attrs.get("rel") or "").lower().split():
            scan.alternates.append((attrs["hreflang"] or "", attrs["href"] or ""))
    return scan


# -- URLs ------------------------------------------------------------------------------------

def normalize_site_url(site_url: str | None) -> str | None:
    if not site_url:
        return None
    return site_url if site_url.endswith("/") else site_url + "/"


def page_dir(path: str) -> str:
    """The URL directory a file is served from (``questions/065/index.html`` → ``questions/065/``)."""
    head, _, _ = path.rpartition("/")
    return head + "/" if head else ""


def _join(base: str, relative: str) -> str | None:
    """``relative`` (a decoded path) resolved against the directory ``base``; None if it leaves the site."""
    segments = base.split("/")[:-1] if base else []
    parts = relative.split("/")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "..":
            if not segments:
                return None
            segments.pop()
            if last:
                segments.append("")
        elif part == ".":
            if last:
                segments.append("")
        elif part == "" and not last:
            continue
        else:
            segments.append(part)
    return "/".join(segments)


def _own_path(url: str, site_url: str | None) -> str | None:
    """For an absolute URL (with a scheme), its path inside the site, or None if it is not the site's."""
    if not site_url:
        return None
    if url.startswith(site_url) or url + "/" == site_url:
        return url[len(site_url):]
    # Scheme and host are case-insensitive.
    u, s = urlsplit(url), urlsplit(site_url)
    if (u.scheme.lower(), u.netloc.lower()) != (s.scheme.lower(), s.netloc.lower()):
        return None
    rest = url.split(u.netloc, 1)[1] if u.netloc else url[len(u.scheme) + 1:]
    if rest.startswith(s.path) or rest + "/" == s.path:
        return rest[len(s.path):]
    return None


class Resolver:
    """Resolves the URLs found in a page against the set of files of the site."""

    def __init__(self, files: set[str], site_url: str | None):
        self.files = files
        self.site_url = normalize_site_url(site_url)
        self.site_path = urlsplit(self.site_url).path if self.site_url else "/"
        self._split_cache: dict[str, tuple[str, str, str | None] | str] = {}

    def _split(self, url: str):
        """(kind, decoded path, fragment or None), or a problem message. Kinds: 'external' (not
        followed), 'own' (an absolute URL of the site; path from its root), 'root' (``/…``), 'relative'."""
        cached = self._split_cache.get(url)
        if cached is not None:
            return cached
        clean = RE_URL_NOISE.sub("", url.strip())
        result: tuple[str, str, str | None] | str
        if RE_URL_SCHEME.match(clean) or clean.startswith("//"):
            if clean[:11].lower() == "javascript:":
                result = "javascript: URL"
            else:
                absolute = (urlsplit(self.site_url).scheme + ":" + clean) if clean.startswith("//") and self.site_url \
                    else clean
                own = _own_path(absolute, self.site_url)
                result = ("external", "", None) if own is None else ("own", *_path_fragment(own))
        elif clean.startswith("/"):
            result = ("root", *_path_fragment(clean))
        else:
            result = ("relative", *_path_fragment(clean))
        self._split_cache[url] = result
        return result

    def resolve(self, url: str, page: str) -> ResolvedURL | str | None:
        """The file ``url`` (found in the file ``page``) points to; None for an external URL; a message
        for a URL that is wrong in itself."""
        split = self._split(url)
        if isinstance(split, str):
            return split
        kind, path, fragment = split
        if kind == "external":
            return None
        if kind == "relative":
            if path == "":
                return ResolvedURL(page, fragment, True)  # "#x", "?q", "": the page itself
            joined = _join(page_dir(page), path)
        elif kind == "root":
            if not path.startswith(self.site_path) and path + "/" != self.site_path:
                return f"outside the site (whose URL path is {self.site_path})"
            joined = _join("", path[len(self.site_path):])
        else:  # own absolute URL
            joined = _join("", path)
        if joined is None:
            return "outside the site (above its root)"
        return self.file_for(joined, fragment)

    def file_for(self, path: str, fragment: str | None = None) -> ResolvedURL:
        if path == "" or path.endswith("/"):
            target = path + "index.html"
            return ResolvedURL(target, fragment, target in self.files)
        if path in self.files:
            return ResolvedURL(path, fragment, True)
        if path + "/index.html" in self.files:  # a directory URL without its slash ("../..")
            return ResolvedURL(path + "/index.html", fragment, True)
        return ResolvedURL(path, fragment, False)


def _path_fragment(url: str) -> tuple[str, str | None]:
    url, hash_, fragment = url.partition("#")
    path = url.partition("?")[0]
    return unquote(path), (fragment if hash_ else None)


def _printable(url: str) -> str:
    """A URL shown on one line: control characters escaped."""
    return RE_URL_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), url)


def is_html(path: str) -> bool:
    return path.endswith((".html", ".htm"))


def fragment_found(fragment: str, ids: set[str]) -> bool:
    return (fragment == "" or fragment in ids or unquote(fragment) in ids
            or fragment.lower() == "top")  # the HTML standard's "top of the document"


# -- languages and pages ---------------------------------------------------------------------

def language_roots(home: PageScan | None, resolver: Resolver) -> dict[str, str]:
    """{language code: the folder of its pages ("" or "en/")}, from the home page's hreflang links."""
    roots: dict[str, str] = {}
    for code, href in (home.alternates if home else []):
        if code.lower() == "x-default":
            continue
        target = resolver.resolve(href, "index.html")
        if isinstance(target, ResolvedURL) and target.exists and target.path.endswith("index.html"):
            roots.setdefault(code, target.path[:-len("index.html")])
    if "" not in roots.values():
        roots = {"": ""} if not roots else {"": "", **roots}
    return roots


def language_of(path: str, roots: dict[str, str]) -> str:
    """The language code of a file: the longest language root it is under."""
    best, best_root = "", None
    for code, root in roots.items():
        if path.startswith(root) and (best_root is None or len(root) > len(best_root)):
            best, best_root = code, root
    return best


NOT_PAGES = frozenset({"404.html", "offline.html"})  # served in place of a page, never linked


def is_page(path: str, roots: dict[str, str]) -> bool:
    if not is_html(path) or path.rpartition("/")[2] in NOT_PAGES:
        return False
    root = roots[language_of(path, roots)]
    return path[len(root):].split("/", 1)[0] not in NOT_PAGE_FOLDERS


def _language_name(code: str) -> str:
    return f"'{code}' " if code else ""


# -- the checks ------------------------------------------------------------------------------

Resolved = dict[str, list[tuple[PageLink, "ResolvedURL | str"]]]


def resolve_links(scans: dict[str, PageScan], resolver: Resolver) -> Resolved:
    """{page: [(link, what it resolves to)]} for every internal link (external ones left out)."""
    resolved: Resolved = {}
    for path, scan in scans.items():
        out = resolved[path] = []
        for link in scan.links:
            target = resolver.resolve(link.url, path)
            if target is not None:
                out.append((link, target))
    return resolved


def check_links(resolved: Resolved, scans: dict[str, PageScan]) -> list[SiteProblem]:
    """Links to missing files, fragments without their element, javascript: URLs."""
    problems: list[SiteProblem] = []
    for path, links in resolved.items():
        seen: set[SiteProblem] = set()
        for link, target in links:
            shown = f'<{link.tag} {link.attr}="{_printable(link.url)}">'
            problem = None
            if isinstance(target, str):
                problem = SiteProblem(path, f"{shown}: {target}")
            elif not target.exists:
                problem = SiteProblem(path, f"{shown}: no file {target.path} in the site")
            elif target.fragment is not None and is_html(target.path):
                ids = scans[target.path].ids if target.path in scans else set()
                if not fragment_found(target.fragment, ids):
                    problem = SiteProblem(path, f'{shown}: no element with id "{unquote(target.fragment)}" '
                                            f"in {target.path}")
            if problem and problem not in seen:
                seen.add(problem)
                problems.append(problem)
    return problems


def check_navigation(resolved: Resolved, pages: list[str], roots: dict[str, str]) -> list[SiteProblem]:
    """Pages that no other page of their language links to from its navigation (404 pages and other
    HTML files that are not pages do not count)."""
    linked: set[str] = set()
    for path in pages:
        links = resolved.get(path, [])
        language = language_of(path, roots)
        for link, target in links:
            if link.in_nav and isinstance(target, ResolvedURL) and target.exists and target.path != path \
                    and target.path not in linked and language_of(target.path, roots) == language:
                linked.add(target.path)
    homes = {root + "index.html" for root in roots.values()}
    return [SiteProblem(path, f"orphan page: not linked from the navigation of any other "
                          f"{_language_name(language_of(path, roots))}page")
            for path in pages if path not in homes and path not in linked]


def parse_sitemap(text: str) -> tuple[list[str], list[str]]:
    """The ``<loc>``s of a sitemap and the hrefs of its hreflang alternates."""
    root = ET.fromstring(text)
    locs, alternates = [], []
    for element in root.iter():
        local = element.tag.rpartition("}")[2]
        if local == "loc" and element.text:
            locs.append(element.text.strip())
        elif local == "link" and element.get("href"):
            alternates.append(element.get("href").strip())
    return locs, alternates


def check_sitemap(locs: list[str], alternates: list[str], pages: list[str], resolver: Resolver) -> list[SiteProblem]:
    """Sitemap entries that are not pages; pages that are not in the sitemap."""
    problems = []
    listed: set[str] = set()
    for kind, urls in (("<loc>", locs), ("hreflang alternate", alternates)):
        for url in dict.fromkeys(urls):
            own = _own_path(url, resolver.site_url)
            if own is None:
                problems.append(SiteProblem(SITEMAP, f"{kind} {url} is not under the site URL {resolver.site_url}"))
                continue
            target = resolver.resolve(url, "index.html")
            if not isinstance(target, ResolvedURL) or not target.exists or not is_html(target.path):
                where = target.path if isinstance(target, ResolvedURL) else target
                problems.append(SiteProblem(SITEMAP, f"{kind} {url} has no page ({where})"))
            elif kind == "<loc>":
                listed.add(target.path)
    duplicates = sorted(url for url, n in Counter(locs).items() if n > 1)
    problems += [SiteProblem(SITEMAP, f"<loc> {url} is listed more than once") for url in duplicates]
    problems += [SiteProblem(page, f"not in {SITEMAP}") for page in pages if page not in listed]
    return problems


# -- the site --------------------------------------------------------------------------------

def site_files(site_dir: Path) -> set[str]:
    files = set()
    for dirpath, _dirs, names in os.walk(site_dir):
        rel = Path(dirpath).relative_to(site_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        files.update(prefix + name for name in names)
    return files


def check_site(site_dir: Path | str, site_url: str | None = None) -> SiteReport:
    """Every check over the built site in ``site_dir``."""
    site_dir = Path(site_dir)
    files = site_files(site_dir)
    scans = {path: scan_html((site_dir / path).read_text(encoding="utf-8", errors="replace"))
             for path in sorted(files) if is_html(path)}
    problems: list[SiteProblem] = []
    locs: list[str] = []
    alternates: list[str] = []
    sitemap_ok = SITEMAP in files
    if sitemap_ok:
        try:
            locs, alternates = parse_sitemap((site_dir / SITEMAP).read_text(encoding="utf-8"))
        except ET.ParseError as e:
            problems.append(SiteProblem(SITEMAP, f"not valid XML ({e})"))
            sitemap_ok = False
    else:
        problems.append(SiteProblem(SITEMAP, "missing"))
    if not site_url and locs:
        site_url = locs[0]
    resolver = Resolver(files, site_url)
    roots = language_roots(scans.get("index.html"), resolver)
    pages = [path for path in scans if is_page(path, roots)]
    resolved = resolve_links(scans, resolver)
    problems = check_links(resolved, scans) + problems
    problems += check_navigation(resolved, pages, roots)
    if sitemap_ok:
        problems += check_sitemap(locs, alternates, pages, resolver)
    links = sum(isinstance(target, ResolvedURL) for links in resolved.values() for _, target in links)
    return SiteReport(problems, len(pages), len(files), links, [code or "(default)" for code in roots],
                  resolver.site_url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studynotes.sitecheck",
                                     description="Check links, anchors, navigation and sitemap of a built site.")
    parser.add_argument("site_dir", type=Path, help="the built site (e.g. site/)")
    parser.add_argument("--site-url", help="the site's own URL (default: the sitemap's first <loc>)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}: not a built site (no index.html)")
        return 2
    report = check_site(args.site_dir, args.site_url)
    for problem in report.problems:
        print(problem)
    if report.problems:
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
