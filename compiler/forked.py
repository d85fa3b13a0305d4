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
import tempfile
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a forked process; the returned function waits for its result."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return work
    try:
        handle = tempfile.TemporaryFile()
    except OSError:  # no writable temporary directory: do it here
        return work
    try:
        pid = os.fork()
    except OSError:
        handle.close()
        return work
    if pid == 0:  # the child: work, hand over, leave without running the parent's cleanup
        status = 1
        try:
            pickle.dump(work(), handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            status = 0
        finally:
            os._exit(status)

    def collect() -> T:
        _, status = os.waitpid(pid, 0)
        with handle:
            if os.waitstatus_to_exitcode(status) == 0:
                handle.seek(0)
                done: T = pickle.load(handle)
                return done
        return work()

    return collect
