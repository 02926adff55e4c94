"""Work beside the build: done (and its files written) by wait(), failures reported with their traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

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


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_what_the_work_returns_comes_back_from_the_child(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    job = background.start(lambda n: {"pid": os.getpid(), "squares": [i * i for i in range(n)]}, 50_000)
    assert job.pid is not None
    answer = job.wait()
    assert answer["pid"] != os.getpid() and answer["squares"][-1] == 49_999 ** 2  # more than a pipe holds
    assert job.wait() is answer


def test_with_other_threads_running_the_work_runs_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # e.g. mkdocs serve's server threads
    job = background.start(write, tmp_path / "out.txt", "now")
    assert job.pid is None and (tmp_path / "out.txt").read_text(encoding="utf-8") == "now"
    assert background.start(len, "four").wait() == 4
    with pytest.raises(ValueError):
        background.start(fail, "at once")


def shout(text, times):
    return (text * times).upper()


def fail_on(text):
    if text == "b":
        raise ValueError(f"cannot link page {text}")
    return text


@contextlib.contextmanager
def at_most(seconds):
    """Fail instead of hanging (a child that stops reading would block the caller for ever)."""
    def expired(signum, frame):
        raise TimeoutError(f"still waiting after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_reaped(pid):
    with pytest.raises(ChildProcessError):  # waited for already: no zombie, nothing running
        os.waitpid(pid, os.WNOHANG)


forks_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@forks_only
def test_worker_returns_every_result_in_order(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    worker = background.Worker(shout)
    pid = worker._pid
    assert pid is not None  # it did fork
    pages = [(f"頁{i}-" + "x" * 997, i % 3 + 1) for i in range(300)]  # more than a pipe holds (64 KB)
    with at_most(60):
        for args in pages:
            worker.submit(*args)
        assert worker.results() == [shout(*args) for args in pages]
    assert worker.busy_s > 0
    assert_reaped(pid)


@forks_only
def test_worker_failure_is_raised_after_reading_every_request(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    worker = background.Worker(fail_on)
    pid = worker._pid
    with at_most(60), pytest.raises(background.BackgroundError,
                                    match=r"(?s)while working on 'b'.*Traceback.*ValueError: cannot link page b"):
        for text in ["a", "b"] + ["c" * 100_000] * 20:  # the child must keep reading after the failure
            worker.submit(text)
        worker.results()
    assert_reaped(pid)


@forks_only
def test_worker_ends_even_if_another_process_holds_its_pipe(monkeypatch):
    """A process forked while the worker runs (e.g. another background job) inherits the pipe of
    the requests: the end of the requests is said explicitly, not by closing the pipe."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    worker = background.Worker(shout)
    holder = os.fork()
    if holder == 0:
        time.sleep(30)
        os._exit(0)
    try:
        worker.submit("a", 1)
        with at_most(10):
            assert worker.results() == ["A"]
    finally:
        os.kill(holder, signal.SIGKILL)
        os.waitpid(holder, 0)


@forks_only
def test_ctrl_c_in_the_child_does_not_run_the_callers_code(monkeypatch, tmp_path):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    parent = os.getpid()
    try:
        worker = background.Worker(shout)
        os.kill(worker._pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        worker.submit("a", 2)
        with at_most(10):
            assert worker.results() == ["AA"]
    finally:
        if os.getpid() != parent:  # the child came back here: it must never
            (tmp_path / "escaped").write_text("the child ran the caller's code")
            os._exit(0)
    assert not (tmp_path / "escaped").exists()


@forks_only
def test_close_ends_a_worker_whose_results_are_not_wanted(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    worker = background.Worker(shout)
    pid = worker._pid
    worker.submit("a", 1)
    worker.close()  # e.g. the build failed before on_env
    assert_reaped(pid)
    worker.close()  # closing twice is harmless


def test_worker_with_other_threads_running_calls_at_once(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 3)
    worker = background.Worker(shout)
    worker.submit("a", 2)
    assert worker._pid is None and worker.results() == ["AA"]
    with pytest.raises(background.BackgroundError, match=r"(?s)while working on 'b'.*ValueError"):
        background.Worker(fail_on).submit("b")
