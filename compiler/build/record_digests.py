"""A digest of each catalog record's parsed value, remembered per file.

Incremental compile keys each guide page and each uniformity row by the exact values of the raw
records it is made from (``incremental_inputs``, ``row_memos``). Serializing and hashing
all 16,000 records of a city catalog took ≈0.15 s a run; a file's records are a function of its
bytes and the loader alone, so their digests are kept by the file's digest in one memo entry
(``memo.RowMemo``: checked by a digest of its bytes, salted with the code and libraries, the
current files' entries only): after a one-item edit only the edited file's records are hashed
again.

A record's digest is blake2b of its ``marshal`` form (version 2: no back-references, so equal
bytes decode to equal values, and ``1``, ``1.0`` and ``True`` differ), or of its ``pickle``
form when marshal cannot take a value; the two are told apart by a prefix. Equal digests thus
mean equal values; two equal values may still get different digests (an interned key, a
pickled one), which only costs a page rendered again. Safe to delete at any time.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
from collections.abc import Iterable
from typing import Any, NamedTuple

from compiler.build.memo import Memo, RowMemo
from compiler.load.source import SourceFile


class FileRecords(NamedTuple):
    """One file's digests: the whole document, its top-level keys other than ``items``, and
    each record of its ``items`` list with the record's ``code`` (None: not a string)."""

    whole: bytes
    head: bytes | None  # None: the document has no ``items`` list
    records: tuple[tuple[str | None, bytes], ...]


def value_digest(value: Any) -> bytes:
    try:
        data = b"m" + marshal.dumps(value, 2)
    except ValueError:
        data = b"p" + pickle.dumps(value, protocol=5)
    return hashlib.blake2b(data, digest_size=20).digest()


def file_records(data: Any) -> FileRecords:
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return FileRecords(value_digest(data), None, ())
    head = value_digest({key: value for key, value in data.items() if key != "items"})
    records = tuple((_code(record), value_digest(record)) for record in items)
    return FileRecords(value_digest(data), head, records)


def _code(record: Any) -> str | None:
    code = record.get("code") if isinstance(record, dict) else None
    return code if isinstance(code, str) else None


class RecordDigests:
    """The digests of the readable sources' records; ``save`` keeps them for the next run
    (one memo entry, the current files' only: ``RowMemo``)."""

    def __init__(self, sources: Iterable[SourceFile], memo: Memo | None = None) -> None:
        self.rows = RowMemo(memo, "records")
        self.by_file: dict[str, FileRecords] = {}
        for source in sources:
            if not source.readable:
                continue
            found = _entry(self.rows.get(source.digest)) if source.digest else None
            if found is None:
                found = file_records(source.data)
                if source.digest:
                    self.rows.put(source.digest, tuple(found))
            self.by_file[source.display] = found

    def of(self, source: SourceFile) -> FileRecords:
        found = self.by_file.get(source.display)
        return found if found is not None else file_records(source.data)

    def save(self) -> None:
        self.rows.save()


def _entry(entry: Any) -> FileRecords | None:
    """A stored entry, if it has the expected shape (anything else is recomputed)."""
    if type(entry) is not tuple or len(entry) != 3:
        return None
    whole, head, records = entry
    if type(whole) is not bytes or not (head is None or type(head) is bytes):
        return None
    if type(records) is not tuple or not all(map(_is_record, records)):
        return None
    return FileRecords(whole, head, records)


def _is_record(record: Any) -> bool:
    return (
        type(record) is tuple
        and len(record) == 2
        and (record[0] is None or type(record[0]) is str)
        and type(record[1]) is bytes
    )
