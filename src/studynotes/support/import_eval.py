"""How close ``make import`` comes to the hand-finished seed pages (``make import-eval``).

The seed pages of ``tests/fixtures/notes/docs`` were finished by hand after an import of the raw
files beside them (``tests/fixtures/notes/raw``). This imports those raw files again, into nothing,
and compares what the importer guesses with what the hand wrote: the terms explained in questions
(name and anchor), titles, tags, term aliases and term file names. ``tests/test_finishing.py``
holds the figures of the terms; this prints all of them::

    python -m studynotes.support.import_eval [--docs DIR --raw DIR]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalog, finishing, frontmatter, importer
from ..matching import same_name_key

FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "notes"


@dataclass
class Figures:
    terms_seed: int = 0
    terms_right: int = 0                       # name and anchor as the seed's
    terms_extra: list[str] = field(default_factory=list)
    terms_missed: list[str] = field(default_factory=list)
    titles: int = 0
    titles_usable: int = 0                     # ≤ 40 characters, no …, no 正解は, no chatty opener
    title_sources: dict[str, int] = field(default_factory=dict)
    tags_seed: int = 0
    tags_found: int = 0
    tags_extra: int = 0
    aliases_seed: int = 0
    aliases_found: int = 0
    slugs: int = 0
    slugs_right: int = 0
    slugs_missed: list[str] = field(default_factory=list)


def evaluate(docs: Path, raw: Path) -> Figures:
    """The importer's pages of every raw file of ``raw`` against the seed pages of ``docs``."""
    seeds = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))}
    figures = Figures()
    made = {}
    for file in sorted(raw.glob("*.md")):
        if file.name == "README.md":
            continue
        for page in importer.parse_note(file.name, file.read_text(encoding="utf-8")):
            made[page.path] = page
    seed_terms = {}
    for path, text in seeds.items():
        if catalog.RE_QUESTION_FILE.match(path):
            fm = frontmatter.split(path, text)[0]
            for t in fm.data.get("terms") or []:
                seed_terms[(path, same_name_key(t["term"]))] = (t["term"], t["anchor"])
    guessed = {}
    for path, page in made.items():
        if not path.startswith("questions/"):
            continue
        seed = frontmatter.split(path, seeds[path])[0] if path in seeds else None
        for t in page.guess.terms:
            guessed[(path, same_name_key(t.term))] = (t.term, t.anchor)
        figures.titles += 1
        title = page.guess.title
        usable = (0 < len(title) <= finishing.TITLE_LENGTH and "…" not in title and not title.startswith("正解は")
                  and not finishing.RE_CHATTY.search(title))
        figures.titles_usable += usable
        figures.title_sources[page.guess.title_from] = figures.title_sources.get(page.guess.title_from, 0) + 1
        if seed is not None:
            wanted, proposed = set(seed.data.get("tags") or []), set(page.guess.tags)
            figures.tags_seed += len(wanted)
            figures.tags_found += len(wanted & proposed)
            figures.tags_extra += len(proposed - wanted)
    figures.terms_seed = len(seed_terms)
    for key, (name, anchor) in seed_terms.items():
        if guessed.get(key) == (name, anchor):
            figures.terms_right += 1
        else:
            figures.terms_missed.append(f"{name} ({key[0]})")
    figures.terms_extra = [f"{name} ({key[0]})" for key, (name, _) in guessed.items() if key not in seed_terms]
    by_title = {}
    for path, text in seeds.items():
        if catalog.RE_TERM_FILE.match(path):
            fm = frontmatter.split(path, text)[0]
            by_title[catalog.same_title_key(fm.data["title"])] = (path, fm.data.get("aliases") or [])
    for path, page in made.items():
        if not path.startswith("glossary/"):
            continue
        fm = frontmatter.split(path, page.text)[0]
        seed_path, seed_aliases = by_title.get(catalog.same_title_key(fm.data["title"]), (None, []))
        figures.slugs += 1
        if seed_path == path:
            figures.slugs_right += 1
        else:
            figures.slugs_missed.append(f"{path} (seed: {seed_path})")
        figures.aliases_seed += len(seed_aliases)
        mine = {same_name_key(a) for a in fm.data.get("aliases") or []}
        figures.aliases_found += sum(same_name_key(a) in mine for a in seed_aliases)
    return figures


def lines(f: Figures) -> list[str]:
    sources = ", ".join(f"{k or 'none'} {v}" for k, v in sorted(f.title_sources.items()))
    return [
        f"terms explained in questions: {f.terms_right}/{f.terms_seed} with the seeds' name and anchor, "
        f"{len(f.terms_extra)} not in the seeds" + (f" ({', '.join(f.terms_extra)})" if f.terms_extra else "")
        + (f"; not right: {', '.join(f.terms_missed)}" if f.terms_missed else ""),
        f"titles: {f.titles_usable}/{f.titles} usable (at most {finishing.TITLE_LENGTH} characters, no 「…」, "
        f"no 「正解は」, no chatty opener); from: {sources}",
        f"tags: {f.tags_found}/{f.tags_seed} of the seeds' tags proposed, {f.tags_extra} more",
        f"term aliases: {f.aliases_found}/{f.aliases_seed} of the seeds' aliases",
        f"term file names: {f.slugs_right}/{f.slugs} as the seeds'"
        + (f" ({', '.join(f.slugs_missed)})" if f.slugs_missed else ""),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=FIXTURE / "docs", help="the hand-finished pages")
    parser.add_argument("--raw", type=Path, default=FIXTURE / "raw", help="the raw files they were imported from")
    args = parser.parse_args(argv)
    for line in lines(evaluate(args.docs, args.raw)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
