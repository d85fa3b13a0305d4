"""Writing generated/ atomically: a lock, a staging sibling, one swap.

1. Take an exclusive ``flock`` on ``.<out>.tmp-lock`` beside the output; a second compile
   is refused with the holder's pid (the kernel drops the lock if a compile dies). The file is
   removed at the end, so a finished compile leaves nothing beside its output.
2. Put back a previous output a crash left aside, and clear stale staging directories.
3. If every file already holds its bytes and nothing is extra, write nothing at all.
4. Otherwise build ``.<out>.tmp-new-*`` beside it: an unchanged file is hard-linked from the
   current output (no data written), a changed or new one is written.
5. Swap the staging directory in: one ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it,
   else two renames with the previous output kept aside as ``.<out>.tmp-old-*`` until done.

A failure before step 5 leaves the previous output untouched and removes the staging directory.
The ``.<out>.tmp*`` names match the repository's .gitignore.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from compiler.build.incremental_known import Known, stat_key
from compiler.build.incremental_outputs import OutputState
from compiler.build.incremental_spare import Spare, Tree
from compiler.build.output import MANIFEST, Kept, Output, check_relative, sha256


class OutputLocked(Exception):
    """Another compile is writing the same output directory."""


class UnsafeOutput(Exception):
    """The output directory is something compile must not replace."""


class StaleOutput(Exception):
    """An output passed as ``Kept`` no longer holds its bytes: nothing was written; make the
    bytes and write again."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write did: files written, files kept by hard link, whether anything changed."""

    written: tuple[str, ...]
    kept: int
    removed: tuple[str, ...]
    #: the trusted stats of the outputs as left, taken under the lock (``record=True``)
    state: OutputState | None = None

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


