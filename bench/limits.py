"""The slowest notes the budget lets through (``make bench-limits``): for each shape of input that
Python-Markdown reads in super-linear time, the largest page of it that ``studynotes.limits``
accepts, and the seconds the site's Markdown takes to convert it.

For each shape, a paragraph is grown as far as the budget allows (a binary search on
``sources.decode``), then repeated as many times as a page allows; the page is converted once with
the extensions of mkdocs.yml. One line a shape::

    shape                      paragraph  page_kb  seconds
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import markdown
from mkdocs.config import load_config

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from studynotes import sources  # noqa: E402 - once src is on sys.path

FRONT = "---\nnumber: 70\ntitle: t\ntags: [a]\n---\n\n"
FILL = "あ"

# Each shape: n → one paragraph (the worst cases found for Python-Markdown 3.x and this site's
# extensions: brackets, images, footnote-like and reference openers, links, math delimiters, tags,
# autolinks, entities, backticks, emphasis, attribute lists, nesting, reference definitions).
SHAPES = {
    "[ unclosed, then text": lambda n: "[" * n + FILL * 19_000,
    "[ then ]": lambda n: "[" * n + "]" * n,
    "![ unclosed, then text": lambda n: "![" * n + FILL * 19_000,
    "[^ unclosed": lambda n: "[^" * n + FILL * 19_000,
    "[x]( unclosed": lambda n: "[x](" * n + FILL * 19_000,
    "[a][ repeated": lambda n: "[a][" * n,
    "[ over many lines": lambda n: ("[" + FILL * 40 + "\n") * n,
    "reference definitions": lambda n: "[a]: \n" * n,
    "\\( unclosed, then text": lambda n: "\\(" * n + FILL * 19_000,
    "\\( over many lines": lambda n: ("\\(" + FILL * 40 + "\n") * n,
    "\\( in a table row": lambda n: "| a | b |\n| - | - |\n| " + "\\(|" * n + " |",
    "< tag openers": lambda n: "<a" * n,
    "< unclosed tags, one a paragraph": lambda n: "x <b y\n\n" * n,
    "<http:// autolinks": lambda n: "<http://" * n,
    "&# entities": lambda n: "&#" * n,
    "backtick runs": lambda n: " ".join("`" * (i % 60 + 1) for i in range(n)),
    "`|` in a table row": lambda n: "| a | b |\n| - | - |\n| " + "`|`" * n + " |",
    "* _ emphasis": lambda n: "*a_b" * n,
    "heading {: unclosed": lambda n: "## 見出し " + "{: " * n,
    "- markers on one line": lambda n: "- " * n + "項目",
    "nested lists": lambda n: "\n".join("    " * i + "- 項目" for i in range(n)),
    "nested block quotes": lambda n: "\n".join(">" * (i + 1) + " 引用" for i in range(n)),
    "nested admonitions": lambda n: "\n".join("    " * i + "!!! note" for i in range(n)) + "\n" + "    " * n + "本文",
    "nested <div markdown>": lambda n: '<div markdown="1">\n' * n + "本文\n" + "</div>\n" * n,
}


def accepted(text: str) -> bool:
    return sources.decode("questions/070.md", (FRONT + text + "\n").encode("utf-8"))[0] is not None


def largest(fits, low: int = 1, high: int = 1 << 20) -> int:
    """The largest n in [low, high] with fits(n) (fits is monotone), or 0."""
    if not fits(low):
        return 0
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="shapes whose name holds this text")
    args = parser.parse_args(argv)
    config = load_config(str(ROOT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    print(f"{'shape':28} {'n':>7} {'paragraphs':>10} {'page_kb':>8} {'seconds':>8}")
    worst = 0.0
    for name, shape in SHAPES.items():
        if args.only and args.only not in name:
            continue
        n = largest(lambda k, shape=shape: accepted(shape(k)), 1,
                    1_000 if "nested" in name or "markers" in name else 200_000)
        paragraph = shape(n) if n else ""
        count = largest(lambda k, paragraph=paragraph: accepted("\n\n".join([paragraph] * k)), 1, 4096) if n else 0
        page = "\n\n".join([paragraph] * count)
        md.reset()
        started = time.perf_counter()
        md.convert(page)
        seconds = time.perf_counter() - started
        worst = max(worst, seconds)
        print(f"{name:28} {n:7} {count:10} {len(page.encode()) / 1024:8.0f} {seconds:8.2f}", flush=True)
    print(f"bench-limits worst_page_s={worst:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
