"""The compile probe: when no input changed and the output still holds what the last compile
wrote, that compile's answer is the answer, and nothing is parsed, built or rendered.

The key covers everything an output byte can depend on: every catalog YAML file, the rules,
the schemas, the bundled and overriding templates (all files, by bytes), the configuration,
``--today``, the working directory and the output path, the tool version, the code of the
package (size and mtime of its modules), the Python version and the libraries that make bytes
(Jinja2, MarkupSafe, openpyxl, pydantic, PyYAML). As in lint's result cache, a stat key (name,
size, mtime, ctime, inode of every input) points to the content key (every input byte), both
from ``load.input_keys.InputKeys``, and is recorded only when every input's mtime and ctime
are older than ``RACY_SECONDS`` (stricter than InputKeys.settled, which asks only the mtime).

The entry holds the sha256 of every output (the manifest), the lint result and the rules, and a
stat snapshot of the output files (``outputs_state``). An output whose stat differs from the
snapshot, or whose snapshot is too recent to be trusted, is read and compared with its sha256.
Stored with ``marshal`` (plain values only), in the project's cache folder; safe to delete.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.build.incremental_codec import lint_from_rows, lint_rows
from compiler.build.incremental_outputs import OutputState, verify
from compiler.diagnostics import LintResult, RuleMeta
from compiler.load.fingerprint import code_fingerprint, library_fingerprint
from compiler.load.input_keys import RACY_SECONDS, InputKeys
from compiler.load.replace_file import replace_file

_FORMAT = 1
#: the parts of the package an output depends on (lint's findings reach the reports)
COMPILE_CODE = (
    "__init__.py", "config.py", "diagnostics.py", "lint", "load", "model", "build", "render",
)
#: at most this many outputs (folders) keep an entry; the oldest go first
MAX_ENTRIES = 4


class CompileProbe:
    """The cache entry of one compile's inputs, looked up before anything is parsed."""

    def __init__(self, directory: Path, out: Path, inputs: Iterable[str], options: str) -> None:
        self.directory = directory
        self.files = sorted(set(inputs))
        where = hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest()
        self.prefix = f"compile-{where}"
        self.head = (
            f"{_FORMAT}\0{__version__}\0{code_fingerprint(COMPILE_CODE)}\0{sys.version}\0"
            f"{library_fingerprint()}\0{os.getcwd()}\0{out}\0{options}\0"
        )
        self.keys = InputKeys(self.head, self.files)
        self.stat_key = self.keys.stat_key

    @property
    def content_key(self) -> str:
        return self.keys.content_key

    def settled(self) -> bool:
        """No input changed within the racy window: InputKeys' rule (mtime, as git), and, stricter
        as compile always was, no input's ctime either (a metadata change, an mtime set back)."""
        if not self.keys.settled:
            return False
        since = time.time_ns() - RACY_SECONDS * 1e9
        for name in self.files:
            if name.endswith("\0"):
                continue
            try:
                if os.stat(name).st_ctime_ns > since:
                    return False
            except OSError:
                continue
        return True

    def _entry(self) -> Path:
        return self.directory / f"{self.prefix}-{self.content_key}.marshal"

    def answer(self, out: Path) -> tuple[LintResult, dict[str, RuleMeta], tuple[str, ...]] | None:
        """The previous compile's lint result, rules and output paths, when these inputs were
        compiled before and ``out`` still holds exactly those outputs; else None."""
        try:
            pointed = (self.directory / f"{self.prefix}-stat-{self.stat_key}").read_text("ascii")
        except OSError:
            pointed = ""
        if pointed and pointed != self.content_key:
            return None  # cannot happen unless the cache was tampered with: rebuild
        try:
            hashes, rows, state = marshal.loads(self._entry().read_bytes())
            result, rules = lint_from_rows(rows)
            snapshot = OutputState.of_plain(state)
        except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, MemoryError):
            return None
        fresh = verify(out, hashes, snapshot)
        if fresh is None:
            return None
        if not pointed:
            self._point()
        if fresh is not snapshot:  # outputs verified by their bytes: trust their stat next time
            self._save(hashes, rows, fresh)
        return result, rules, tuple(sorted(hashes))

    def store(
        self,
        hashes: Mapping[str, str],
        result: LintResult,
        rules: Mapping[str, RuleMeta],
        state: OutputState,
    ) -> None:
        """Record a compile's outputs (path → sha256), lint result, rules and output stats."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for old in self.directory.glob(f"{self.prefix}-*"):
                old.unlink(missing_ok=True)
            entries = sorted(self.directory.glob("compile-*.marshal"), key=_mtime)
            for old in entries[: max(0, len(entries) - MAX_ENTRIES + 1)]:
                for stale in self.directory.glob(f"{old.name.rsplit('-', 1)[0]}-*"):
                    stale.unlink(missing_ok=True)
        except OSError:
            return
        self._save(dict(hashes), lint_rows(result, rules), state)
        self._point()

    def _save(self, hashes: dict[str, str], rows: Any, state: OutputState) -> None:
        try:
            _write(self._entry(), marshal.dumps((hashes, rows, state.plain())))
        except (OSError, ValueError):
            pass

    def _point(self) -> None:
        if not self.settled():
            return
        try:
            pointer = self.directory / f"{self.prefix}-stat-{self.stat_key}"
            _write(pointer, self.content_key.encode())
        except OSError:
            pass


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


_write = replace_file
