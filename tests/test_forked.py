"""compiler.forked: work in a child gives the result the parent would; a cancelled child is
killed and reaped; a child that fails leaves the work to the parent."""

from __future__ import annotations

import os
import time

import pytest

from compiler.forked import in_background


def _reaped(pid: int | None) -> None:
    assert pid is not None or (os.cpu_count() or 1) < 2
    if pid is not None:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_the_child_s_result_is_the_work_s() -> None:
    parent = os.getpid()
    pending = in_background(lambda: (os.getpid() != parent, [1, "二", {"三": 3.0}]))
    pid = pending.pid
    forked, value = pending()
    assert value == [1, "二", {"三": 3.0}]
    assert forked == ((os.cpu_count() or 1) >= 2)
    assert pending.pid is None
    _reaped(pid)


def test_a_cancelled_child_is_killed_and_reaped() -> None:
    started = time.monotonic()
    pending = in_background(lambda: time.sleep(30))
    pid = pending.pid
    pending.cancel()
    pending.cancel()  # twice is harmless
    assert time.monotonic() - started < 10
    _reaped(pid)


def test_a_failing_child_leaves_the_work_to_the_parent() -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            raise RuntimeError("只在子进程里失败")
        return 42

    pending = in_background(work)
    pid = pending.pid
    assert pending() == 42
    _reaped(pid)
