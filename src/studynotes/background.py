"""Work that can run beside the build: a forked child process, joined later.

The search index needs every page's final HTML (ready in ``on_env``) and nothing that MkDocs does
afterwards, while rendering the pages into Material's templates takes most of the build. Building
the index in a child process during that time uses the machine's second core instead of adding
seconds to the build. Where fork is not available, or other threads are running (``mkdocs serve``),
the work simply runs at once.
"""

from __future__ import annotations

import os
import threading
import traceback
from collections.abc import Callable


class BackgroundError(RuntimeError):
    """The background work failed; the message is its traceback."""


class Job:
    def __init__(self, pid: int | None = None, errors: int | None = None):
        self.pid, self.errors = pid, errors

    def wait(self) -> None:
        """Wait for the work to finish; raise BackgroundError if it failed."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        _, status = os.waitpid(pid, 0)
        with os.fdopen(self.errors, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        if status != 0:
            raise BackgroundError(message or f"the background process ended with status {status}")


def start(work: Callable[..., object], *args: object) -> Job:
    """Run ``work(*args)`` in a forked child (its result is discarded: it writes files), or at once
    where forking is not safe. Call ``wait()`` on the result before using what it writes."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        work(*args)
        return Job()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, report a failure through the pipe, never return
        os.close(read)
        status = 0
        try:
            work(*args)
        except BaseException:
            os.write(write, traceback.format_exc().encode("utf-8"))
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    return Job(pid, read)
