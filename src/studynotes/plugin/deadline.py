"""A time guard: a page whose rendering runs past a generous limit stops the build with the page's
name, instead of holding CI until its timeout or a preview until it is killed.

The budget of :mod:`studynotes.limits` keeps every note within linear time; this is what is left
if something was missed. Each page is timed twice, as MkDocs renders it in two steps: its Markdown
(``on_pre_page`` to ``on_page_content``) and its template (``on_page_context`` to
``on_post_page``). The limit, :data:`PAGE_SECONDS`, is about a thousand times the slowest page of
the benchmark (``make bench``: ~10 ms a page at 2,000 questions; a page at the 512 KiB budget
converts in under a second). It is a real-time alarm (``SIGALRM``): Python's regular expressions
and Python-Markdown's loops see it; where there is no such alarm (Windows, a thread that is not the
main one), pages are not timed.
"""

from __future__ import annotations

import os
import signal
import threading

from studynotes.errors import Problem
from studynotes.plugin.output import NotesBuildError

PAGE_SECONDS = 30.0
ENV_SECONDS = "STUDYNOTES_PAGE_SECONDS"  # another limit (the tests' own, smaller one)


class PageTimeout(NotesBuildError):
    """A page took longer than the limit."""


def limit() -> float:
    try:
        return float(os.environ.get(ENV_SECONDS, PAGE_SECONDS))
    except ValueError:
        return PAGE_SECONDS


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class Deadline:
    """The alarm of the page being rendered (one at a time)."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.step = ""
        self._previous = None

    def start(self, path: str, step: str) -> None:
        """Time ``step`` of the page ``path`` (repository-relative, as problems name it)."""
        if not available():
            return
        self.stop()
        self.path, self.step = path, step
        self._previous = signal.signal(signal.SIGALRM, self._expired)
        signal.setitimer(signal.ITIMER_REAL, limit())

    def stop(self) -> None:
        if self.path is None:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)
        self.path, self._previous = None, None

    def _expired(self, signum, frame) -> None:
        path, step, seconds = self.path, self.step, limit()
        self.stop()
        raise PageTimeout([Problem(
            path, None,
            f"{step} of this page took longer than {seconds:g} s, and the build was stopped: something in the note "
            "makes it far slower than any other page; split the page, or simplify what is unusual in it "
            "(very long lines, deep nesting, long runs of brackets, asterisks or backticks)",
            f"このページの{'Markdown の変換' if step == 'Markdown' else 'テンプレートの描画'}"
            f"が {seconds:g} 秒を超えたため、"
            "ビルドを止めました: ノートのどこかがほかのページよりはるかに遅くしています。ページを分けるか、"
            "特殊な部分（非常に長い行、深い入れ子、角かっこ・アスタリスク・バッククォートの長い連続）を簡単にしてください")])
