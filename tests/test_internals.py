"""The contract between the site and what it uses of MkDocs, mkdocs-static-i18n and MkDocs'
live-reload server beyond their documented API (studynotes.plugin.internals, the only module that
names it): every private function with the parameters the site passes, every method the site
replaces with the parameters MkDocs calls it with, every attribute where the site reads it, on
real objects (a loaded config, a page rendered for real, mkdocs-static-i18n's plugin in a build,
MkDocs' live-reload server answering requests), and what a real ``Page.render`` sets, which the
render cache copies. After a version of either package moves, these say what changed.

Fast: tiny projects in ``tmp_path`` (one tiny build of two languages, no site of notes)."""

from __future__ import annotations

import ast
import copy
import inspect
import threading
import time
import tokenize
from pathlib import Path

import mkdocs
import mkdocs_static_i18n
import pytest
from mkdocs import livereload
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure import nav as mkdocs_nav
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import Section, get_navigation
from mkdocs.structure.pages import Page

from conftest import ROOT
from studynotes.plugin import internals, rendercache

# The private functions the site calls (studynotes.plugin.internals), with the parameters it passes,
# by name: the others must have defaults.
CALLED = [
    (mkdocs_nav, "_get_by_type", ["nav", "t"]),
    (mkdocs_nav, "_add_parent_links", ["nav"]),
    (mkdocs_nav, "_add_previous_and_next_links", ["pages"]),
    (mkdocs_build, "_populate_page", ["page", "config", "files"]),
    (mkdocs_build, "_build_page", ["page", "config", "doc_files", "nav", "env"]),
    (livereload, "_serve_url", ["host", "port", "path"]),
    (livereload, "_timestamp", []),
]
# The methods the site replaces or overrides, with the parameters MkDocs calls them with.
REPLACED = [
    (Page, "render", ["self", "config", "files"]),
    (livereload.LiveReloadServer, "_inject_js_into_html", ["self", "content", "epoch"]),
]
# The private attributes of MkDocs' live-reload server that internals.ReloadServer reads and sets.
SERVER_ATTRIBUTES = {"_visible_epoch": int, "_wanted_epoch": int, "_epoch_cond": threading.Condition}
# What MkDocs 1.6.1's Page.render sets on a page. The render cache copies whatever render sets, so a
# new attribute needs no change of the cache; but the cache copies a value shallow (a table of
# contents deep: studynotes.plugin.rendercache), so check that this suits it, then add it here.
SET_BY_RENDER = {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}
# Undocumented attributes with public names, which only internals reads or sets: mkdocs-static-i18n's
# (its plugin's, and those its on_files sets on each file) and MkDocs' validated `hooks`.
UNDOCUMENTED_ATTRIBUTES = {"building", "current_language", "norm_src_uri", "hooks"}
UNDOCUMENTED_BY_NAME = {"building", "current_language", "norm_src_uri", "locale"}  # getattr(x, "locale")

INTERNALS = ROOT / "src" / "studynotes" / "plugin" / "internals.py"

PLAIN_YML = "site_name: t\nsite_url: http://127.0.0.1:8000/\nplugins: []\n"
I18N_YML = """site_name: t
site_url: http://127.0.0.1:8000/
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: ja
          name: 日本語
          default: true
        - locale: en
          name: English
hooks:
  - spy.py
"""
SPY = '''"""What mkdocs-static-i18n tells each build, as the site's events read it (studynotes.plugin.internals)."""
from mkdocs.plugins import event_priority

from studynotes.plugin import internals

seen = []


def on_config(config):
    seen.append(("config", internals.i18n_building(config)))


@event_priority(-150)  # after mkdocs-static-i18n (-100), as the site's own
def on_files(files, config):
    seen.append(("files", {f.src_uri: (internals.i18n_locale(f), internals.i18n_src_uri(f))
                           for f in files.documentation_pages()}))
'''


