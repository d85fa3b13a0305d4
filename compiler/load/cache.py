"""The parse cache: values of files already parsed, keyed by the bytes' digest.

Stored with ``marshal`` (plain values only; nothing executable is ever loaded) in one file per
tool version and limits, so it is never trusted across versions. Safe to delete at any time.
Catalogs above a size where the cache would cost more memory than it saves are not cached.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.load.fingerprint import code_fingerprint, stable
from compiler.load.source import SourceFile
from compiler.load.yaml12 import Limits, YamlProblem

MAX_CACHED_BYTES = 64 * 1024 * 1024
_FORMAT = 2


class ParseCache:
    def __init__(self, directory: Path, limits: Limits) -> None:
        salt = f"{_FORMAT}-{code_fingerprint()}-{__version__}-{sys.version_info[:2]}-{limits.max_bytes}-{limits.max_depth}-{limits.max_nodes}"
        self.path = directory / f"parsed-{stable(salt)}.marshal"
        self.directory = directory
        self.entries: dict[str, tuple[Any, ...]] = {}
        self.used: set[str] = set()
        try:
            loaded = marshal.loads(self.path.read_bytes())
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, EOFError, ValueError, TypeError):
            self.entries = {}

    def fill(self, source: SourceFile) -> bool:
        """Fill ``source`` from the cache; False when its bytes were not parsed before."""
        entry = self.entries.get(source.digest)
        if entry is None:
            return False
        data, problems, readable, anchors = entry
        source.data = data
        source.anchors = anchors
        source.problems.extend(
            YamlProblem(rule, message, line, column, tuple(tuple(r) for r in related))
            for rule, message, line, column, related in problems
        )
        source.readable = readable
        self.used.add(source.digest)
        return True

    def save(self, sources: list[SourceFile]) -> None:
        """Keep exactly the current files' entries (old versions fall out)."""
        fresh: dict[str, Any] = {}
        total = 0
        for source in sources:
            if not source.digest:
                continue
            try:
                total += source.path.stat().st_size
            except OSError:
                continue
            fresh[source.digest] = (
                source.data,
                [(p.rule, p.message, p.line, p.column, p.related) for p in source.problems],
                source.readable,
                source.anchors,
            )
        if total > MAX_CACHED_BYTES or fresh.keys() == self.entries.keys():
            return
        try:
            payload = marshal.dumps(fresh)
        except ValueError:  # a value marshal can't store: don't cache
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in self.directory.glob("parsed-*.marshal"):
                if old != self.path:
                    old.unlink(missing_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".parsed-")
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temp, self.path)
        except OSError:
            pass  # a read-only checkout still lints, only slower
