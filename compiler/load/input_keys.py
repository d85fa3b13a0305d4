"""Two keys for a set of input files, as git's index keeps them: a stat key (each file's name,
size, mtime, ctime and inode — no byte read) and a content key (every byte), both salted with a
``head`` naming everything else the answer depends on.

A cache looks an answer up by the stat key first and falls back to the content key; it may
record "stat key → content key" only when :attr:`InputKeys.settled` — no input changed within
the last ``RACY_SECONDS`` — so an edit in the same clock tick as the last run can never hide
behind equal stats (and the ctime in the key catches an mtime set back by hand).

Names ending in NUL stand for symbolic links, keyed by their target's name and never followed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

RACY_SECONDS = 2.0


def _link(name: str) -> str:
    try:
        return os.readlink(name[:-1])
    except OSError:
        return "?"


class InputKeys:
    def __init__(self, head: str, files: Iterable[str]) -> None:
        self.head = head
        self.files = list(files)
        self.newest = 0
        hasher = hashlib.blake2b(head.encode(), digest_size=20)
        for name in self.files:
            if name.endswith("\0"):
                hasher.update(f"{name}{_link(name)}\0".encode())
                continue
            try:
                stat = os.stat(name)
            except OSError:
                hasher.update(f"{name}\0missing\0".encode())
                continue
            self.newest = max(self.newest, stat.st_mtime_ns)
            hasher.update(
                f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\0".encode()
            )
        self.stat_key = hasher.hexdigest()
        self._content_key: str | None = None

    @property
    def content_key(self) -> str:
        if self._content_key is None:
            hasher = hashlib.blake2b(self.head.encode(), digest_size=20)
            for name in self.files:
                if name.endswith("\0"):
                    hasher.update(f"{name}{_link(name)}\0".encode())
                    continue
                try:
                    with open(name, "rb") as handle:  # in chunks: a huge file costs no memory
                        hasher.update(f"{name}\0{os.fstat(handle.fileno()).st_size}\0".encode())
                        while chunk := handle.read(1 << 20):
                            hasher.update(chunk)
                except OSError:
                    hasher.update(f"{name}\0unreadable\0".encode())
            self._content_key = hasher.hexdigest()
        return self._content_key

    @property
    def settled(self) -> bool:
        """No input was modified within the racy window. As in git, the modification time
        decides: every write moves it, and a write within the clock tick of the stat read
        is exactly what the window excludes; the ctime in the key catches an mtime set back."""
        return self.newest <= time.time_ns() - RACY_SECONDS * 1e9


def input_files(root: Path | None, suffixes: tuple[str, ...] = (), *, outside: bool = False) -> list[str]:
    """Every regular file under ``root`` (of the given suffixes, if any), sorted, for
    :class:`InputKeys`. A symlink is listed as its path plus NUL and, when it names a file, by
    that file's real path — only inside ``root`` unless ``outside`` (the catalog loader never
    reads a link out of the catalog; Jinja follows a template's link anywhere). FIFOs and
    devices are never listed: reading one for the content key would block."""
    found: list[str] = []
    if root is None:
        return found
    real = os.path.realpath(root) + os.sep
    stack = [str(root)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        found.append(entry.path + "\0")
                        target = os.path.realpath(entry.path)
                        if (outside or target.startswith(real)) and os.path.isfile(target):
                            found.append(target)
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.name.endswith(suffixes or "") and entry.is_file(follow_symlinks=False):
                        found.append(entry.path)
        except OSError:
            continue
    return sorted(found)
