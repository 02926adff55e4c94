"""What parts of a built site weigh as readers download them: figures the benchmark prints and the
tests hold to a budget."""

from __future__ import annotations

import gzip
from pathlib import Path

STUDY_CSS = "/* == Studying on a phone"


def study_kb(site: Path) -> float:
    """KB, gzipped, of what studying on a phone adds to a reader's download: its script, the
    service worker as built, and its part of the site's style sheet (from its marker to the end)."""
    css = (site / "assets/site.css").read_text(encoding="utf-8")
    parts = [(site / "assets/javascripts/study.js").read_bytes(), (site / "sw.js").read_bytes(),
             css[css.index(STUDY_CSS):].encode("utf-8")]
    return sum(len(gzip.compress(part, 9, mtime=0)) for part in parts) / 1024