@pytest.fixture
def project(tmp_path) -> Path:
    """Three pages (one translated), a config without plugins and one with mkdocs-static-i18n."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 題\n\n本文。[他のページ](other.md#part)\n\n## 見出し\n", encoding="utf-8")
    (docs / "index.en.md").write_text("# Title\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## Part\n", encoding="utf-8")
    (tmp_path / "plain.yml").write_text(PLAIN_YML, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(I18N_YML, encoding="utf-8")
    (tmp_path / "spy.py").write_text(SPY, encoding="utf-8")
    return tmp_path


def _config(project: Path, name: str = "plain.yml"):
    return load_config(config_file=str(project / name), site_dir=str(project / "site"))


def _read(config, files, src_uri: str) -> Page:
    page = Page(None, files.get_file_from_path(src_uri), config)
    page.read_source(config)
    return page


# -- Names and parameters -------------------------------------------------------------------------


@pytest.mark.parametrize("owner, name, passed", CALLED, ids=[name for _, name, _ in CALLED])
def test_each_private_function_takes_the_parameters_the_site_passes(owner, name, passed):
    parameters = list(inspect.signature(getattr(owner, name)).parameters.values())
    assert [p.name for p in parameters[:len(passed)]] == passed, f"{owner.__name__}.{name} changed"
    assert all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in parameters[:len(passed)])
    assert all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in parameters[len(passed):]), f"{owner.__name__}.{name} needs more than the site passes"


@pytest.mark.parametrize("owner, name, parameters", REPLACED, ids=[name for _, name, _ in REPLACED])
def test_each_method_the_site_replaces_is_called_with_the_parameters_it_takes(owner, name, parameters):
    assert list(inspect.signature(getattr(owner, name)).parameters) == parameters, f"{owner.__name__}.{name} changed"


def _private(name: str) -> bool:
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def _their_private_names() -> set[str]:
    """Every private identifier in the sources of MkDocs (with its live-reload server) and of
    mkdocs-static-i18n."""
    names = set()
    for package in (mkdocs, mkdocs_static_i18n):
        for path in Path(package.__file__).parent.rglob("*.py"):
            with path.open("rb") as f:
                names |= {t.string for t in tokenize.tokenize(f.readline)
                          if t.type == tokenize.NAME and _private(t.string)}
    return names


class _Names(ast.NodeVisitor):
    """What a module of ours names of other objects: private names (attributes, but those of its own
    classes' ``self``; names imported from MkDocs; methods of a class derived from theirs; attribute
    names in strings), public attributes, and attribute names given to getattr, hasattr or setattr."""

    def __init__(self, tree: ast.Module):
        self.theirs = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                       and (node.module or "").startswith(("mkdocs", "studynotes.plugin")) for a in node.names}
        self.private, self.attributes, self.by_name = set(), set(), set()
        self.own_class = False
        self.visit(tree)
        self.private = {name for name in self.private | self.attributes if _private(name)}

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        derived = any(isinstance(b, ast.Attribute) or getattr(b, "id", None) in self.theirs for b in node.bases)
        if derived:
            self.private |= {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
        was, self.own_class = self.own_class, not derived
        self.generic_visit(node)
        self.own_class = was

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not (self.own_class and getattr(node.value, "id", None) in ("self", "cls")):
            self.attributes.add(node.attr)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if (node.module or "").startswith("mkdocs"):
            self.private |= {a.name for a in node.names if _private(a.name)}

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and node.value.isidentifier():
            self.private.add(node.value)

    def visit_Call(self, node: ast.Call) -> None:
        if (getattr(node.func, "id", None) in ("getattr", "hasattr", "setattr") and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)):
            self.by_name.add(node.args[1].value)
        self.generic_visit(node)


def _named(path: Path) -> _Names:
    return _Names(ast.parse(path.read_text(encoding="utf-8")))


def test_no_module_but_internals_names_what_mkdocs_or_the_i18n_plugin_keeps_private():
    theirs = _their_private_names()
    assert "_populate_page" in theirs and "_visible_epoch" in theirs and "_title_from_render" in theirs
    found = {}
    for path in sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "hooks").rglob("*.py")]):
        if path == INTERNALS:
            continue
        named = _named(path)
        names = ((named.private & theirs) | (named.attributes & UNDOCUMENTED_ATTRIBUTES)
                 | (named.by_name & UNDOCUMENTED_BY_NAME))
        if names:
            found[str(path.relative_to(ROOT))] = sorted(names)
    assert not found, f"call studynotes.plugin.internals instead: {found}"


def test_every_private_name_internals_uses_is_checked_here():
    named = _named(INTERNALS)
    checked = {name for _, name, _ in CALLED + REPLACED} | set(SERVER_ATTRIBUTES)
    assert named.private & _their_private_names() == checked - {"render"}  # Page.render: a public name
    assert named.attributes | named.by_name >= UNDOCUMENTED_ATTRIBUTES | UNDOCUMENTED_BY_NAME


# -- A page's conversion and build steps ----------------------------------------------------------


def _assigned_by(method, page: Page, *args) -> set[str]:
    """The attributes ``method(page, *args)`` assigns on the page (even to the value they had)."""
    names = set()

    class Recording(type(page)):
        def __setattr__(self, name, value):
            names.add(name)
            super().__setattr__(name, value)
    kind, page.__class__ = page.__class__, Recording
    try:
        method(page, *args)
    finally:
        object.__setattr__(page, "__class__", kind)  # not recorded
    return names


def test_what_page_render_sets_is_what_the_render_cache_copies(project):
    config = _config(project)
    files = get_files(config)
    page = _read(config, files, "index.md")
    before = {name: (value, copy.copy(value) if isinstance(value, (dict, list, set)) else value)
              for name, value in vars(page).items()}
    assigned = _assigned_by(Page.render, page, config, files)
    assert vars(page).keys() - assigned == before.keys() - assigned, "render removed an attribute"
    for name in vars(page).keys() - assigned:
        value, (was, snapshot) = getattr(page, name), before[name]
        assert value is was and value == snapshot, f"render changed {name} in place"
    assert assigned == SET_BY_RENDER, "Page.render sets other attributes than MkDocs 1.6.1 (see SET_BY_RENDER)"
    assert page._title_from_render == "題" and page.title == "題" and page.links_to_anchors and page.present_anchor_ids

    cache = rendercache.RenderCache()
    first = _read(config, files, "index.md")
    cache.render(Page.render, first, config, files)
    (entry,) = cache.now.values()
    assert set(entry) == assigned == cache.set_by_render
    again = _read(config, files, "index.md")
    cache.render(lambda *_: pytest.fail("converted again"), again, config, files)
    for name in assigned:  # as the real render made them, each a value of the page's own (a string is shared)
        value, made = getattr(again, name), getattr(page, name)
        assert str(value) == str(made) if name == "toc" else value == made, name
        assert value is not getattr(first, name) or isinstance(value, str), name


def test_a_page_is_converted_by_page_render_in_populate_page_and_written_by_build_page(project):
    config = _config(project)
    files = get_files(config)
    nav = get_navigation(files, config)
    page = files.get_file_from_path("index.md").page
    converted, original = [], Page.render

    def render(convert, page, config, files):
        converted.append(page)
        convert(page, config, files)
    with internals.page_render_replaced(render):
        internals.populate_page(page, config, files)
    assert converted == [page] and "本文。" in page.content and Page.render is original
    internals.build_page(page, config, files.documentation_pages(), nav, config.theme.get_env())
    assert "本文。" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_navigation_moved_about_is_linked_again(project):
    config = _config(project)
    nav = get_navigation(get_files(config), config)
    index, other = [p for p in nav.pages if p.file.src_uri in ("index.md", "other.md")]
    nav.items = [Section("節", [other]), index]
    internals.relink_navigation(nav)
    assert internals.pages_in(nav.items) == nav.pages == [other, index] and other.parent is nav.items[0]
    assert (other.previous_page, other.next_page, index.previous_page, index.next_page) == (None, index, other, None)


# -- mkdocs-static-i18n, the plugins' attributes, the hooks ---------------------------------------


def test_the_i18n_plugin_says_which_build_is_nested_and_what_each_file_is(project):
    config = _config(project, "mkdocs.yml")
    spy = internals.hook_modules(config)[0]
    mkdocs_build.build(config)
    assert spy.seen == [
        ("config", False), ("files", {"index.md": ("ja", "index.md"), "other.md": ("ja", "other.md")}),
        ("config", True), ("files", {"index.en.md": ("en", "index.md"), "other.md": ("ja", "other.md")})]
    assert not internals.i18n_building(config) and not internals.i18n_building(_config(project))


def test_the_i18n_plugin_builds_the_language_it_is_set_to(project):
    config = _config(project, "mkdocs.yml")
    internals.set_i18n_language(config, "en")
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)
    assert internals.hook_modules(config)[0].seen[-1] == (
        "files", {"index.en.md": ("en", "index.md"), "other.md": ("ja", "other.md")})


def test_the_plugins_attributes_are_kept_and_restored(project):
    config = _config(project, "mkdocs.yml")
    plugin = config.plugins["i18n"]
    states = internals.plugin_states(config)
    assert {"building", "current_language"} <= states["i18n"].keys() and plugin.current_language is None
    plugin.current_language = "en"
    internals.restore_plugin_states(config, states)
    assert plugin.current_language is None


def test_a_hook_file_is_loaded_once_per_process(project):
    first, again = _config(project, "mkdocs.yml"), _config(project, "mkdocs.yml")
    assert [m.__file__ for m in internals.hook_modules(first)] == [str(project / "spy.py")]
    assert internals.hook_modules(first)[0] is internals.hook_modules(again)[0]


def test_the_site_s_own_config_has_the_i18n_plugin_and_the_hooks_module():
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert not internals.i18n_building(config) and hasattr(internals.hook_modules(config)[0], "events")
    assert {"building", "current_language"} <= internals.plugin_states(config)["i18n"].keys()


# -- MkDocs' live-reload server -------------------------------------------------------------------


class MarkedServer(internals.ReloadServer):
    def page_html(self, content: bytes, version: int) -> bytes:
        return super().page_html(content, version) + b"<!-- ours -->"


def _get(server, path: str) -> tuple[str, bytes]:
    said = []
    body = server.serve_request({"PATH_INFO": path, "REQUEST_METHOD": "GET"},
                                lambda status, headers: said.append(status))
    try:
        return said[0], b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()


def test_the_live_reload_server_serves_pages_through_page_html_and_reloads_them(tmp_path):
    (tmp_path / "index.html").write_bytes(b"<html><body>page</body></html>")
    server = MarkedServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        for name, kind in SERVER_ATTRIBUTES.items():
            assert isinstance(getattr(server, name), kind), name
        server.watch(str(tmp_path))  # a server that watches nothing gives pages no script
        status, page = _get(server, "/index.html")
        assert status.startswith("200") and page.endswith(b"</body></html><!-- ours -->")
        assert b"livereload" in page and str(server.version).encode() in page
        shown = server.version
        time.sleep(0.002)  # a version is a time in milliseconds
        server.reload()
        assert server.version > shown and server._wanted_epoch == server.version
        assert _get(server, f"/livereload/{shown}/1") == ("200 OK", str(server.version).encode())
    finally:
        server.server_close()
    assert internals.serve_url("127.0.0.1", 8000, "/notes") == "http://127.0.0.1:8000/notes/"
