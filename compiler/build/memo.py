"""Bytes of compile's outputs remembered by what they are made from (``.zwfw-cache/memo-*``).

A stage asks ``memo.get(key)`` before encoding an output and ``memo.put(key, data)`` after;
the key names exactly the values the bytes are a pure function of (:func:`value_key`: a
digest of their ``marshal`` form, which tells ``1``, ``1.0`` and ``True`` apart). The Memo
salts every key with the tool's version, the code that turns values into bytes (a fingerprint
of the package's modules), Python and the libraries that write the bytes (openpyxl, Jinja,
zlib), so nothing survives a change of them.

Entries are plain files, ``<digest of salt and key>``, each ending in a digest of its bytes
(a damaged file is a miss, never output); written to a temporary file and renamed (two
compiles at once see an old entry or the new one). The folder is bounded: past
``max_bytes`` the oldest entries go. Deleting it at any time only costs time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compiler.load.fingerprint import code_fingerprint, library_fingerprint
from compiler.load.replace_file import replace_file

_FORMAT = 1
#: the parts of the package that make an output's bytes (or the values keyed)
MEMO_CODE = ("__init__.py", "build", "model", "render", "load")
MAX_BYTES = 256 * 1024 * 1024
_CHECK = 16  # bytes of the trailing blake2b digest


def memo_salt() -> str:
    from compiler import __version__

    return f"{_FORMAT}\0{__version__}\0{code_fingerprint(MEMO_CODE)}\0{library_fingerprint()}"


def value_key(*values: object) -> str | None:
    """A digest of ``values`` (str, int, float, bool, None, bytes and tuples, lists and dicts
    of them), or None when one cannot be keyed exactly (another type: do not memoise).

    ``marshal`` version 2 writes no back-references, so equal values give equal bytes, and its
    bytes decode to the values, so different values never share a digest."""
    try:
        data = marshal.dumps(values, 2)  # type: ignore[arg-type]
    except ValueError:
        return None
    return hashlib.blake2b(data, digest_size=20).hexdigest()


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (None for any other class)."""
    if kind not in _FIELDS:
        fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = None if fields is None else tuple(field.name for field in fields)
    return _FIELDS[kind]


def plain(value: Any) -> Any:
    """A value with its dataclasses (every field, recursively) as (class name, fields) tuples,
    for :func:`value_key`; anything else is left for ``marshal`` to take or refuse."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return tuple([plain(inner) for inner in value])
    if kind is list:
        return [plain(inner) for inner in value]
    if kind is dict:
        return {plain(key): plain(inner) for key, inner in value.items()}
    names = _field_names(kind)
    if names is None:
        return value
    return (kind.__qualname__, *[plain(getattr(value, name)) for name in names])


class Memo:
    """Output bytes by key, in ``directory`` (created when first written)."""

    def __init__(self, directory: Path, salt: str | None = None, max_bytes: int = MAX_BYTES):
        self.salt = (memo_salt() if salt is None else salt).encode()
        where = hashlib.blake2b(self.salt, digest_size=8).hexdigest()
        self.directory = directory / f"memo-{where}"
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._sizes: dict[str, tuple[int, int]] | None = None  # name → (mtime_ns, size)

    def _name(self, key: str) -> str:
        return hashlib.blake2b(self.salt + b"\0" + key.encode(), digest_size=20).hexdigest()

    def get(self, key: str) -> bytes | None:
        try:
            with open(self.directory / self._name(key), "rb") as handle:
                stored = handle.read()
        except OSError:
            self.misses += 1
            return None
        data, check = stored[:-_CHECK], stored[-_CHECK:]
        if len(stored) < _CHECK or hashlib.blake2b(data, digest_size=_CHECK).digest() != check:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def value(self, key: str) -> Any:
        """The value stored under ``key`` with ``marshal``, or None (missing or damaged)."""
        stored = self.get(key)
        try:
            return marshal.loads(stored) if stored is not None else None
        except (EOFError, ValueError, TypeError, MemoryError):
            return None

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key``; a folder that cannot be written is simply not used."""
        name = self._name(key)
        stored = data + hashlib.blake2b(data, digest_size=_CHECK).digest()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._make_room(len(stored))
            replace_file(self.directory / name, stored)
        except OSError:
            return
        assert self._sizes is not None
        self._sizes[name] = (os.stat(self.directory / name).st_mtime_ns, len(stored))

    def _make_room(self, size: int) -> None:
        """Remove the oldest entries until ``size`` more bytes fit under ``max_bytes``; also
        the folders of other salts (another version or code: never read again)."""
        if self._sizes is None:
            self._sizes = {}
            for other in self.directory.parent.glob("memo-*"):
                if other != self.directory and other.is_dir():
                    _remove_folder(other)
            with os.scandir(self.directory) as entries:
                for entry in entries:
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    self._sizes[entry.name] = (stat.st_mtime_ns, stat.st_size)
        total = sum(size for _, size in self._sizes.values())
        if total + size <= self.max_bytes:
            return
        for name, (_, old) in sorted(self._sizes.items(), key=lambda entry: entry[1][0]):
            (self.directory / name).unlink(missing_ok=True)
            del self._sizes[name]
            total -= old
            if total + size <= self.max_bytes:
                return


def _remove_folder(folder: Path) -> None:
    for path in folder.iterdir():
        try:
            path.unlink()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass


def through(memo: Memo | None, key: tuple[object, ...], make: Callable[[], bytes]) -> bytes:
    """``make()``, or the bytes it gave before for the same ``key`` values."""
    return through_all(memo, key, lambda: (make(),))[0]


def through_all(
    memo: Memo | None, key: tuple[object, ...], make: Callable[[], tuple[bytes, ...]]
) -> tuple[bytes, ...]:
    """Several outputs of the same values, remembered as one entry."""
    name = value_key(*key) if memo is not None else None
    if memo is None or name is None:
        return make()
    found = memo.value(name)
    if type(found) is tuple and all(type(data) is bytes for data in found):
        return found
    made = make()
    memo.put(name, marshal.dumps(made, 2))
    return made


class RowMemo:
    """Many small plain values by key, kept as one memo entry (``name``) that holds exactly the
    keys asked for in this run: one read and one write instead of a file per value."""

    def __init__(self, memo: Memo | None, name: str) -> None:
        self.memo = memo
        self.name = f"rows\0{name}"
        self.known: dict[str, Any] = {}
        loaded = memo.value(self.name) if memo is not None else None
        if type(loaded) is dict:
            self.known = loaded
        self.now: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        """The value kept under ``key``, or None."""
        value = self.known.get(key)
        if value is not None:
            self.now[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.now[key] = value

    def save(self) -> None:
        if self.memo is None or self.now == self.known:
            return
        try:
            data = marshal.dumps(self.now, 2)
        except ValueError:
            return
        self.memo.put(self.name, data)
        self.known = self.now
