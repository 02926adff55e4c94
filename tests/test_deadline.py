"""The time guard stops a page that runs past its limit, even inside a regular expression."""

from __future__ import annotations

import re
import signal

import pytest
from mkdocs.exceptions import Abort

from studynotes.plugin.deadline import Deadline, PageTimeout
from studynotes.preview import failure_of, panel


def test_a_runaway_regular_expression_is_stopped_and_named_for_the_preview_panel(monkeypatch):
    monkeypatch.setenv("STUDYNOTES_PAGE_SECONDS", "0.2")
    deadline = Deadline()
    previous = signal.getsignal(signal.SIGALRM)
    try:
        try:
            deadline.start("docs/questions/070.md", "Markdown")
            re.match(r"(a+)+$", "a" * 64 + "b")  # years, unless stopped
        except PageTimeout:
            raise Abort("Aborted with a BuildError!")  # noqa: B904 - as MkDocs raises it, with no from
    except Abort as error:
        failure = failure_of(error)
    assert [p.where for p in failure.problems] == ["docs/questions/070.md"]
    assert "took longer than 0.2 s" in failure.problems[0].en and "docs/questions/070.md" in panel(failure)
    assert signal.getsignal(signal.SIGALRM) is previous and deadline.path is None  # nothing left armed


def test_a_page_within_its_time_is_not_stopped():
    deadline = Deadline()
    deadline.start("docs/index.md", "template")
    deadline.stop()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("value, seconds", [("", 30.0), ("abc", 30.0), ("5", 5.0)])
def test_the_limit_can_be_set_for_a_test(monkeypatch, value, seconds):
    from studynotes.plugin.deadline import limit
    monkeypatch.setenv("STUDYNOTES_PAGE_SECONDS", value)
    assert limit() == seconds