def _sibling(out: Path, what: str) -> str:
    return f".{out.name}.tmp-{what}"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output's lock for the block; OutputLocked if another process holds it.

    The lock is a file beside the output, removed (while still held) when the block ends, so
    a compile leaves nothing behind. A process that locked a file another had just removed
    sees that the path no longer names its file, and locks the new one instead."""
    path = out.parent / _sibling(out, "lock")
    if path.is_dir():  # earlier versions kept the lock file in a folder of that name
        path = path / "lock"
    out.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise OutputLocked(
                f"另一个 zwfw compile（进程 {holder}）正在写入 {out}；请等它结束后再运行"
            ) from None
        try:
            current = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)
        os.close(fd)  # closing releases the flock


def _recover(out: Path) -> None:
    """Put back an output a crashed swap left aside; remove stale staging directories."""
    old = sorted(out.parent.glob(_sibling(out, "old-*")))
    if not out.exists() and old:
        os.rename(old.pop(), out)
    for stale in [*old, *out.parent.glob(_sibling(out, "new-*"))]:
        shutil.rmtree(stale, ignore_errors=True)


def _guard(out: Path, catalog: Path | None) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UnsafeOutput(f"输出位置 {out} 不是目录（或是符号链接），不会覆盖它")
    if catalog is not None and catalog.resolve().is_relative_to(out.resolve()):
        raise UnsafeOutput(f"输出目录 {out} 包含目录 {catalog}，不会覆盖它")
    if catalog is not None and out.resolve().is_relative_to(catalog.resolve()):
        raise UnsafeOutput(f"输出目录 {out} 位于目录 {catalog} 之内，不会写入")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise UnsafeOutput(
            f"输出目录 {out} 不是空目录，也没有 {MANIFEST}（不是 zwfw 生成的），不会覆盖它"
        )


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with renameat2(RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging)  # it now holds the previous output
    else:
        aside = out.parent / _sibling(out, f"old-{os.getpid()}")
        os.rename(out, aside)
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(aside, out)  # put the previous output back
            raise
        shutil.rmtree(aside)


def _stage(out: Path, staging: Path, files: Mapping[str, Output], fresh: set[str]) -> None:
    for path, data in sorted(files.items()):
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path not in fresh:
            try:
                os.link(out / path, target)
                continue
            except OSError:
                pass  # no hard links here: write the bytes
        if isinstance(data, Kept):  # not fresh: the file was found holding them, under the lock
            data = (out / path).read_bytes()
        target.write_bytes(data)


def write_output(
    out: Path,
    files: Mapping[str, Output],
    *,
    catalog: Path | None = None,
    record: bool = False,
    hashes: Mapping[str, str] | None = None,
    spare: Path | None = None,
) -> WriteReport:
    """Make ``out`` hold exactly ``files``, atomically, rewriting only what changed; with
    ``record``, also the stats of the files left there, taken before the lock is released
    (so that they are this compile's files, not a later one's). A ``Kept`` output is checked
    under the lock: if its file no longer holds its bytes, StaleOutput, and nothing written.
    ``hashes`` (path → sha256 of ``files``) saves hashing them again; with ``spare`` (the
    project's cache folder) the new tree is made from the previous output kept there
    (``incremental_spare``) instead of a staging copy, when the cache is on this file system."""
    out = Path(os.path.abspath(out))
    for path in files:
        check_relative(path)
    _guard(out, catalog)  # before the lock folder is made beside it: a refusal leaves no trace
    digests = dict(hashes) if hashes is not None else {}
    for path, data in files.items():
        if path not in digests:
            digests[path] = data.sha256 if isinstance(data, Kept) else sha256(data)
    with output_lock(out):
        _recover(out)
        _guard(out, catalog)
        tree = Spare.open(spare, out) if spare is not None else None
        try:
            report = _write_locked(out, files, digests, tree)
        finally:
            if tree is not None:
                tree.close()
        if record:
            return replace(report, state=OutputState.take(out, files))
        return report


def _holds(path: str, st: os.stat_result, data: Output, digest: str, known: Known) -> bool:
    """Whether the file (lstat ``st``) holds ``data``: a Kept by its stat, else by a known
    digest of its stat, else by reading it (once)."""
    if isinstance(data, Kept):
        if (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) == data.stat:
            return True
    elif st.st_size != len(data):
        return False
    return known.read(path, st) == digest


def _write_locked(
    out: Path, files: Mapping[str, Output], digests: Mapping[str, str], spare: Spare | None
) -> WriteReport:
    known = spare.known if spare is not None else Known()
    current = Tree.walk(out)
    same: set[str] = set()
    base = f"{out}/"
    for path, data in files.items():
        st = current.files.get(path)
        if st is not None and _holds(base + path, st, data, digests[path], known):
            same.add(path)
    fresh = sorted(files.keys() - same)
    stale = [path for path in fresh if isinstance(files[path], Kept)]
    if stale:
        raise StaleOutput(f"{stale[0]} 已在编译期间被改动")
    extra = tuple(sorted(current.files.keys() - files.keys()))
    report = WriteReport(tuple(fresh), len(same), extra)
    now = time.time_ns()
    for path in same:  # a Kept's stat was settled when its bytes were read
        data = files[path]
        if isinstance(data, Kept):
            known.learn(current.files[path], data.sha256, now)
    left: list[os.stat_result] = []
    if not (fresh or extra):
        pass
    elif spare is None or not _swap_spare(out, files, digests, spare, current, same, left):
        staging = Path(tempfile.mkdtemp(prefix=_sibling(out, "new-"), dir=out.parent))
        try:
            _stage(out, staging, files, set(fresh))
            os.chmod(staging, 0o755)
            _swap(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    if spare is not None:
        spare.known.save(stat_key(st) for st in [*left, *current.files.values()])
    return report


def _swap_spare(
    out: Path,
    files: Mapping[str, Output],
    digests: Mapping[str, str],
    spare: Spare,
    current: Tree,
    same: set[str],
    left: list[os.stat_result],
) -> bool:
    """Fill the spare tree and exchange it with ``out``; False (nothing changed in ``out``)
    when the file system cannot exchange them."""
    left.extend(spare.fill(files, digests, out, current, same))
    if not out.exists():
        os.rename(spare.tree, out)
        return True
    try:
        exchanged = _exchange(spare.tree, out)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        exchanged = False
    if not exchanged:
        return False
    os.chmod(spare.tree, 0o755)
    return True


def confirm_output(out: Path, catalog: Path | None, holds: Callable[[], bool]) -> bool:
    """Whether ``out`` holds what it should (``holds()``), asked under the output's lock as a
    write would be: refused the same way (UnsafeOutput, OutputLocked), a crashed swap put
    back first."""
    out = Path(os.path.abspath(out))
    _guard(out, catalog)
    if not out.is_dir():
        return False
    with output_lock(out):
        _recover(out)
        _guard(out, catalog)
        return holds()
