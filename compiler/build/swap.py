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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from compiler.build.incremental_outputs import OutputState
from compiler.build.output import MANIFEST, Differences, Kept, Output, check_relative, compare


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
    out: Path, files: Mapping[str, Output], *, catalog: Path | None = None, record: bool = False
) -> WriteReport:
    """Make ``out`` hold exactly ``files``, atomically, rewriting only what changed; with
    ``record``, also the stats of the files left there, taken before the lock is released
    (so that they are this compile's files, not a later one's). A ``Kept`` output is checked
    under the lock: if its file no longer holds its bytes, StaleOutput, and nothing written."""
    out = Path(os.path.abspath(out))
    for path in files:
        check_relative(path)
    _guard(out, catalog)  # before the lock folder is made beside it: a refusal leaves no trace
    with output_lock(out):
        _recover(out)
        _guard(out, catalog)
        differences: Differences = compare(out, files)
        fresh = {*differences.changed, *differences.missing}
        stale = sorted(path for path in fresh if isinstance(files[path], Kept))
        if stale:
            raise StaleOutput(f"{stale[0]} 已在编译期间被改动")
        report = WriteReport(tuple(sorted(fresh)), len(files) - len(fresh), differences.extra)
        if differences:
            staging = Path(tempfile.mkdtemp(prefix=_sibling(out, "new-"), dir=out.parent))
            try:
                _stage(out, staging, files, fresh)
                os.chmod(staging, 0o755)
                _swap(staging, out)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        if record:
            return replace(report, state=OutputState.take(out, files))
        return report


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
