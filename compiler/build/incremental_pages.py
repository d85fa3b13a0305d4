"""Pages reused from the last compile: the record of what each page was made from.

For every page of the site the record keeps the digest of its key (``render.site.page_key``:
the exact text of what its template received) salted with everything else a page depends on
(the templates' bytes, the code, the libraries, the version and options: ``salt``), and the
sha256 of its bytes. A page whose key is unchanged is taken from the output folder, only if
the file there still has that sha256; anything else is rendered. The record lives in the
project's cache folder (safe to delete: then every page is rendered) and is written only after
the output holds what it describes.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.build.incremental_known import Known
from compiler.build.incremental_outputs import settled
from compiler.build.output import Kept, Output, sha256, stat_of
from compiler.load.input_keys import InputKeys as FileKeys
from compiler.load.replace_file import replace_file

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

    from compiler.render.context import SiteContext
    from compiler.render.site import PageInputs

#: a site context → the key of each page's inputs, where known without building it
InputKeys = Callable[["SiteContext"], "PageInputs"]

_FORMAT = 1
MAX_RECORDS = 4
#: page → (digest of its salted key, sha256 of its bytes)
Record = dict[str, tuple[str, str]]


def salt(head: str, template_files: Iterable[str]) -> str:
    """What every page's key is salted with: ``head`` (version, code, libraries, options)
    and the bytes of every template file (a symlink by its target's name)."""
    return FileKeys(head, sorted(template_files)).content_key


class StoredPages:
    """A ``render.site.PageCache`` over the last compile's record and output folder.

    ``known`` is the output's store of stat → sha256 (``incremental_known``, beside its spare
    tree): a page whose current stat it knows to hold the recorded bytes is reused as a
    ``Kept`` without being read. It is loaded at the first reuse (in the renderer). ``cache``
    is the project's cache folder, where compiled templates are kept."""

    def __init__(
        self,
        out: Path,
        salt: str,
        previous: Mapping[str, tuple[str, str]],
        known: Path | None = None,
        cache: Path | None = None,
    ) -> None:
        self.out = out
        self._cache = cache
        self._known_path = known
        self._known: Known | None = None
        self.salt = salt.encode()
        self.previous = previous
        self.now: Record = {}
        self.rendered = 0
        self.started = time.time_ns()
        self.inputs: InputKeys | None = None

    def page_inputs(self, context: SiteContext) -> PageInputs | None:
        return self.inputs(context) if self.inputs is not None else None

    def template_cache(self) -> BytecodeCache | None:
        """Where the templates compiled under this salt are kept (``incremental_bytecode``)."""
        if self._cache is None:
            return None
        from compiler.build.incremental_bytecode import bytecode_cache

        return bytecode_cache(self._cache, self.salt.decode())

    def _digest(self, key: str) -> str:
        return hashlib.blake2b(self.salt + b"\0" + key.encode(), digest_size=20).hexdigest()

    def get(self, page: str, key: str) -> Output | None:
        """The page's bytes when the record has its key and the file still holds them: as a
        Kept without reading it when ``known`` has its stat with the recorded sha256, or when
        the file's stat was settled (changed last more than RACY_SECONDS ago) while
        it was read, so that the bytes need not travel (the write stage checks the stat)."""
        known = self.previous.get(page)
        if known is None or known[0] != self._digest(key):
            return None
        if self._known_path is not None:
            if self._known is None:
                self._known = Known(self._known_path)
            try:
                st = os.lstat(f"{self.out}/{page}")
            except OSError:
                return None
            if self._known.sha256(st) == known[1]:  # a known stat is a settled one
                return Kept(known[1], stat_of(st))
        try:
            with open(self.out / page, "rb", buffering=0) as handle:
                before = os.fstat(handle.fileno())
                data = handle.read()
                after = os.fstat(handle.fileno())
        except OSError:
            return None
        if sha256(data) != known[1]:
            return None
        stat = stat_of(before)
        if settled(before, self.started) and stat == stat_of(after):
            return Kept(known[1], stat)
        return data

    def put(self, page: str, key: str, data: Output, rendered: bool) -> None:
        digest = data.sha256 if isinstance(data, Kept) else sha256(data)
        self.now[page] = (self._digest(key), digest)
        self.rendered += rendered


class PageRecords:
    """The stored record of one output folder's pages (``pages-<folder digest>.marshal``)."""

    def __init__(self, directory: Path, out: Path, salt: str) -> None:
        where = hashlib.blake2b(str(out).encode(), digest_size=8).hexdigest()
        self.path = directory / f"pages-{where}.marshal"
        self.salt = salt

    def load(self) -> Record:
        try:
            form, salt, record = marshal.loads(self.path.read_bytes())
            if form != _FORMAT or salt != self.salt or not isinstance(record, dict):
                return {}
            return {str(k): (str(v[0]), str(v[1])) for k, v in record.items()}
        except (OSError, EOFError, ValueError, TypeError, IndexError, MemoryError):
            return {}

    def store(self, record: Record) -> None:
        """Keep ``record``, and the records of at most MAX_RECORDS output folders (a preview
        compiles into a new temporary folder each time)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            others = sorted(
                (p for p in self.path.parent.glob("pages-*.marshal") if p != self.path),
                key=lambda p: p.stat().st_mtime_ns,
            )
            for old in others[: max(0, len(others) - MAX_RECORDS + 1)]:
                old.unlink(missing_ok=True)
            replace_file(self.path, marshal.dumps((_FORMAT, self.salt, record)))
        except (OSError, ValueError):
            pass
