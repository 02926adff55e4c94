"""Every undocumented part of MkDocs (1.6.x, with its live-reload server, ``mkdocs.livereload``) and
of mkdocs-static-i18n (1.3.x) that the site relies on, in one place: the only module that names a
private (underscore) name of these packages, or an attribute they set without documenting it.

Each function says where the name comes from and why the site needs it. The other modules call
these functions, never the names themselves (``tests/test_internals.py`` checks that too), so that
an upgrade has one module to read, and one test that says what changed:
``tests/test_internals.py`` checks each name against the installed packages, on real objects (a
loaded config, a page rendered for real, mkdocs-static-i18n's plugin, MkDocs' live-reload
server): a private function's parameters, an attribute where it is read, what ``Page.render``
sets. pyproject.toml pins both packages to the minor versions these were read from
(``mkdocs>=1.6.1,<1.7``, ``mkdocs-static-i18n>=1.3.1,<1.4``); before moving a pin, run that test.

What is used, and by whom:

- **The navigation** (``mkdocs.structure.nav``): the three private helpers with which MkDocs'
  ``get_navigation`` links a navigation's items, applied again once the site has regrouped its
  items into blocks (:func:`relink_navigation`, :func:`pages_in`; ``studynotes.plugin.navigation``,
  in every build).
- **A page's two build steps** (``mkdocs.commands.build``): ``_populate_page`` (read, convert,
  with the page events) and ``_build_page`` (template, write), which the preview runs again for a
  page edited in place (:func:`populate_page`, :func:`build_page`; ``studynotes.plugin.inplace``);
  with them the plugins' attributes as they were in that language's build
  (:func:`plugin_states`, :func:`restore_plugin_states`).
- **The conversion of a page** (``Page.render``): replaced class-wide while the preview runs, so
  that unchanged Markdown is not converted again (:func:`page_render_replaced`;
  ``studynotes.plugin.rendercache``, which copies whatever a real ``render`` set on the page,
  private ``_title_from_render`` included, without naming it).
- **mkdocs-static-i18n's state**: whether it is building a language nested in the default one's
  build (:func:`i18n_building`; ``studynotes.plugin.events``), the language it builds next
  (:func:`set_i18n_language`; ``studynotes.support.events``), and what its ``on_files`` sets on
  every file, its language and its path without the language (:func:`i18n_locale`,
  :func:`i18n_src_uri`).
- **The hooks** (``config.hooks``): the loaded modules, each loaded once per process
  (:func:`hook_modules`; ``studynotes.plugin.events``).
- **MkDocs' live-reload server** (``mkdocs.livereload``): its preview address, and the version of
  the site that its browsers poll for and that every served page is given with the reload script
  (:class:`ReloadServer`, :func:`serve_url`; ``studynotes.preview``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import _add_parent_links, _add_previous_and_next_links, _get_by_type
from mkdocs.structure.pages import Page

# -- The navigation (mkdocs.structure.nav, 1.6) ---------------------------------------------------


def pages_in(items) -> list[Page]:
    """The pages among navigation ``items`` and below them, in order (MkDocs' ``_get_by_type``)."""
    return _get_by_type(nav=items, t=Page)


def relink_navigation(nav) -> None:
    """After ``nav.items`` were moved about: each item's ``parent``, the page order ``nav.pages``
    and each page's ``previous_page`` and ``next_page``, as ``get_navigation`` sets them (with
    ``_add_parent_links`` and ``_add_previous_and_next_links``; MkDocs has no public way to link a
    navigation a plugin has changed)."""
    _add_parent_links(nav=nav.items)
    nav.pages = pages_in(nav.items)
    _add_previous_and_next_links(pages=nav.pages)


# -- A page's build steps (mkdocs.commands.build, 1.6) ---------------------------------------------


def populate_page(page: Page, config, files) -> None:
    """Read the page's file and convert it, with the events ``pre_page``, ``page_markdown`` and
    ``page_content``: what ``mkdocs build`` does first for each page (``_populate_page``)."""
    _populate_page(page=page, config=config, files=files)


def build_page(page: Page, config, doc_files, nav, env) -> None:
    """Render the page's template, with the events ``page_context`` and ``post_page``, and write it:
    what ``mkdocs build`` does for each page once every page is converted (``_build_page``)."""
    _build_page(page=page, config=config, doc_files=doc_files, nav=nav, env=env)


def plugin_states(config) -> dict[str, dict]:
    """Each plugin's attributes (a shallow copy), by its name in ``config.plugins``. A plugin keeps
    what one build knows in them, undocumented (Material's tags plugin its tags, mkdocs-static-i18n
    its current language), and the next language's build replaces them."""
    return {name: dict(vars(plugin)) for name, plugin in config.plugins.items() if isinstance(plugin, BasePlugin)}


def restore_plugin_states(config, states: dict[str, dict]) -> None:
    """The plugins' attributes as :func:`plugin_states` took them."""
    for name, plugin in config.plugins.items():
        if name in states:
            vars(plugin).update(states[name])


# -- The conversion of a page (mkdocs.structure.pages, 1.6) -----------------------------------------


@contextlib.contextmanager
def page_render_replaced(render: Callable) -> Iterator[None]:
    """In the block, MkDocs' ``Page.render(page, config, files)``, the one step of ``_populate_page``
    that converts a page's Markdown, is ``render(convert, page, config, files)``, ``convert``
    being MkDocs' own. MkDocs has no event in its place, so the class's method is replaced."""
    convert = Page.render

    def replaced(page, config, files):
        render(convert, page, config, files)
    Page.render = replaced
    try:
        yield
    finally:
        Page.render = convert


# -- mkdocs-static-i18n (1.3) ------------------------------------------------------------------------


def i18n_building(config) -> bool:
    """mkdocs-static-i18n is building another language inside the default one's build (its
    ``on_post_build`` runs ``build`` once per other language, with its ``building`` set); False
    without the plugin."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def set_i18n_language(config, locale: str) -> None:
    """The language mkdocs-static-i18n's next build (its ``on_config``, ``on_files``) is for: its
    ``current_language``, which it sets itself before each nested build."""
    config.plugins["i18n"].current_language = locale


def i18n_locale(file) -> str | None:
    """The language of a file as mkdocs-static-i18n's ``on_files`` found it (``page.en.md``: ``en``;
    the default language for ``page.md``): its ``locale``; None before that or without the plugin."""
    return getattr(file, "locale", None)


def i18n_src_uri(file) -> str | None:
    """A file's path without its language (``questions/065.en.md``: ``questions/065.md``) as
    mkdocs-static-i18n's ``on_files`` sets it: its ``norm_src_uri``; None before that or without it."""
    return getattr(file, "norm_src_uri", None)


