"""Parse many files on several cores: fork workers, batches of about equal bytes.

Workers send back plain values (pickled); below a few megabytes one process is faster.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

from compiler.load.source import SourceFile, parse_bytes
from compiler.load.yaml12 import Limits

#: below this many bytes in all, parsing in one process beats starting workers
PARALLEL_MIN_BYTES = 3 * 1024 * 1024
#: a worker sends its results back in pieces of about this many bytes of YAML
CHUNK_BYTES = 8 * 1024 * 1024


def _parse_batch(batch: list[tuple[SourceFile, bytes]], limits: Limits) -> list[SourceFile]:
    gc.disable()
    return [parse_bytes(source, raw, limits) for source, raw in batch]


def _batches(sizes: list[int], count: int) -> list[list[int]]:
    loads = [0] * count
    batches: list[list[int]] = [[] for _ in range(count)]
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        target = loads.index(min(loads))
        batches[target].append(index)
        loads[target] += sizes[index]
    return [sorted(batch) for batch in batches]


def default_jobs() -> int:
    try:
        return max(1, min(len(os.sched_getaffinity(0)), 4))
    except AttributeError:  # not on Linux
        return max(1, min(os.cpu_count() or 1, 4))


def parse_all(
    work: list[tuple[SourceFile, bytes]], limits: Limits, jobs: int | None = None
) -> Iterator[tuple[int, SourceFile]]:
    """(index into ``work``, parsed SourceFile) for every file."""
    jobs = default_jobs() if jobs is None else jobs
    total = sum(len(raw) for _, raw in work)
    if jobs > 1 and len(work) > 1 and total >= PARALLEL_MIN_BYTES:
        try:
            yield from _parallel(work, limits, jobs)
            return
        except (OSError, RuntimeError, ValueError):
            pass  # no fork or no workers here: parse in this process
    for index, (source, raw) in enumerate(work):
        yield index, parse_bytes(source, raw, limits)


def _chunks(batch: list[int], sizes: list[int], limit: int) -> list[list[int]]:
    """A worker's share cut into pieces of about ``limit`` bytes, sent back one by one: the
    worker never holds its whole share, nor the parent one huge pickle of it."""
    pieces: list[list[int]] = [[]]
    total = 0
    for index in batch:
        if pieces[-1] and total + sizes[index] > limit:
            pieces.append([])
            total = 0
        pieces[-1].append(index)
        total += sizes[index]
    return [piece for piece in pieces if piece]


def _parallel(
    work: list[tuple[SourceFile, bytes]], limits: Limits, jobs: int
) -> Iterator[tuple[int, SourceFile]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    sizes = [len(raw) for _, raw in work]
    plan = _batches(sizes, jobs)
    context = multiprocessing.get_context("fork")
    done: list[tuple[int, SourceFile]] = []
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context) as pool:
        futures = [
            (chunk, pool.submit(_parse_batch, [work[i] for i in chunk], limits))
            for batch in plan[1:]
            for chunk in _chunks(batch, sizes, CHUNK_BYTES)
        ]
        done.extend(zip(plan[0], _parse_batch([work[i] for i in plan[0]], limits), strict=True))
        for chunk, future in futures:
            done.extend(zip(chunk, future.result(), strict=True))
    yield from done
