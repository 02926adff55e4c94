"""``make serve``: MkDocs' live-reloading preview, with a failed build shown where the author looks.

``mkdocs serve`` writes each rebuild over the site it serves, and while a rebuild fails it holds
every request of the browser ("The server will appear stuck until build errors are resolved"):
the author, looking at the page, sees a page that never loads. This command runs the same parts
(``mkdocs.commands.build.build``, ``mkdocs.livereload.LiveReloadServer``, the plugins' ``startup``,
``serve`` and ``shutdown`` events) with three differences:

- each build goes into a directory of its own, and the server turns to it only once the build has
  succeeded: a failed build never leaves a half-written site, the preview keeps the last good one;
- a failed build reloads the browser all the same, and every page served then carries a panel
  with the notes' problems (``file:line``, Japanese then English) above the last good version of
  the page; the terminal gets the same lines. The next good build reloads the page without it;
- the web server runs in a process of its own and the notes are watched by polling between builds,
  so the building process has one thread and its build forks work beside it (the linking of the
  note pages, the search index) exactly as ``make build`` does, instead of doing it all in turn.

And a save that changes only a note's text or a term's summary is not built at all: the pages that
show it are rendered again in place in the site being served (``studynotes.plugin.inplace``), then the
browsers reloaded; anything else is a whole build as above, which converts again only the Markdown
that changed (``studynotes.plugin.rendercache``).

Run as ``python -m studynotes.preview [--dev-addr HOST:PORT] [--config-file mkdocs.yml] [--docs-dir DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import BuildError

from studynotes.plugin import inplace, internals, rendercache
from studynotes.plugin.events import notes_events
from studynotes.problems import Problem, causes, problems_in

log = logging.getLogger("mkdocs.studynotes.preview")

PANEL_CLASS = "preview-error"


@dataclass(frozen=True)
class Failure:
    """Why the last build failed: the notes' problems, or (a failure of another kind) its text."""

    problems: tuple[Problem, ...]
    text: str = ""


def failure_of(error: BaseException) -> Failure:
    """What the author needs from a failed build's exception: MkDocs turns a plugin's error into
    ``Abort('Aborted with a BuildError!')``, so the problems are looked for along the chain of
    causes (the notes' errors carry them as ``problems``); otherwise the innermost message."""
    if problems := problems_in(error):
        return Failure(tuple(problems))
    innermost = causes(error)[-1]
    return Failure((), f"{type(innermost).__name__}: {innermost}")


def panel(failure: Failure) -> str:
    """The panel shown on every page while the build fails; every text in it is escaped."""
    if failure.problems:
        items = "".join(
            f'<li><code>{html.escape(p.where)}</code> {html.escape(p.ja)}'
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
        ' <span lang="en">Below is the page of the last good build; fix the note and save,'
        ' and this page reloads.</span></p>'
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


class PreviewServer(internals.ReloadServer):
    """MkDocs' live-reload server without its watcher and build loop: it serves the last good build
    and, while the notes fail to build, the panel on every page; :meth:`show` turns it to a new
    build and reloads the browsers."""

    failure: Failure | None = None

    def show(self, root: str | None, failure: Failure | None) -> None:
        """Serve ``root`` (if given; else the last good build) with ``failure``, and reload the pages."""
        if root is not None:
            self.root = root
        self.failure = failure
        self.reload()

    def page_html(self, content: bytes, version: int) -> bytes:
        """Every page served: with MkDocs' reload script, and the panel while the build fails."""
        content = super().page_html(content, version)
        return with_panel(content, self.failure) if self.failure is not None else content

    def page_for_error(self, code: int) -> bytes | None:
        """What a missing page (404) or a failed request (500) is answered with."""
        if self.failure is not None:
            return self.page_html(error_page(self.failure), self.version)
        page = Path(self.root, f"{code}.html")
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _serve(connection, host: str, port: int, mount_path: str, root: str) -> None:
    """The server's process: serves until the builder's end of ``connection`` says stop or closes."""
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=root, mount_path=mount_path)
    server.error_handler = server.page_for_error
    server.watch(root)  # pages get the live-reload script only from a server that watches something;
    try:                  # its observer is never started: the builder's process watches the notes
        server.server_bind()
        server.server_activate()
    except OSError as error:  # the address is taken, or not this machine's
        connection.send(f"cannot serve at {host}:{port}: {error}")
        return
    threading.Thread(target=server.serve_forever, args=(0.25,), daemon=True).start()
    connection.send("serving")
    try:
        while (message := connection.recv()) != "stop":
            server.show(*message)
    except (EOFError, KeyboardInterrupt):
        pass
    finally:
        server.shutdown()


