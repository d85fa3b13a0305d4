"""The output directory's primitives: its lock, the checks that it may be replaced, putting
back what a crash left aside, and the atomic exchange of two directories. How a compile's files
get there is ``compiler.build.swap``'s."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from compiler.build.output import MANIFEST, Kept, Output


class OutputLocked(Exception):
    """Another compile is writing the same output directory."""


class UnsafeOutput(Exception):
    """The output directory is something compile must not replace."""


def sibling(out: Path, what: str) -> str:
    return f".{out.name}.tmp-{what}"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output's lock for the block; OutputLocked if another process holds it.

    The lock is a file beside the output, removed (while still held) when the block ends, so
    a compile leaves nothing behind. A process that locked a file another had just removed
    sees that the path no longer names its file, and locks the new one instead."""
    path = out.parent / sibling(out, "lock")
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


def recover(out: Path) -> None:
    """Put back an output a crashed swap left aside; remove stale staging directories."""
    old = sorted(out.parent.glob(sibling(out, "old-*")))
    if not out.exists() and old:
        os.rename(old.pop(), out)
    for stale in [*old, *out.parent.glob(sibling(out, "new-*"))]:
        shutil.rmtree(stale, ignore_errors=True)


def guard(out: Path, catalog: Path | None) -> None:
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


def exchange(a: Path, b: Path) -> bool:
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


def swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
    elif exchange(staging, out):
        shutil.rmtree(staging)  # it now holds the previous output
    else:
        aside = out.parent / sibling(out, f"old-{os.getpid()}")
        os.rename(out, aside)
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(aside, out)  # put the previous output back
            raise
        shutil.rmtree(aside)


def stage(out: Path, staging: Path, files: Mapping[str, Output], fresh: set[str]) -> None:
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
