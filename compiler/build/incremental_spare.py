"""The spare output tree: the previous generated/, kept in the project's cache to be updated in
place of a staging copy.

``<cache>/spare-<digest of the output path>/`` holds ``tree/`` (what generated/ held before the
last write), ``known.marshal`` (``incremental_known``), a ``lock`` and a ``.gitignore`` of
``*`` (so the catalog repository's ``git status`` never lists it). A write, holding the
output's lock and this lock, makes ``tree/`` hold exactly the new outputs (a file whose stat
is known to hold the wanted digest stays; any other is written to a new file renamed into
place, never rewritten in place, since it may share its inode with generated/), then
exchanges ``tree/`` and generated/ in one ``renameat2(RENAME_EXCHANGE)``: generated/ is
one whole compile at every moment, and the old output becomes the next spare, with its
files' stats (and ctimes) untouched. Nothing in ``tree/`` is trusted without a known stat
or a read, so a write killed half-way leaves a spare that is simply partly out of date.

Used only when the cache is on the output's file system; at most ``MAX_SPARES`` output
folders keep one (a preview compiles into a new temporary folder each time): the least
recently used go, each only when its lock is free.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from compiler.build.incremental_known import Known
from compiler.build.incremental_outputs import scan
from compiler.build.output import Kept, Output, sha256

MAX_SPARES = 4


@dataclass(slots=True)
class Tree:
    """A folder's non-directories (relative path → lstat) and directories."""

    files: dict[str, os.stat_result] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)

    @classmethod
    def walk(cls, root: Path) -> Tree:
        found = cls()
        if root.is_symlink() or not root.is_dir():
            return found
        found.files, found.dirs = scan(root)
        return found


def _parents(paths: Mapping[str, object]) -> set[str]:
    """Every folder above the paths (``a``, ``a/b`` for ``a/b/c``); a folder already found
    has its own parents found too, so each is split once."""
    dirs: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in dirs:
            dirs.add(folder)
            folder = folder.rpartition("/")[0]
    return dirs


def _write_new(target: Path, data: bytes) -> os.stat_result:
    """Put ``data`` at ``target`` as a new file (a rename over whatever was there)."""
    temp = target.with_name(f".{target.name}.zwfw-{os.getpid()}")
    with suppress(FileNotFoundError):
        os.unlink(temp)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return os.lstat(target)


def spare_folder(cache: Path, out: Path) -> Path:
    """Where the spare tree of output folder ``out`` (absolute, normalized) lives."""
    where = hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest()
    return cache / f"spare-{where}"


class Spare:
    """One output folder's spare tree, locked for the duration of a write."""

    def __init__(self, folder: Path, fd: int, seed: bool = False) -> None:
        self.folder = folder
        self.tree = folder / "tree"
        self.known = Known(folder / "known.marshal")
        self._fd = fd
        #: a write into a folder that does not exist yet seeds this spare at once (swap.py)
        self.seed = seed

    @classmethod
    def open(cls, cache: Path | None, out: Path, *, seed: bool = False) -> Spare | None:
        """The spare of ``out`` in ``cache``, locked; None when there can be none (no cache,
        another file system, the lock taken, the cache unwritable). ``seed``: a first write
        into ``out`` fills the spare at once."""
        if cache is None:
            return None
        try:
            cache.mkdir(parents=True, exist_ok=True)
            if os.stat(cache).st_dev != os.stat(out.parent).st_dev:
                return None
            cache_real, out_real = cache.resolve(), out.resolve()
            if cache_real.is_relative_to(out_real) or out_real.is_relative_to(cache_real):
                return None
            folder = spare_folder(cache, out)
            folder.mkdir(exist_ok=True)
            fd = _lock(folder / "lock")
            if fd is None:
                return None
            ignore = folder / ".gitignore"
            if not ignore.is_file():
                ignore.write_text("*\n", "ascii")
            os.utime(folder)  # most recently used
        except OSError:
            return None
        _prune(cache, keep=folder)
        return cls(folder, fd, seed)

    def close(self) -> None:
        os.close(self._fd)

    def fill(
        self,
        files: Mapping[str, Output],
        hashes: Mapping[str, str],
        out: Path,
        current: Tree,
        same: set[str],
    ) -> list[os.stat_result]:
        """Make ``tree/`` hold exactly ``files``; ``current`` is generated/ as walked, ``same``
        the paths whose file there already holds its bytes. Returns the stats left in it."""
        seeding = not self.tree.is_dir()
        if self.tree.is_symlink() or (self.tree.exists() and not self.tree.is_dir()):
            self.tree.unlink()
        self.tree.mkdir(mode=0o755, exist_ok=True)
        os.chmod(self.tree, 0o755)
        there = Tree.walk(self.tree)
        needed = _parents(files)
        for folder in sorted(there.dirs):
            if folder not in needed and os.path.lexists(self.tree / folder):
                shutil.rmtree(self.tree / folder)
        for path in list(there.files):
            if path not in files or path in needed:
                with suppress(FileNotFoundError):
                    os.unlink(self.tree / path)
                del there.files[path]
        for folder in sorted(needed):
            if folder not in there.dirs:
                os.mkdir(self.tree / folder)
        left: list[os.stat_result] = []
        base = f"{self.tree}/"
        for path, data in files.items():
            st = there.files.get(path)
            if st is not None and self.known.read(base + path, st) == hashes[path]:
                left.append(st)
                continue
            target = self.tree / path
            if seeding and path in same:  # a new spare: share generated/'s unchanged files
                temp = target.with_name(f".{target.name}.zwfw-{os.getpid()}")
                with suppress(FileNotFoundError):
                    os.unlink(temp)
                try:
                    os.link(out / path, temp)
                    os.replace(temp, target)
                    left.append(os.lstat(target))
                    continue
                except OSError:
                    pass
            left.append(_write_new(target, self._bytes(out, path, data)))
        return left

    @staticmethod
    def _bytes(out: Path, path: str, data: Output) -> bytes:
        if not isinstance(data, Kept):
            return data
        from compiler.build.swap import StaleOutput

        try:
            found = (out / path).read_bytes()
        except OSError as error:
            raise StaleOutput(f"{path} 已在编译期间被改动") from error
        if sha256(found) != data.sha256:
            raise StaleOutput(f"{path} 已在编译期间被改动")
        return found


def _lock(path: Path) -> int | None:
    """An exclusive lock on ``path`` (kept, not removed); None when another holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.stat(path).st_ino == os.fstat(fd).st_ino:  # not a pruned folder's lock
            return fd
    except OSError as error:
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.ENOENT):
            os.close(fd)
            raise
    os.close(fd)
    return None


def _prune(cache: Path, keep: Path) -> None:
    """Remove the least recently used spares beyond MAX_SPARES, each only while holding its
    lock (a compile using it holds it), moved aside first so no one opens it meanwhile."""
    try:
        spares = sorted(
            (p for p in cache.glob("spare-*") if p != keep and p.is_dir()),
            key=lambda p: p.stat().st_mtime_ns,
        )
        for stale in cache.glob(".spare-trash-*"):
            shutil.rmtree(stale, ignore_errors=True)
    except OSError:
        return
    for old in spares[: max(0, len(spares) - MAX_SPARES + 1)]:
        try:
            fd = _lock(old / "lock")
        except OSError:
            continue
        if fd is None:
            continue
        try:
            trash = cache / f".spare-trash-{old.name}-{os.getpid()}"
            os.rename(old, trash)
            shutil.rmtree(trash, ignore_errors=True)
        except OSError:
            pass
        finally:
            os.close(fd)
