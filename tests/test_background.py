"""Work beside the build: done (and its files written) by wait(), failures reported with their traceback."""

from __future__ import annotations

import os
import threading

import pytest

from studynotes import background


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def fail(message):
    raise ValueError(message)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_forked_work_is_done_by_wait(tmp_path, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in `mkdocs build`
    job = background.start(write, tmp_path / "out.txt", "索引")
    assert job.pid is not None  # it did fork
    job.wait()
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "索引"
    job.wait()  # waiting twice is harmless


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_failure_in_the_child_is_raised_with_its_traceback(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    job = background.start(fail, "shard 3 is broken")
    with pytest.raises(background.BackgroundError, match=r"(?s)Traceback.*ValueError: shard 3 is broken"):
        job.wait()


def test_with_other_threads_running_the_work_runs_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # e.g. mkdocs serve's server threads
    job = background.start(write, tmp_path / "out.txt", "now")
    assert job.pid is None and (tmp_path / "out.txt").read_text(encoding="utf-8") == "now"
    with pytest.raises(ValueError):
        background.start(fail, "at once")


def shout(text, times):
    return (text * times).upper()


def fail_on(text):
    if text == "b":
        raise ValueError(f"cannot link page {text}")
    return text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_worker_returns_every_result_in_order(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    worker = background.Worker(shout)
    assert worker._pid is not None  # it did fork
    pages = [(f"頁{i}-" + "x" * (i * 997), i % 3 + 1) for i in range(300)]  # far more than a pipe holds
    for args in pages:
        worker.submit(*args)
    assert worker.results() == [shout(*args) for args in pages]
    assert worker.busy_s > 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_worker_failure_is_raised_after_reading_every_request(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    worker = background.Worker(fail_on)
    for text in ["a", "b"] + ["c" * 100_000] * 20:  # the child must keep reading after the failure
        worker.submit(text)
    with pytest.raises(background.BackgroundError, match=r"(?s)Traceback.*ValueError: cannot link page b"):
        worker.results()


def test_worker_with_other_threads_running_calls_at_once(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    worker = background.Worker(shout)
    worker.submit("a", 2)
    assert worker._pid is None and worker.results() == ["AA"]
    with pytest.raises(ValueError):
        background.Worker(fail_on).submit("b")
