"""Work in a forked child, beside the parent's own: what both cores of a small machine need.

The child gets its inputs by fork (nothing is pickled on the way in) and hands its result back
through a temporary file, pickled — the only pickle zwfw ever reads, written by the same
function a moment before. Where fork is missing or unsafe (other threads may hold locks), there
is one core, or anything goes wrong in the child, the work is simply done in the parent when
its result is asked for: the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    """The result of work started by :func:`in_background`: call it to wait for the result,
    or ``cancel`` it when the result is no longer wanted (the child is killed and reaped)."""

    def __init__(self, work: Callable[[], T], pid: int | None = None, handle: Any = None):
        self._work, self._pid, self._handle = work, pid, handle

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs unwaited (None: no child, or already reaped)."""
        return self._pid

    def __call__(self) -> T:
        if self._pid is None:
            return self._work()
        pid, self._pid = self._pid, None
        _, status = os.waitpid(pid, 0)
        with self._handle:
            if os.waitstatus_to_exitcode(status) == 0:
                self._handle.seek(0)
                done: T = pickle.load(self._handle)
                return done
        return self._work()

    def cancel(self) -> None:
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)
        self._handle.close()

    @classmethod
    def start(cls, work: Callable[[], T]) -> Pending[T]:
        """Fork a child doing ``work`` (or, where forking is not possible, do it on demand)."""
        if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
            return cls(work)
        try:
            handle = tempfile.TemporaryFile()
        except OSError:  # no writable temporary directory: do it here
            return cls(work)
        try:
            pid = os.fork()
        except OSError:
            handle.close()
            return cls(work)
        if pid == 0:  # the child: work, hand over, leave without running the parent's cleanup
            status = 1
            try:
                pickle.dump(work(), handle, protocol=pickle.HIGHEST_PROTOCOL)
                handle.flush()
                status = 0
            finally:
                os._exit(status)
        return cls(work, pid, handle)


def in_background(work: Callable[[], T]) -> Pending[T]:
    """Start ``work`` in a forked process; the returned Pending waits for its result."""
    return Pending.start(work)
