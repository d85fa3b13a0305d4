"""The parse cache: values of files already parsed, keyed by the bytes' digest.

One ``marshal`` file per parsed file (plain values only; nothing executable is ever loaded) in
a folder per tool version and limits, so it is never trusted across versions. An index records
for every entry the YAML bytes it stands for and the run that last used it: the entries of
several catalogs (the project's catalog for lint, both versions of a diff) stay as long as they
fit in :data:`MAX_CACHED_BYTES` together, the least recently used falling out first. A run only
reads the entries of its own files and writes only the ones it parsed.

Safe to delete at any time: a missing, damaged or concurrently removed entry is parsed again.
A single run of files above the budget is not cached (it would push out everything else and
cost more time to write than it saves).
"""

from __future__ import annotations

import marshal
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from compiler import __version__
from compiler.load.fingerprint import code_fingerprint, stable
from compiler.load.replace_file import replace_file
from compiler.load.source import SourceFile
from compiler.load.yaml12 import Limits, YamlProblem

#: YAML bytes the entries of all catalogs together may stand for
MAX_CACHED_BYTES = 64 * 1024 * 1024
_FORMAT = 3
_INDEX = "index.marshal"
_SUFFIX = ".marshal"

#: digest → (YAML bytes, number of the run that last used it)
Index = dict[str, tuple[int, int]]


class ParseCache:
    def __init__(self, directory: Path, limits: Limits) -> None:
        salt = f"{_FORMAT}-{code_fingerprint()}-{__version__}-{sys.version_info[:2]}-{limits.max_bytes}-{limits.max_depth}-{limits.max_nodes}"
        self.directory = directory
        self.folder = directory / f"parsed-{stable(salt)}"
        self.used: set[str] = set()  # digests filled from the cache in this run

    def fill(self, source: SourceFile) -> bool:
        """Fill ``source`` from the cache; False when its bytes were not parsed before."""
        if not source.digest:
            return False
        try:
            entry = marshal.loads((self.folder / f"{source.digest}{_SUFFIX}").read_bytes())
            data, problems, readable, anchors = entry
            found = [
                YamlProblem(rule, message, line, column, tuple(tuple(r) for r in related))
                for rule, message, line, column, related in problems
            ]
        except (OSError, EOFError, ValueError, TypeError, MemoryError):
            return False  # not cached, removed meanwhile, or damaged: parse it
        source.data = data
        source.anchors = anchors
        source.problems.extend(found)
        source.readable = readable
        self.used.add(source.digest)
        return True

    def save(self, sources: Iterable[SourceFile], sizes: Mapping[str, int] | None = None) -> None:
        """Store the entries this run parsed and mark all of its files as just used; evict the
        least recently used entries past the budget. ``sizes`` (digest → bytes) serves files
        that have no path to ``stat`` (read from git)."""
        index, last = self._read_index()
        current: dict[str, int] = {}
        fresh: list[SourceFile] = []
        for source in sources:
            digest = source.digest
            if not digest or digest in current:
                continue
            size = _size(source, sizes, index)
            if size is None:
                continue
            current[digest] = size
            if digest not in self.used:
                fresh.append(source)
        if sum(current.values()) > MAX_CACHED_BYTES:
            return
        if not fresh and all(index.get(d, (0, -1))[1] == last for d in current):
            return  # the same files as the last run: nothing to record
        run = last + 1
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._remove_other_versions()
            for source in fresh:
                if not self._write_entry(source):
                    del current[source.digest]
            index.update((digest, (size, run)) for digest, size in current.items())
            evicted = _evict(index, current)
            self._write(_INDEX, marshal.dumps((_FORMAT, run, index)))
            if evicted:  # and leftovers: entries of a concurrent run, parts of a killed one
                for path in self.folder.iterdir():
                    if path.name != _INDEX and path.name.removesuffix(_SUFFIX) not in index:
                        path.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout still works, only slower

    def _read_index(self) -> tuple[Index, int]:
        try:
            version, run, index = marshal.loads((self.folder / _INDEX).read_bytes())
            if version == _FORMAT and isinstance(run, int) and isinstance(index, dict):
                return index, run
        except (OSError, EOFError, ValueError, TypeError, MemoryError):
            pass
        return {}, 0

    def _write_entry(self, source: SourceFile) -> bool:
        entry = (
            source.data,
            [(p.rule, p.message, p.line, p.column, p.related) for p in source.problems],
            source.readable,
            source.anchors,
        )
        try:
            payload = marshal.dumps(entry)
        except ValueError:  # a value marshal can't store: don't cache this file
            return False
        self._write(f"{source.digest}{_SUFFIX}", payload)
        return True

    def _write(self, name: str, payload: bytes) -> None:
        """Write-then-rename: a reader sees the old file or the new one, never a part."""
        replace_file(self.folder / name, payload)

    def _remove_other_versions(self) -> None:
        """Caches of other versions of the code or limits (and of the one-file format)."""
        for old in self.directory.glob("parsed-*"):
            if old == self.folder:
                continue
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)


def _size(source: SourceFile, sizes: Mapping[str, int] | None, index: Index) -> int | None:
    if sizes is not None and source.digest in sizes:
        return sizes[source.digest]
    if source.digest in index:
        return index[source.digest][0]
    try:
        return source.path.stat().st_size
    except OSError:
        return None


def _evict(index: Index, keep: Mapping[str, int]) -> list[str]:
    """Drop the least recently used entries (never this run's) until all fit the budget."""
    total = sum(size for size, _ in index.values())
    evicted: list[str] = []
    for digest in sorted(index, key=lambda d: index[d][1]):
        if total <= MAX_CACHED_BYTES:
            break
        if digest in keep:
            continue
        total -= index.pop(digest)[0]
        evicted.append(digest)
    return evicted
