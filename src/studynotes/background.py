"""Work that can run beside the build: a forked child process, joined later.

The search index needs every page's final HTML (ready in ``on_env``) and nothing that MkDocs does
afterwards, while rendering the pages into Material's templates takes most of the build. Building
the index in a child process during that time uses the machine's second core instead of adding
seconds to the build. Where fork is not available, or other threads are running (``mkdocs serve``),
the work simply runs at once.

Cross-linking works the same way with a :class:`Worker`: each page's HTML is sent to a child
process as soon as it is rendered, and linked there while MkDocs renders the next pages.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
import time
import traceback
from collections.abc import Callable


def _can_fork() -> bool:
    """Fork only where it is safe: a forked child gets only the calling thread of its parent."""
    return hasattr(os, "fork") and threading.active_count() == 1


class BackgroundError(RuntimeError):
    """The background work failed; the message is its traceback."""


class Job:
    def __init__(self, pid: int | None = None, answers: int | None = None, result: object = None):
        self.pid, self.answers, self.result = pid, answers, result

    def wait(self) -> object:
        """Wait for the work to finish and return its result; raise BackgroundError if it failed."""
        if self.pid is None:
            return self.result
        pid, self.pid = self.pid, None
        with os.fdopen(self.answers, "rb") as pipe:
            answer = pipe.read()  # read before waiting: the child ends once its answer is taken
        _, status = os.waitpid(pid, 0)
        try:
            outcome, self.result = pickle.loads(answer)
        except (EOFError, pickle.UnpicklingError):
            outcome, self.result = "error", f"the background process ended with status {status}"
        if status != 0 or outcome != "ok":
            raise BackgroundError(self.result)
        return self.result


def start(work: Callable[..., object], *args: object) -> Job:
    """Run ``work(*args)`` in a forked child, or at once where forking is not safe. ``wait()`` on
    the result returns what ``work`` returned (pickled back from the child)."""
    if not _can_fork():
        return Job(result=work(*args))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send its result or its failure through the pipe, never return
        os.close(read)
        status = 0
        try:
            try:
                answer = pickle.dumps(("ok", work(*args)), pickle.HIGHEST_PROTOCOL)
            except BaseException:
                answer = pickle.dumps(("error", traceback.format_exc()), pickle.HIGHEST_PROTOCOL)
                status = 1
            with os.fdopen(write, "wb") as pipe:
                pipe.write(answer)
        finally:
            os._exit(status)
    os.close(write)
    return Job(pid, read)


class Worker:
    """Calls of one function in a forked child while the caller goes on; their results, in order.

    ``submit(*args)`` sends the arguments (pickled, through a pipe) and returns at once; the child
    keeps every result until ``results()``, which ends the child and returns them all; ``close()``
    ends it without waiting for them (a failed build). Where forking is not safe (see
    :func:`start`: e.g. the rebuilds of ``mkdocs serve``), each call runs at once. The function
    runs as it was when the worker started: fork after everything it reads is ready. With
    ``fork=False`` each call runs at once (a few pages are not worth a process).
    """

    def __init__(self, work: Callable[..., object], fork: bool = True):
        self._work, self._done, self._pid = work, [], None
        self.busy_s = 0.0  # seconds spent in ``work``, known after results()
        if not fork or not _can_fork():
            return
        requests_read, requests_write = os.pipe()
        results_read, results_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into the caller's code, whatever happens
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build; it ends us
                os.close(requests_write)
                os.close(results_read)
                _serve(work, requests_read, results_write)
            finally:
                os._exit(1)
        os.close(requests_read)
        os.close(results_write)
        self._pid = pid
        self._requests = os.fdopen(requests_write, "wb")
        self._results = os.fdopen(results_read, "rb")

    def submit(self, *args: object) -> None:
        if self._pid is None:
            start = time.perf_counter()
            try:
                self._done.append(self._work(*args))
            except Exception:
                raise BackgroundError(f"{_working_on(args)}{traceback.format_exc()}") from None
            finally:
                self.busy_s += time.perf_counter() - start
            return
        try:
            pickle.dump(args, self._requests, pickle.HIGHEST_PROTOCOL)
            self._requests.flush()  # the child starts on it now
        except OSError as e:  # the child has gone
            self.close()
            raise BackgroundError(f"the background process stopped ({e})") from None

    def results(self) -> list:
        """Every result, in the order of the calls; raise BackgroundError if a call failed."""
        if self._pid is None:
            done, self._done = self._done, []
            return done
        status, answer = "error", "the background process ended without an answer"
        try:
            # An explicit end, not the end of the pipe: a process forked meanwhile may hold it open.
            pickle.dump(_END, self._requests, pickle.HIGHEST_PROTOCOL)
            self._requests.flush()
            status, answer, self.busy_s = pickle.load(self._results)
        except (OSError, EOFError, pickle.UnpicklingError) as e:
            answer += f" ({e})"
        finally:
            self.close()
        if status != "ok":
            raise BackgroundError(answer)
        return answer

    def close(self) -> None:
        """End the child (if it still runs) and wait for it; results not yet taken are lost."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        for pipe in (self._requests, self._results):
            with contextlib.suppress(OSError):
                pipe.close()
        if os.waitpid(pid, os.WNOHANG) == (0, 0):  # still running: it is no longer needed
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


_END = "studynotes.background: end of the requests"


def _working_on(args: tuple) -> str:
    return f"while working on {args[0]!r}:\n" if args else ""


def _serve(work: Callable[..., object], requests: int, results: int) -> None:
    """The worker's child: call ``work`` for each request until the end, then send every result.
    After a failure it still reads every request, so that the caller never waits on a full pipe."""
    done: list = []
    failure = None
    busy = 0.0
    with os.fdopen(requests, "rb") as pipe_in, os.fdopen(results, "wb") as pipe_out:
        while True:
            try:
                args = pickle.load(pipe_in)
            except EOFError:  # the caller has gone without asking for the results
                os._exit(1)
            if args == _END:
                break
            if failure is None:
                start = time.perf_counter()
                try:
                    done.append(work(*args))
                except BaseException:
                    failure = f"{_working_on(args)}{traceback.format_exc()}"
                busy += time.perf_counter() - start
        answer = ("ok", done, busy) if failure is None else ("error", failure, busy)
        pickle.dump(answer, pipe_out, pickle.HIGHEST_PROTOCOL)
        pipe_out.flush()
    os._exit(0 if failure is None else 1)
