"""``make serve``: MkDocs' live-reloading preview, with a failed build shown where the author looks.

``mkdocs serve`` writes each rebuild over the site it serves, and while a rebuild fails it holds
every request of the browser ("The server will appear stuck until build errors are resolved"):
the author, looking at the page, sees a page that never loads. This command runs the same parts
(``mkdocs.commands.build.build``, ``mkdocs.livereload.LiveReloadServer``, the plugins' ``startup``,
``serve`` and ``shutdown`` events) with two differences:

- each build goes into a directory of its own, and the server turns to it only once the build has
  succeeded: a failed build never leaves a half-written site, the preview keeps the last good one;
- a failed build reloads the browser all the same, and every page served then carries a panel
  with the notes' problems (``file:line``, Japanese then English) above the last good version of
  the page; the terminal gets the same lines. The next good build reloads the page without it.

Run as ``python -m studynotes.preview [--dev-addr HOST:PORT] [--config-file mkdocs.yml] [--docs-dir DIR]``.
"""

from __future__ import annotations

import argparse
import html
import logging
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import BuildError
from mkdocs.livereload import LiveReloadServer, _serve_url

from studynotes.errors import Problem

log = logging.getLogger("mkdocs.studynotes.preview")

PANEL_CLASS = "preview-error"


@dataclass(frozen=True)
class Failure:
    """Why the last build failed: the notes' problems, or (a failure of another kind) its text."""

    problems: tuple[Problem, ...]
    text: str = ""


