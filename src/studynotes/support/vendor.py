"""The browser libraries the site serves itself, copied from ``node_modules`` as ``package-lock.json``
pins them (``make vendor``), so that the site's build needs no Node and its pages no other origin.

Today one: ts-fsrs, the FSRS scheduler of the study page (``assets/javascripts/flashcards.js``).
The vendored file is the package's browser build as published, with a header naming the package,
its version and its license, and without the line that points at a source map it does not ship.
``tests/test_flashcards.py`` checks that the file is the one the lock pins.

``python -m studynotes.support.vendor`` writes every vendored file; ``--check`` says which differ.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RE_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S*\s*$")
RE_HEADER_VERSION = re.compile(r"\A/\*! (?P<name>\S+) (?P<version>\S+) ")


@dataclass(frozen=True)
class Vendored:
    package: str      # its name in package-lock.json
    source: str       # the file in the package
    target: str       # where the site serves it, below docs/

    def lock_version(self, root: Path = ROOT) -> str:
        """The version ``package-lock.json`` pins."""
        lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
        return lock["packages"][f"node_modules/{self.package}"]["version"]

    def installed(self, root: Path = ROOT) -> Path:
        return root / "node_modules" / self.package


TS_FSRS = Vendored("ts-fsrs", "dist/index.umd.js", "assets/javascripts/vendor/ts-fsrs.js")
ALL = (TS_FSRS,)


def vendored_text(name: str, version: str, source: str, license_text: str, origin: str) -> str:
    """A library's file as the site serves it: a header (name, version, where it comes from, its
    license in full), then the file as published, without its source map's line."""
    licence = "\n".join(f" * {line}".rstrip() for line in license_text.strip().splitlines())
    header = (f"/*! {name} {version} ({origin}), vendored by `make vendor` from the version package-lock.json"
              f" pins: do not edit.\n{licence}\n */\n")
    return header + RE_SOURCE_MAP.sub("\n", source.rstrip() + "\n").rstrip() + "\n"


def header_version(text: str) -> tuple[str, str] | None:
    """(name, version) from a vendored file's header, or None if it has none."""
    m = RE_HEADER_VERSION.match(text)
    return (m.group("name"), m.group("version")) if m else None


def expected(item: Vendored, root: Path = ROOT) -> str:
    """What the vendored file must hold, from the package installed in ``node_modules`` (which must
    be the version the lock pins)."""
    package = item.installed(root)
    installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    pinned = item.lock_version(root)
    if installed != pinned:
        raise SystemExit(f"node_modules/{item.package} is {installed}, package-lock.json pins {pinned}: run npm ci")
    return vendored_text(item.package, pinned, (package / item.source).read_text(encoding="utf-8"),
                         (package / "LICENSE").read_text(encoding="utf-8"), item.source)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    differ = []
    for item in ALL:
        if not item.installed().is_dir():
            print(f"node_modules/{item.package} is missing: run npm ci", file=sys.stderr)
            return 2
        target = ROOT / "docs" / item.target
        text = expected(item)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        if check:
            differ.append(item.target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"docs/{item.target}: {item.package} {item.lock_version()}")
    for name in differ:
        print(f"docs/{name} is not the version package-lock.json pins: run make vendor", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
