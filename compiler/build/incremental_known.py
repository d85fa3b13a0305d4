"""What the bytes of output files are, known by their stat instead of read again.

A ``Known`` store maps a regular file's stat (device, inode, size, mtime, ctime) to the sha256
of its bytes. An entry is learned only when the bytes were read (or written) with that stat and
the stat was settled then: changed last more than ``RACY_SECONDS`` before. Any later change of
the file gives it a new ctime (no one can set ctime back), and a new file on a freed inode gets
a new ctime too, so while a file has a stat the store knows, it has the bytes recorded. The key
does not name a path: the knowledge follows the inode when its folder is renamed or exchanged.

Stored with ``marshal`` (plain values only) beside the spare tree; deleting it only costs reads.
"""

from __future__ import annotations

import marshal
import os
import stat as stat_module
import time
from collections.abc import Iterable
from pathlib import Path

from compiler.build.incremental_outputs import hash_file, settled
from compiler.load.replace_file import replace_file

StatKey = tuple[int, int, int, int, int]
_FORMAT = 1


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class Known:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.digests: dict[StatKey, str] = {}
        if path is None:
            return
        try:
            form, rows = marshal.loads(path.read_bytes())
            if form == _FORMAT and isinstance(rows, dict):
                self.digests = {
                    (int(k[0]), int(k[1]), int(k[2]), int(k[3]), int(k[4])): str(v)
                    for k, v in rows.items()
                }
        except (OSError, EOFError, ValueError, TypeError, IndexError, MemoryError):
            self.digests = {}

    def sha256(self, st: os.stat_result) -> str | None:
        """The digest of the file with stat ``st``, if known."""
        if not stat_module.S_ISREG(st.st_mode):
            return None
        return self.digests.get(stat_key(st))

    def learn(self, st: os.stat_result, digest: str, since: int) -> None:
        """The file had stat ``st`` and bytes of ``digest`` at time ``since`` (ns)."""
        if stat_module.S_ISREG(st.st_mode) and settled(st, since):
            self.digests[stat_key(st)] = digest

    def read(self, path: str | Path, st: os.stat_result) -> str | None:
        """The digest of the file at ``path`` (expected to have stat ``st``): known, or read
        (and learned when its stat was settled and did not change during the read)."""
        known = self.sha256(st)
        if known is not None or not stat_module.S_ISREG(st.st_mode):
            return known
        now = time.time_ns()
        hashed = hash_file(path)
        if hashed is None:
            return None
        digest, before, after = hashed
        if stat_key(before) == stat_key(after):
            self.learn(before, digest, now)
        return digest

    def save(self, keep: Iterable[StatKey]) -> None:
        """Store the entries of the stats in ``keep`` (the files still there) and no others."""
        if self.path is None:
            return
        wanted = set(keep)
        rows = {k: v for k, v in self.digests.items() if k in wanted}
        try:
            replace_file(self.path, marshal.dumps((_FORMAT, rows)))
        except (OSError, ValueError):
            pass