class ServerProcess:
    """The preview's web server in a process of its own, started before anything else: the
    builder's process keeps one thread, so the build forks its work beside it as ``make build``
    does (:mod:`studynotes.background` forks only a single-threaded process)."""

    def __init__(self, host: str, port: int, mount_path: str, root: Path):
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs, host, port, mount_path, str(root)),
                                       daemon=True, name="studynotes-preview-server")
        self.process.start()
        said = self.connection.recv() if self.connection.poll(60) else f"no server at {host}:{port} after 60 s"
        if said != "serving":
            raise SystemExit(f"The preview cannot start (プレビューを開始できません): {said}")

    def show(self, root: Path | None, failure: Failure | None) -> None:
        self.connection.send((None if root is None else str(root), failure))

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send("stop")
        self.process.join(10)


class Watcher:
    """The watched files' modification times and sizes, read again every ``interval`` seconds in
    the calling thread (as MkDocs' polling observer reads them, but without a thread of its own)."""

    def __init__(self, paths, interval: float = 0.5, settle: float = 0.1):
        self.paths = [Path(p) for p in paths if p]
        self.interval, self.settle = interval, settle
        self.seen = self.snapshot()

    def watch(self, path, func=None, *, recursive: bool = True) -> None:
        """As ``LiveReloadServer.watch``, for plugins' ``on_serve``: one more path to watch."""
        self.paths.append(Path(path))
        self.seen.update((name, seen) for name, seen in self.snapshot().items() if name not in self.seen)

    def snapshot(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for file in (file for path in self.paths for file in _files(path)):
            with contextlib.suppress(OSError):
                stat = file.stat()
                found[str(file)] = (stat.st_mtime_ns, stat.st_size)
        return found

    def wait_for_change(self) -> list[str]:
        """Once something has changed and then stayed as it is for ``settle`` seconds: the paths
        of the files changed, added or removed."""
        while (now := self.snapshot()) == self.seen:
            time.sleep(self.interval)
        while True:
            time.sleep(self.settle)
            if (later := self.snapshot()) == now:
                break
            now = later
        changed = sorted(name for name in now.keys() | self.seen.keys() if now.get(name) != self.seen.get(name))
        self.seen = now
        return changed


def _files(path: Path):
    """The file ``path``, or the files under the folder ``path`` (not in caches or hidden folders)."""
    if path.is_file():
        yield path
        return
    for folder, folders, names in os.walk(path):
        folders[:] = [f for f in folders if f != "__pycache__" and not f.startswith(".")]
        yield from (Path(folder, name) for name in names)


class Preview:
    """Builds into a fresh directory for each change (two in turn), and turns the server to it once
    it has succeeded."""

    def __init__(self, config_file: str | None, dev_addr: str | None, docs_dir: str | None = None):
        self.config_file = config_file
        self.dev_addr = dev_addr
        self.docs_dir = docs_dir
        self.work = Path(tempfile.mkdtemp(prefix="studynotes-preview-"))
        self.sites = (self.work / "a", self.work / "b")
        for site in self.sites:
            site.mkdir()
        self.served = self.sites[1]
        self.config = self.load(self.sites[0])
        host, port = self.config.dev_addr
        self.serve_url = internals.serve_url(host, port, urlsplit(self.config.site_url or "/").path)
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.server: ServerProcess | None = None
        self.events = None  # the hooks' events, which keep the last build for update_in_place
        self.converted = rendercache.RenderCache()  # used while serving (run), not by build_once

    def load(self, site_dir: Path):
        options = {key: value for key, value in (("dev_addr", self.dev_addr), ("docs_dir", self.docs_dir)) if value}
        return load_config(config_file=self.config_file, site_dir=str(site_dir), strict=False, **options)

    def build(self, target: Path, config=None) -> Failure | None:
        """One build as the preview makes it, into ``target``, for the preview's address; why it
        failed, if it did (logged)."""
        log.info("Building documentation...")
        try:
            config = config or self.load(target)
            config.site_url = self.serve_url
            self.events = _events(config)
            if self.events is not None:
                self.events.keep = True  # what updates a page in place (update_in_place)
            self.converted.next_build()
            build(config, serve_url=self.serve_url)
            log.info(f"Markdown converted: {self.converted.misses} pages, the others as before "
                     f"({self.converted.hits}) / Markdown を変換したページ: {self.converted.misses}")
        except Exception as error:  # whatever fails, the preview goes on and says why
            failure = failure_of(error)
            if any(isinstance(cause, BuildError) for cause in causes(error)):  # MkDocs has logged it
                log.error("The preview was not updated: the problems above are shown on its pages too "
                          "(プレビューは更新されていません。上の問題はページにも表示されます)")
            else:
                log.exception("The preview was not updated (プレビューは更新されていません): "
                              + ("\n  ".join(str(p) for p in failure.problems) or failure.text))
            return failure
        return None

    def rebuild(self, config=None) -> bool:
        """A build into the directory not being served, then served (or its failure shown on the
        last good build's pages); True if it succeeded."""
        target = self.sites[0] if self.served == self.sites[1] else self.sites[1]
        if (failure := self.build(target, config)) is not None:
            self.server.show(None, failure)
            return False
        self.served = target
        log.info("Reloading browsers")  # said before the new version is served: who waits for it reads this
        self.server.show(target, None)
        return True

    def update_in_place(self, changed: list[str]) -> bool:
        """The pages showing notes whose text (or a term's summary) alone changed, rendered again
        into the site being served (``studynotes.plugin.inplace``), and the browsers reloaded; False
        if the site is to be built."""
        if self.events is None or self.events.finished is None:
            return False
        start = time.perf_counter()
        try:
            written = inplace.update(self.events, inplace.read(self.config.docs_dir, changed))
        except Exception as error:  # the whole build is the answer to anything else
            self.events.finished = None  # perhaps changed in part: the next build replaces it
            if isinstance(error, inplace.NotInPlace):
                log.info(f"Building the whole site: {error} (サイト全体を再ビルドします)")
            else:
                log.exception("Could not update the pages in place; building the whole site "
                              "(ページをその場で更新できなかったため、サイト全体を再ビルドします)")
            return False
        pages = sum(name.endswith(".html") for name in written)
        log.info(f"Updated {pages} pages and {len(written) - pages} files of the search index in place "
                 f"in {time.perf_counter() - start:.2f} s; reloading browsers")
        self.server.show(self.served, None)  # after the line above, as in rebuild
        return True

    def run(self, open_in_browser: bool = False) -> None:
        try:
            with rendercache.installed(self.converted):
                self._serve(self.config, open_in_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            if self.server is not None:
                self.server.stop()
            self.close()

    def _serve(self, config, open_in_browser: bool) -> None:
        host, port = config.dev_addr
        self.server = ServerProcess(host, port, urlsplit(self.serve_url).path, self.served)
        watcher = Watcher([config.docs_dir, config.config_file_path, *config.watch])  # saves during
        self.rebuild(config)                                                         # the first build count
        config.plugins.on_serve(watcher, config=config, builder=self.rebuild)
        log.info(f"Serving on {self.serve_url}")
        if open_in_browser:
            webbrowser.open(self.serve_url)
        while True:
            changed = watcher.wait_for_change()
            log.info("Detected file changes")
            if code := [path for path in changed if path.endswith(".py")]:
                raise Restart(code[0])
            if not self.update_in_place(changed):
                self.rebuild()

    def build_once(self, target: Path) -> bool:
        """What the preview would serve first, written to ``target`` (for comparing with it)."""
        try:
            return self.build(target, self.load(target)) is None
        finally:
            self.close()

    def close(self) -> None:
        self.config.plugins.on_shutdown()
        shutil.rmtree(self.work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studynotes.preview", description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    parser.add_argument("-a", "--dev-addr", help="IP:PORT to serve at (default: mkdocs.yml's dev_addr)")
    parser.add_argument("-d", "--docs-dir", help="the notes to preview (default: mkdocs.yml's docs_dir)")
    parser.add_argument("--build-to", type=Path, metavar="DIR",
                        help="only build, as the preview would at this address, into DIR (for comparisons)")
    parser.add_argument("-o", "--open", action="store_true", help="open the preview in a browser")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a test or a supervisor: clean up as on Ctrl+C
    preview = Preview(args.config_file, args.dev_addr, args.docs_dir)
    if args.build_to is not None:
        return 0 if preview.build_once(args.build_to) else 1
    try:
        preview.run(open_in_browser=args.open)
    except Restart as changed:  # the preview has cleaned up (its server stopped, its directories removed)
        log.info(f"{changed} changed: restarting the preview with the new code "
                 "(コードが変更されたため、プレビューを再起動します)")
        again = [arg for arg in (sys.argv[1:] if argv is None else argv) if arg not in ("-o", "--open")]
        os.execv(sys.executable, [sys.executable, "-m", "studynotes.preview", *again])
    return 0


class Restart(Exception):
    """The site's Python code (the package, the hooks) changed: a build in this process would still
    run the code it imported (MkDocs loads a hook file once per process), so the preview starts again."""


def _events(config):
    """The site's hooks' events object, if the project has them."""
    try:
        return notes_events(config)
    except LookupError:
        return None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
