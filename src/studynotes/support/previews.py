"""``make serve`` in a process of its own (``python -m studynotes.preview``), as the author runs it:
for the tests of the preview and the benchmark's serve figures."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from studynotes.support.browser import free_port

SRC = Path(__file__).resolve().parents[2]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
            "NO_MKDOCS_2_WARNING": "1"}


def _options(config_file: Path | None, docs_dir: Path | None) -> list[str]:
    return ([] if config_file is None else ["--config-file", str(config_file)]) + (
        [] if docs_dir is None else ["--docs-dir", str(docs_dir)])


def build_as_preview(cwd: Path, url: str, target: Path, config_file: Path | None = None,
                     docs_dir: Path | None = None) -> subprocess.CompletedProcess:
    """A clean build, in a new process, of what a preview at ``url`` serves, into ``target``."""
    return subprocess.run([sys.executable, "-m", "studynotes.preview", "--dev-addr", url.removeprefix("http://"),
                           "--build-to", str(target), *_options(config_file, docs_dir)],
                          cwd=cwd, env=_environment(), capture_output=True, text=True)


RE_EPOCH = re.compile(r"livereload\((\d+),")  # the version a page was served with, in its live-reload script


class PreviewProcess:
    """The preview of ``config_file``'s project (its notes, or ``docs_dir``'s) at ``port`` (a free
    one by default), its output in ``log``."""

    def __init__(self, cwd: Path, log: Path, config_file: Path | None = None, docs_dir: Path | None = None,
                 port: int | None = None):
        self.url = f"http://127.0.0.1:{port or free_port()}"
        self.log = log
        command = [sys.executable, "-m", "studynotes.preview", "--dev-addr", self.url.removeprefix("http://"),
                   *_options(config_file, docs_dir)]
        with log.open("wb") as out:
            self.process = subprocess.Popen(command, cwd=cwd, env=_environment(), stdout=out, stderr=subprocess.STDOUT)

    def get(self, path: str, timeout: float = 10) -> tuple[int, str]:
        """(status, text) of a served address."""
        status, body = self.get_bytes(path, timeout)
        return status, body.decode(errors="replace")

    def get_bytes(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + urllib.parse.quote(path), timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def epoch(self) -> int:
        """The version of the site being served (MkDocs' live-reload epoch, as a page is told it)."""
        return int(RE_EPOCH.search(self.get("/")[1])[1])

    def wait_for_build(self, since: int, timeout: float = 300) -> int:
        """Wait until a build newer than the version ``since`` is served (or its failure shown), as
        the live-reload script of a page waits; the new version."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with urllib.request.urlopen(f"{self.url}/livereload/{since}/0", timeout=timeout) as response:
                if (epoch := int(response.read())) > since:
                    return epoch
        raise TimeoutError("no new build was served:\n" + self.output()[-4000:])

    def wait_until_serving(self, timeout: float = 600) -> None:
        end = time.monotonic() + timeout
        while "Serving on" not in self.output():
            if self.process.poll() is not None or time.monotonic() > end:
                raise RuntimeError("the preview did not start:\n" + self.output()[-4000:])
            time.sleep(0.2)

    def wait_for(self, path: str, text: str, timeout: float = 600) -> float:
        """Seconds until the page at ``path`` is served with ``text`` in it, waited for as a page's
        live-reload script waits: for a version newer than the one the page was served with, then
        the page again (no polling of pages that would load the server while it builds)."""
        start = time.monotonic()
        while text not in (page := self.get(path, timeout=timeout)[1]):
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{path} never showed {text!r}:\n" + self.output()[-4000:])
            if (served := RE_EPOCH.search(page)) is None:
                time.sleep(0.05)
                continue
            self.wait_for_build(int(served[1]), timeout=timeout)
        return time.monotonic() - start

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """As Ctrl+C does (SIGTERM is taken as an interruption): the preview cleans up after itself."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
