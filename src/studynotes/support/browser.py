"""Chromium for the browser tests, the benchmark and the tools: where to find it, how to start it, a quiet
local server."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Connections are kept open, as any web host keeps them (HTTP/1.0 would open one per file).
    protocol_version = "HTTP/1.1"
    # The headers and the body are two writes: with Nagle's algorithm, the body waits for the
    # browser's delayed ACK of the headers (40 ms on Linux), a stall no web host has.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass


class RevalidatingHandler(QuietHandler):
    """Every file sent whole, never kept by the browser's HTTP cache (``no-store``): for tests that
    rewrite the site while it is served (a new deploy, a preview at the same address). Otherwise a
    file rewritten within the same second as the copy before it is answered ``304 Not Modified``
    (``Last-Modified`` has one-second resolution), or taken from the HTTP cache by heuristic
    freshness, depending on the machine's load."""

    def send_head(self):
        del self.headers["If-Modified-Since"]
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class GzipHandler(QuietHandler):
    """Compresses text as GitHub Pages does, for measurements of what readers download (each file
    once, as a host serves files compressed ahead of time)."""

    compressed: ClassVar[dict[tuple[str, int, int], bytes]] = {}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        text = path.endswith((".html", ".css", ".js", ".json", ".xml", ".svg"))
        if not text or "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(path):
            return super().send_head()
        if os.path.isdir(self.translate_path(self.path)) and not self.path.split("?")[0].endswith("/"):
            return super().send_head()  # the redirect to the directory's URL
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)  # a file rewritten (a test's new deploy) is compressed again
        body = self.compressed.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = self.compressed[key] = gzip.compress(f.read(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing a kept connection
            super().handle_error(request, client_address)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(site: Path, url: str | None = None, compress: bool = False, revalidate: bool = False) -> Iterator[str]:
    """Serve a built site locally (at ``url``'s port, else a free one); yields its base URL.
    ``compress``: as GitHub Pages compresses; ``revalidate``: no response reused unchecked."""
    port = urlsplit(url).port if url else 0
    handler = (type("Handler", (GzipHandler,), {"compressed": {}}) if compress
               else RevalidatingHandler if revalidate else QuietHandler)
    server = _Server(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()  # the port is free again at once: the next series serves the same site there


def chromium_executable() -> str | None:
    """Debian's Chromium where present (CI), else None: Playwright's own browser if installed."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as URL paths."""
    return sorted("/" + str(p.relative_to(site).parent).replace(".", "") for p in site.rglob("index.html")
                  if "assets" not in p.parts)


# The site's search worker asked directly, without Material's search box: for each query, the
# pages of its complete result list (the address of each result group's page line), best first.
_ASK_WORKER = """async ([queries, index, count]) => {
    const url = "/assets/javascripts/search-worker.js?index=" + encodeURIComponent(index)
    const start = async () => {
        const worker = new Worker(url)
        await new Promise(res => { worker.onmessage = res; worker.postMessage({type: 0, data: {}}) })
        return worker
    }
    const workers = await Promise.all(Array.from({length: Math.min(count, queries.length)}, start))
    const ask = (worker, q) => new Promise(res => {
        worker.onmessage = ev => { if (ev.data.data.done) res(ev.data) }
        worker.postMessage({type: 2, data: q})
    })
    const out = new Array(queries.length)
    /* Each worker answers one query at a time (a new query cancels the one in progress), in turn. */
    await Promise.all(workers.map(async (worker, w) => {
        for (let k = w; k < queries.length; k += workers.length) {
            const result = await ask(worker, queries[k])
            out[k] = result.data.items.map(group => group.find(i => !i.location.includes("#")).location)
        }
        worker.terminate()
    }))
    return out
}"""


def worker_results(page, queries: list[str], index: str, workers: int = 1) -> list[list[str]]:
    """Each query's result pages from the search worker of the site ``page`` shows, for the index
    at URL ``index`` (``…/search/`` of a language), asked of ``workers`` workers side by side (each
    waits a moment between a query's titles and its passages, as it does for a reader)."""
    return page.evaluate(_ASK_WORKER, [list(queries), index, workers])
