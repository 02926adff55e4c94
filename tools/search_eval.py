"""``make search-eval``: recall@3 of the site's search and of Pagefind, side by side, per category.

The fixture notes (``tests/fixtures/notes``) are built with the real configuration; Pagefind (the npm
package ``pagefind``, its extended build, pinned in ``package-lock.json``) indexes the same built
site, each page's ``<article>`` (the text our index holds). Every query of
``tests/fixtures/search/eval.yml`` and of ``eval-blind.yml`` (written without seeing the search code),
then of the concept sets ``concepts.yml`` and ``concept-blind.yml`` (a learner's own words: a symptom,
a paraphrase, words of the page; the second written blind, from the notes only),
is asked of both in Chromium: ours through the site's own search
worker, Pagefind through its own ``pagefind.js``, each on a page of the query's language. A query
counts as found when one of its pages is among the first three results; the table gives, per
category, how many queries each engine found.

``python tools/search_eval.py [--only ja|en] [--queries FILE...] [--docs DIR] [--show-misses]``; exit
status 1 if ours is behind Pagefind in any category (``--require-ahead``). ``--docs docs`` with a
query file of your own asks the same of the live notes.

The evaluation itself is ``studynotes.support.search_eval``; this is its command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from studynotes.support.search_eval import PagefindMissing, Paths, evaluate, find_root, load, misses, table

NOTE = ("(recall@3: a query is found when one of its pages is among the first three results; "
        "'all' sums every category of a query set; @eval-blind, @concept-blind: the sets written without "
        "seeing the code)")


def main(argv: list[str] | None = None) -> int:
    paths = Paths(find_root(Path(__file__).parent))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, nargs="+", default=paths.query_sets,
                        help="query files (default: eval.yml, eval-blind.yml, concepts.yml, concept-blind.yml), "
                             "each counted on its own")
    parser.add_argument("--only", choices=["ja", "en"])
    parser.add_argument("--docs", type=Path, default=paths.fixture,
                        help="the notes to build (default: the fixture tree)")
    parser.add_argument("--show-misses", action="store_true", help="list the queries either engine missed")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--require-ahead", action="store_true", help="exit 1 if ours is not ahead everywhere")
    args = parser.parse_args(argv)
    queries = load(args.queries)
    try:
        results = evaluate(queries, [args.only] if args.only else list(queries), paths.root, args.docs.resolve())
    except PagefindMissing as e:
        sys.exit(str(e))
    lines, ahead = table(results)
    print("\n".join(lines))
    print(NOTE)
    if args.show_misses:
        for line in misses(results):
            print(line)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if ahead or not args.require_ahead else 1


if __name__ == "__main__":
    sys.exit(main())
