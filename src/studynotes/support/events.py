"""The build's events up to ``on_nav``, without rendering or writing a page (as mkdocs-static-i18n's
own tests make a config): for tests of what the build knows before its pages, such as the
navigation's regrouping and each language's files, in a fraction of a build's time."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import get_navigation
from mkdocs.config import load_config
from mkdocs.structure.files import get_files, set_exclusions

from studynotes.plugin import internals
from studynotes.plugin.events import notes_events


@dataclass
class UpToNav:
    """What MkDocs and the hooks know once ``on_nav`` has run for one language."""

    config: object  # MkDocsConfig, as the events changed it
    files: object   # Files of this language
    nav: object     # Navigation, regrouped
    build: object   # studynotes.plugin.state.LanguageBuild
    run: object     # studynotes.plugin.state.Run


@contextlib.contextmanager
def up_to_nav(config_file: Path, docs_dir: Path, language: str | None = None, **options) -> Iterator[UpToNav]:
    """The events ``config``, ``pre_build``, ``files`` and ``nav`` of one language's build (the
    default language unless ``language``), as ``mkdocs build`` runs them; ``options`` override
    mkdocs.yml. The child process the hooks start for linking is ended on leaving."""
    with tempfile.TemporaryDirectory(prefix="studynotes-events-") as site:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir), site_dir=site, **options)
        events = notes_events(config)
        if language is not None:
            internals.set_i18n_language(config, language)
        try:
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            files = get_files(config)
            files.add_files_from_theme(config.theme.get_env(), config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
            yield UpToNav(config, files, nav, events.build, events.run)
        finally:
            events.end_builds()
