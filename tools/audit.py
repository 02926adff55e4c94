"""`make audit`: Lighthouse scores of a question page, a term page and the home page, in both languages.

Serves the built site (site/, built for SITE_URL's address) locally, runs Lighthouse (npm, pinned in
package-lock.json) against Chromium for each page, and prints a table of the four category scores
and, for every score under 100, the audits that cost points. Exit status 1 when a target is missed:
accessibility, best practices and SEO at 100, performance at least 95.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from studynotes.support.browser import chromium_executable, serve

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["", "questions/065/", "glossary/vanishing-gradient/"]
LANGUAGES = ["", "en/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def lighthouse(url: str, out: Path, mobile: bool) -> dict:
    command = [str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json",
               f"--output-path={out}", "--only-categories=" + ",".join(CATEGORIES),
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if not mobile:
        command.append("--preset=desktop")
    env = {"CHROME_PATH": chromium_executable() or ""}
    subprocess.run(command, check=True, env={**__import__("os").environ, **env})
    return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--site-url", default="http://127.0.0.1:8000/",
                        help="the address the site was built for (SITE_URL); it is served there")
    parser.add_argument("--desktop", action="store_true", help="desktop preset (default: Lighthouse's phone)")
    args = parser.parse_args(argv)
    missed = []
    rows = []
    with serve(args.site, args.site_url, compress=True) as base, tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            for page in PAGES:
                url = f"{base}/{language}{page}"
                report = lighthouse(url, Path(tmp) / "report.json", mobile=not args.desktop)
                scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
                rows.append((urlsplit(url).path, scores))
                for category, score in scores.items():
                    if score < TARGETS[category]:
                        missed.append(f"{urlsplit(url).path} {category} {score} < {TARGETS[category]}")
                    if score < 100:
                        for ref in report["categories"][category]["auditRefs"]:
                            audit = report["audits"][ref["id"]]
                            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                                print(f"  {urlsplit(url).path} {category}: {ref['id']}: {audit['title']}"
                                      f" ({audit.get('displayValue', '')})")
                                for item in (audit.get("details") or {}).get("items", [])[:3]:
                                    node = item.get("node") or {}
                                    if node.get("snippet"):
                                        print(f"      {node['snippet'][:160]}")
    print(f"{'page':40} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for path, scores in rows:
        print(f"{path:40} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
    for line in missed:
        print("missed:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