def causes(error: BaseException) -> list[BaseException]:
    """``error``, what it was raised from or while handling, and so on down."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def failure_of(error: BaseException) -> Failure:
    """What the author needs from a failed build's exception: MkDocs turns a plugin's error into
    ``Abort('Aborted with a BuildError!')``, so the problems are looked for along the chain of
    causes (the notes' errors carry them as ``problems``); otherwise the innermost message."""
    chain = causes(error)
    for cause in chain:
        if problems := getattr(cause, "problems", None):
            return Failure(tuple(problems))
    return Failure((), f"{type(chain[-1]).__name__}: {chain[-1]}")


def panel(failure: Failure) -> str:
    """The panel shown on every page while the build fails; every text in it is escaped."""
    if failure.problems:
        items = "".join(
            f'<li><code>{html.escape(_where(p))}</code> {html.escape(p.ja)}'
            f'<br><span lang="en">{html.escape(p.en)}</span></li>' for p in failure.problems)
    else:
        items = f"<li><code>{html.escape(failure.text)}</code></li>"
    return (
        f'<section class="{PANEL_CLASS}" role="alert" lang="ja" style="position:relative;z-index:10;'
        'margin:0;padding:.8rem 1rem;background:#fdecea;color:#611a15;border-bottom:3px solid #d32f2f;'
        'font:0.8rem/1.5 system-ui,sans-serif;overflow-wrap:anywhere">'
        '<p style="margin:0 0 .4rem;font-weight:700">プレビューを更新できません: ノートに問題があります'
        ' <span lang="en" style="font-weight:400">(The preview cannot be updated: the notes have problems)</span></p>'
        f'<ul style="margin:0 0 .4rem;padding-left:1.2rem">{items}</ul>'
        '<p style="margin:0">下は最後に成功したビルドのページです。直して保存すると自動で再読み込みします。'
        ' <span lang="en">Below is the page of the last good build; fix the note and save, and this page reloads.</span></p>'
        '</section>')


def error_page(failure: Failure) -> bytes:
    """A whole page for an address the last good build has no page for (or when no build has
    succeeded yet): only the panel."""
    return ('<!doctype html><html lang="ja"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<title>ビルドに失敗しました (Build failed)</title></head>'
            f'<body style="margin:0">{panel(failure)}</body></html>').encode()


def with_panel(content: bytes, failure: Failure) -> bytes:
    """``content`` (a page) with the panel first in its body."""
    start = content.find(b"<body")
    end = content.find(b">", start) + 1 if start >= 0 else 0
    return content[:end] + panel(failure).encode() + content[end:]


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, serving the last good build and, while the notes fail to build,
    the panel on every page."""

    failure: Failure | None = None

    def _inject_js_into_html(self, content, epoch):  # MkDocs' own (private) step for every page served
        content = super()._inject_js_into_html(content, epoch)
        return with_panel(content, self.failure) if self.failure is not None else content

    def page_for_error(self, code: int) -> bytes | None:
        """What a missing page (404) or a failed request (500) is answered with."""
        if self.failure is not None:
            return self._inject_js_into_html(error_page(self.failure), self._visible_epoch)
        page = Path(self.root, f"{code}.html")
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


class Preview:
    """Builds into a fresh directory for each change (two in turn), and points the server at it
    once it has succeeded."""

    def __init__(self, config_file: str | None, dev_addr: str | None, docs_dir: str | None = None):
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.docs_dir = docs_dir
        self.work = Path(tempfile.mkdtemp(prefix="studynotes-preview-"))
        self.sites = (self.work / "a", self.work / "b")
        for site in self.sites:
            site.mkdir()
        self.serve_url = ""
        self.config = self.load(self.sites[0])
        host, port = self.config.dev_addr
        self.serve_url = _serve_url(host, port, urlsplit(self.config.site_url or "/").path)
        self.server = PreviewServer(builder=self.rebuild, host=host, port=port, root=str(self.sites[1]),
                                    mount_path=urlsplit(self.serve_url).path)
        self.server.error_handler = self.server.page_for_error

    def load(self, site_dir: Path):
        options = {key: value for key, value in (("dev_addr", self.dev_addr), ("docs_dir", self.docs_dir)) if value}
        config = load_config(config_file=self.config_file, site_dir=str(site_dir), strict=False, **options)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def rebuild(self, config=None) -> bool:
        """One build into the directory not being served; True if it succeeded. A failure is kept
        for the pages (``server.failure``) and logged; it does not stop the preview."""
        target = self.sites[0] if Path(self.server.root) == self.sites[1] else self.sites[1]
        log.info("Building documentation...")
        try:
            build(config or self.load(target), serve_url=self.serve_url)
        except Exception as error:  # noqa: BLE001 - whatever fails, the preview goes on and says why
            failure = self.server.failure = failure_of(error)
            if any(isinstance(cause, BuildError) for cause in causes(error)):  # MkDocs has logged it
                log.error("The preview was not updated: the problems above are shown on its pages too "
                          "(プレビューは更新されていません。上の問題はページにも表示されます)")
            else:
                log.exception("The preview was not updated (プレビューは更新されていません): "
                              + ("\n  ".join(str(p) for p in failure.problems) or failure.text))
            return False
        self.server.failure = None
        self.server.root = str(target)
        return True

    def run(self, open_in_browser: bool = False) -> None:
        config = self.config
        config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = self.serve_url
        try:
            self.rebuild(config)
            self.server.watch(config.docs_dir)
            if config.config_file_path:
                self.server.watch(config.config_file_path)
            self.server = config.plugins.on_serve(self.server, config=config, builder=self.rebuild)
            for path in config.watch:
                self.server.watch(path)
            try:
                self.server.serve(open_in_browser=open_in_browser)
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                self.server.shutdown()
        finally:
            config.plugins.on_shutdown()
            shutil.rmtree(self.work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studynotes.preview", description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    parser.add_argument("-a", "--dev-addr", help="IP:PORT to serve at (default: mkdocs.yml's dev_addr)")
    parser.add_argument("-d", "--docs-dir", help="the notes to preview (default: mkdocs.yml's docs_dir)")
    parser.add_argument("-o", "--open", action="store_true", help="open the preview in a browser")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a test or a supervisor: clean up as on Ctrl+C
    Preview(args.config_file, args.dev_addr, args.docs_dir).run(open_in_browser=args.open)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
