"""The benchmark's synthetic notes tree (`make bench`), made from the real pages of a docs tree.

The questions are copied and renumbered, and the terms are copied in variants (a two-digit suffix on
every name: 消失勾配 → 消失勾配07), with every mention in the copied text renamed to the same variant, so
the cross-linker has as much real work per page as on the real notes. There are a quarter as many
terms as questions. Pages the real notes have translated are copied the same way in English
(``*.en.md``), so both language builds run, as on the real site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from studynotes import mdscan, translations
from studynotes.catalog import build_catalog, read_sources
from studynotes.matching import Matcher
from studynotes.slugs import heading_anchors
from studynotes.sources import DEFAULT_LANGUAGE
from studynotes.terms import build_term_index


def _split(text: str) -> tuple[dict, str]:
    front = mdscan.front_matter(text)
    return yaml.safe_load(front.yaml), text[front.body_start:]


def _join(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body


def _suffix(variant: int) -> str:
    return "" if variant == 0 else f"{variant:02d}"


def _rename(text: str, matcher: Matcher, variant: int) -> str:
    """Give every term mention in ``text`` the variant's suffix (variant 0 keeps the real names)."""
    if variant == 0:
        return text
    out, pos = [], 0
    for m in matcher.find(text):
        out += [text[pos:m.end], _suffix(variant)]
        pos = m.end
    return "".join([*out, text[pos:]])


def _relinked(body: str, first_copy: dict[str, int], questions: int) -> str:
    """Links between questions lead to the first copy of the question they name (the same text,
    the same headings; ``first_copy``: a real question's stem → that copy's number), or to the
    first question if the tree is too small to hold that copy."""
    def to_copy(m: re.Match) -> str:
        n = first_copy.get(m.group(1), questions + 1)
        return f"]({n:03d}.md{m.group(2) or ''})" if n <= questions else "](001.md)"
    return re.sub(r"\]\((\d{3,})\.md(#[^)\s]*)?\)", to_copy, body)


def make_tree(docs: Path, target: Path, questions: int) -> dict[str, int]:
    """Write a docs tree with ``questions`` questions and a quarter as many terms under ``target``,
    in Japanese and, for every page the real notes have translated, in English."""
    every = read_sources(docs)
    languages = _languages(every)
    shutil.copytree(docs, target)
    home = target / "index.md"  # its links to real question numbers point at the first question
    for page in (home, target / "index.en.md"):
        if page.exists():
            page.write_text(re.sub(r"questions/\d+\.md", "questions/001.md", page.read_text(encoding="utf-8")),
                            encoding="utf-8")
    counts = {}
    default = languages[0]
    for language in languages:
        suffix = "" if language == default else f".{language}"
        translated = {p for p in every if language == default or translations.original_path(p, language)}
        sources = translations.sources_for(every, language, default)
        index = build_term_index(build_catalog(sources))
        matcher = Matcher(index.names())
        real_questions = sorted(p for p in sources if re.fullmatch(r"questions/\d+\.md", p))
        real_terms = sorted(p for p in sources if p.startswith("glossary/") and p != "glossary/index.md")
        terms_per_variant = len(index.entries)
        variants = max(1, round(questions / 4 / terms_per_variant))
        for path in real_questions + real_terms:
            (target / _with_suffix(path, suffix)).unlink(missing_ok=True)
        # Where links between questions lead (see _relinked).
        first_copy = {Path(q).stem: i + 1 for i, q in enumerate(real_questions)}
        for n in range(1, questions + 1):
            source = real_questions[(n - 1) % len(real_questions)]
            if _with_suffix(source, suffix) not in translated:
                continue
            variant = ((n - 1) // len(real_questions)) % variants
            meta, body = _split(sources[source])
            old_anchors = list(heading_anchors(body))
            body = _rename(body, matcher, variant)
            new_anchors = list(heading_anchors(body))
            meta["number"] = n
            meta["title"] = f"{meta['title']}（{n}）" if language == default else f"{meta['title']} ({n})"
            for term in meta.get("terms", []):
                term["term"] += _suffix(variant)
                term["aliases"] = [a + _suffix(variant) for a in term.get("aliases", [])]
                term["anchor"] = new_anchors[old_anchors.index(term["anchor"])]
            (target / "questions" / f"{n:03d}{suffix}.md").write_text(
                _join(meta, _relinked(body, first_copy, questions)), encoding="utf-8")
        for variant in range(variants):
            for source in real_terms:
                if _with_suffix(source, suffix) not in translated:
                    continue
                meta, body = _split(sources[source])
                meta["title"] += _suffix(variant)
                meta["aliases"] = [a + _suffix(variant) for a in meta["aliases"]]
                slug = Path(source).stem + (f"-{variant:02d}" if variant else "")
                (target / "glossary" / f"{slug}{suffix}.md").write_text(
                    _join(meta, _rename(body, matcher, variant)), encoding="utf-8")
        counts[language] = variants * terms_per_variant
    # The translations are as current as the real ones: record the synthetic originals' versions.
    for page in target.rglob("*.md"):
        for language in languages[1:]:
            if (original := translations.original_path(page.name, language)) and (page.parent / original).exists():
                page.write_text(translations.stamp(page.read_text(encoding="utf-8"),
                                                   (page.parent / original).read_text(encoding="utf-8")),
                                encoding="utf-8")
    return {"questions": questions, "terms": counts[default]}


def _languages(every: dict[str, str]) -> list[str]:
    """The notes' default language, then every language they are translated into."""
    found = {locale for path in every if (locale := translations.locale_of(path))}
    return [DEFAULT_LANGUAGE, *sorted(found - {DEFAULT_LANGUAGE})]


def _with_suffix(path: str, suffix: str) -> str:
    return path[: -len(".md")] + suffix + ".md"
