"""Knowing, without reading 7,000 files, that an output folder still holds what compile wrote.

An ``OutputState`` maps each output path to the stat of the file compile left there (size,
mtime, ctime, inode), recorded only for files whose mtime and ctime are older than
``RACY_SECONDS`` when recorded: any later change of such a file changes its ctime (which no one
can set back), so an equal stat means equal bytes. A file without a trusted stat is read and
compared with its sha256, and its stat trusted afterwards if it is old enough.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from compiler.build.output import stat_of
from compiler.load.input_keys import RACY_SECONDS

Stat = tuple[int, int, int, int]


def settled(st: os.stat_result, since: int) -> bool:
    """Changed last more than RACY_SECONDS before ``since`` (ns): any later change shows."""
    return max(st.st_mtime_ns, st.st_ctime_ns) < since - int(RACY_SECONDS * 1e9)


@dataclass(frozen=True, slots=True)
class OutputState:
    stats: Mapping[str, Stat] = field(default_factory=dict)

    @classmethod
    def take(cls, out: Path, paths: Iterable[str]) -> OutputState:
        """The trusted stats of ``paths`` under ``out`` as they are now."""
        now = time.time_ns()
        found: dict[str, Stat] = {}
        base = f"{out}/"
        for path in paths:
            try:
                st = os.lstat(base + path)
            except OSError:
                continue
            if stat_module.S_ISREG(st.st_mode) and settled(st, now):
                found[path] = stat_of(st)
        return cls(found)

    def plain(self) -> dict[str, Stat]:
        return dict(self.stats)

    @classmethod
    def of_plain(cls, value: object) -> OutputState:
        if not isinstance(value, dict):
            raise ValueError("not an output state")
        return cls({str(k): (int(v[0]), int(v[1]), int(v[2]), int(v[3])) for k, v in value.items()})


def scan(root: Path) -> tuple[dict[str, os.stat_result], set[str]]:
    """A real directory's non-directories (relative POSIX path → lstat) and directories."""
    files: dict[str, os.stat_result] = {}
    dirs: set[str] = set()
    stack = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    dirs.add(rel)
                    stack.append((rel + "/", entry.path))
                else:
                    files[rel] = entry.stat(follow_symlinks=False)
    return files, dirs


def walk(out: Path) -> dict[str, os.stat_result] | None:
    """Every non-directory under ``out`` (relative POSIX path → lstat); None when ``out`` is
    not a real directory."""
    if out.is_symlink() or not out.is_dir():
        return None
    return scan(out)[0]


def hash_file(path: str | Path) -> tuple[str, os.stat_result, os.stat_result] | None:
    """The file's sha256 with its stat before and after the read (equal: it did not change
    while read), or None when it cannot be read."""
    try:
        with open(path, "rb", buffering=0) as handle:
            before = os.fstat(handle.fileno())
            digest = hashlib.sha256(handle.read()).hexdigest()
            after = os.fstat(handle.fileno())
    except OSError:
        return None
    return digest, before, after


def _same_bytes(path: Path, sha256: str, since: int) -> tuple[bool, Stat | None]:
    """Whether the file holds bytes of that digest, and its stat if it can be trusted."""
    hashed = hash_file(path)
    if hashed is None:
        return False, None
    digest, before, after = hashed
    if digest != sha256:
        return False, None
    trusted = stat_of(before) == stat_of(after) and settled(before, since)
    return True, stat_of(before) if trusted else None


def verify(out: Path, hashes: Mapping[str, str], state: OutputState) -> OutputState | None:
    """``state`` (or a fresher one) when ``out`` holds exactly the files of ``hashes`` with
    those digests and nothing else; None when anything differs."""
    try:
        found = walk(out)
    except OSError:
        return None
    if found is None or found.keys() != hashes.keys():
        return None
    now = time.time_ns()
    fresh: dict[str, Stat] = {}
    for path, st in found.items():
        if not stat_module.S_ISREG(st.st_mode):
            return None
        if state.stats.get(path) == stat_of(st):
            continue
        same, trusted = _same_bytes(out / path, hashes[path], now)
        if not same:
            return None
        if trusted is not None:
            fresh[path] = trusted
    if not fresh:
        return state
    return OutputState({**state.stats, **fresh})
