"""A language's build starts from its files: every file of docs/ screened, the notes read once,
and what the rest of the build reads (catalog, term index, matcher, URLs, dates) made from them."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.structure.files import get_files

from studynotes import catalog, gitdates, i18n, sources, study
from studynotes.gaps import read_known_gaps
from studynotes.matching import Matcher
from studynotes.plugin import languages
from studynotes.plugin.paths import docs_dir, in_docs, known_gaps_file, page_path, renamed
from studynotes.plugin.state import LanguageBuild, Run
from studynotes.terms import collect_term_index


def screen(run: Run, files, config) -> None:
    """Every file of docs/ is readable text or an allowed image, where the site expects it (checked
    once per run, over every language's files); the others are reported and left out of the build."""
    with run.timings.feature("guard"):
        if run.texts is None:
            _read_everything(run, config)
        for f in list(files):
            if f.src_uri in run.refused:
                files.remove(f)
            elif f.src_uri in run.texts:
                f.content_string = run.texts[f.src_uri]


def _read_everything(run: Run, config) -> None:
    everything = [f for f in get_files(config) if not f.src_uri.startswith(".")]
    texts, found, data = {}, [], {}
    for f in everything:
        raw = Path(f.abs_src_path).read_bytes()
        if f.src_uri.endswith(".md"):
            text, problems = sources.decode(f.src_uri, raw)
            found += problems
            if text is None:
                run.refused.add(f.src_uri)
            else:
                texts[f.src_uri] = text
        else:
            data[f.src_uri] = raw
    locales = [locale for locale, *_ in languages.built(config)] or [sources.DEFAULT_LANGUAGE]
    layout = sources.layout_problems([f.src_uri for f in everything], locales, data)
    run.refused |= {p.path for p in layout}
    run.texts = texts
    docs = docs_dir(config)
    run.report.add(in_docs(p, docs) for p in found + layout)
    gaps, problems = read_known_gaps(known_gaps_file(config))
    run.known_gaps = dict(gaps.reasons)
    run.report.add(problems)


def start(run: Run, files, config, log: logging.Logger) -> LanguageBuild:
    """What this language's build knows once its files are chosen (and screened)."""
    pages = files.documentation_pages()
    texts = {f.src_uri: f.content_string for f in pages}  # every page of this build, read once
    home = files.get_file_from_path("index.md")
    prefix = i18n.site_prefix(home.url if home else "")
    changed, shallow = gitdates.last_changes(Path(config.docs_dir))
    if shallow:
        log.warning("the git history is shallow: pages show no last-updated date (check out the full "
                    "history: fetch-depth: 0) / git の履歴が浅いため、更新日を表示しません")
        changed = {}
    if not prefix:
        run.default_texts = dict(texts)  # the originals, for the other languages' builds
    real_paths = {page_path(f): f.src_uri for f in pages}
    notes, problems = catalog.collect_catalog({page_path(f): texts[f.src_uri] for f in pages})
    with run.timings.feature("crosslinks"):
        terms, more = collect_term_index(notes)
        matcher = Matcher(terms.names())
    docs = docs_dir(config)
    run.report.add(renamed(p, real_paths, docs) for p in problems + more)
    language = languages.language(config)
    build = LanguageBuild(language, prefix, languages.built(config), docs, notes, terms, matcher, real_paths,
                          {page_path(f): f.url for f in pages}, changed, config.site_name,
                          study.script_config(language, prefix, not run.serving))
    if prefix:
        languages.warn_outdated_translations(log, docs, build, run, texts)
    return build