# -- The hooks (mkdocs.config.config_options.Hooks, 1.6) ---------------------------------------------


def hook_modules(config) -> list:
    """The modules of mkdocs.yml's ``hooks``: the validated ``config.hooks`` maps each path to its
    module, and MkDocs loads a path once per process (``Hooks._load_hook`` is cached), so every
    config loaded in a process has the same module objects."""
    return list(config.hooks.values())


# -- MkDocs' live-reload server (mkdocs.livereload, 1.6) ---------------------------------------------


def serve_url(host: str, port: int, path: str) -> str:
    """The address ``mkdocs serve`` serves at (``_serve_url``): ``http://host:port/path/``."""
    return _serve_url(host=host, port=port, path=path)


class ReloadServer(LiveReloadServer):
    """MkDocs' ``LiveReloadServer`` with public names for the private parts the preview uses: the
    site's version, which every served page carries and its browsers poll for (a newer one
    reloads them), and the HTML of a page served (the step that adds the reload script to it)."""

    @property
    def version(self) -> int:
        """The version of the site the browsers are shown (``_visible_epoch``)."""
        return self._visible_epoch

    def reload(self) -> None:
        """A new version of the site: every browser showing a page of it reloads it, as MkDocs'
        build loop does after a build (``_wanted_epoch``, ``_visible_epoch`` under
        ``_epoch_cond``, a ``_timestamp()``); the requests waiting for a build end go on."""
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch = _timestamp()
            self._epoch_cond.notify_all()

    def page_html(self, content: bytes, version: int) -> bytes:
        """A page served (``content``, its file's bytes), with the script that reloads it when the
        site is newer than ``version``; a subclass adds its own. Only a server that watches a path
        (``watch``) gives its pages the script."""
        return super()._inject_js_into_html(content, version)

    def _inject_js_into_html(self, content, epoch):  # MkDocs' step for each HTML file it serves
        return self.page_html(content, epoch)
