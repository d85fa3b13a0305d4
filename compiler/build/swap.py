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
The ``.<out>.tmp*`` names match the repository's .gitignore. In a project whose cache is on the
same file system, step 4 fills the spare tree kept in the cache (``incremental_spare``) instead
of a staging sibling. The lock, the checks and the exchange are ``compiler.build.output_dir``.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path

from compiler.build import output_dir
from compiler.build.incremental_known import Known, stat_key
from compiler.build.incremental_outputs import OutputState
from compiler.build.incremental_spare import Spare, Tree
from compiler.build.output import Kept, Output, check_relative, sha256, stat_of
from compiler.build.output_dir import OutputLocked, UnsafeOutput, output_lock

__all__ = ["OutputLocked", "StaleOutput", "UnsafeOutput", "WriteReport", "confirm_output", "output_lock", "write_output"]


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


def write_output(
    out: Path,
    files: Mapping[str, Output],
    *,
    catalog: Path | None = None,
    record: bool = False,
    hashes: Mapping[str, str] | None = None,
    spare: Path | None = None,
    seed: bool = False,
) -> WriteReport:
    """Make ``out`` hold exactly ``files``, atomically, rewriting only what changed; with
    ``record``, also the stats of the files left there, taken before the lock is released
    (so that they are this compile's files, not a later one's). A ``Kept`` output is checked
    under the lock: if its file no longer holds its bytes, StaleOutput, and nothing written.
    ``hashes`` (path → sha256 of ``files``) saves hashing them again; with ``spare`` (the
    project's cache folder) the new tree is made from the previous output kept there
    (``incremental_spare``) instead of a staging copy, when the cache is on this file system;
    ``seed``: the first write into a folder seeds its spare at once (the project's own output
    folder, not a preview's one-off folder)."""
    out = Path(os.path.abspath(out))
    for path in files:
        check_relative(path)
    output_dir.guard(out, catalog)  # before the lock folder is made beside it: a refusal leaves no trace
    digests = dict(hashes) if hashes is not None else {}
    for path, data in files.items():
        if path not in digests:
            digests[path] = data.sha256 if isinstance(data, Kept) else sha256(data)
    with output_lock(out):
        output_dir.recover(out)
        output_dir.guard(out, catalog)
        tree = Spare.open(spare, out, seed=seed) if spare is not None else None
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
        if stat_of(st) == data.stat:
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
        staging = Path(tempfile.mkdtemp(prefix=output_dir.sibling(out, "new-"), dir=out.parent))
        try:
            output_dir.stage(out, staging, files, set(fresh))
            os.chmod(staging, 0o755)
            output_dir.swap_in(staging, out)
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
        if spare.seed:
            # seed the next write's spare now, with hard links to the files just written:
            # seeded by that write instead, linking would change the ctime of every file in
            # the output and the compile after it would read them all again (incremental_known);
            # the output is complete already, so a failure here only leaves the spare partial
            with suppress(OSError):
                left.extend(spare.fill(files, digests, out, Tree.walk(out), set(files)))
        return True
    try:
        exchanged = output_dir.exchange(spare.tree, out)
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
    output_dir.guard(out, catalog)
    if not out.is_dir():
        return False
    with output_lock(out):
        output_dir.recover(out)
        output_dir.guard(out, catalog)
        return holds()
