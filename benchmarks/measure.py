"""Run a command and measure it: wall time, CPU time and peak memory.

Peak memory is taken two ways: ``maxrss`` from ``wait4`` (the largest single process of the
run, the number ``/usr/bin/time -f %M`` prints) and ``tree`` (the largest sum of the resident
memory of the process and all its descendants, sampled every 20 ms from /proc) — zwfw parses
in worker processes, so the sum is what the machine must hold at once.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


@dataclass(frozen=True, slots=True)
class Run:
    """One measured run."""

    seconds: float
    cpu_seconds: float  # user + system, the process and its children
    maxrss_kb: int
    tree_kb: int
    returncode: int
    stdout: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except (OSError, ValueError):
        pass
    return found


def _tree_rss_kb(root: int) -> int:
    total = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * _PAGE_KB
        except (OSError, ValueError, IndexError):
            continue
        stack.extend(_children(pid))
    return total


def run(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command`` in ``cwd`` to its end, measuring it."""
    out_path = cwd / ".bench-stdout"
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=out, stderr=subprocess.DEVNULL
        )
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_kb(process.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text("utf-8", errors="replace")
    out_path.unlink()
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        maxrss_kb=int(usage.ru_maxrss),
        tree_kb=max(peak[0], int(usage.ru_maxrss)),
        returncode=process.returncode,
        stdout=stdout,
    )


@dataclass(frozen=True, slots=True)
class Measured:
    """The median of several runs (memory: the largest seen)."""

    runs: tuple[Run, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def tree_kb(self) -> int:
        return max(r.tree_kb for r in self.runs)

    @property
    def last(self) -> Run:
        return self.runs[-1]


class RunFailed(Exception):
    """A measured command ended with an unexpected exit status."""


def repeat(
    command: Sequence[str],
    cwd: Path,
    times: int,
    before: Callable[[], None] | None = None,
    ok: tuple[int, ...] = (0,),
) -> Measured:
    """Run ``times`` times, calling ``before`` (not timed) ahead of each run; every run must
    end with an exit status in ``ok``."""
    runs = []
    for _ in range(max(1, times)):
        if before is not None:
            before()
        done = run(command, cwd)
        if done.returncode not in ok:
            raise RunFailed(f"exit {done.returncode}: {' '.join(command)} (in {cwd})")
        runs.append(done)
    return Measured(tuple(runs))
