"""Per-item rows of compile's tables, remembered by the raw records they are computed from.

* a row of the 同事同标 matrix (``consistency.uniformity_rows``) compares one item with each
  district's entry for it: a function of the item's record (with its file's top-level fields
  and list), each district's entries for it and the order of the districts, nothing else;
* a row of a service-item list (``lists.service_list``) is a function of the item's record and
  the dictionaries (catalog.yaml, data-elements, materials: ``ItemInputs.shared``).

Dumping and comparing the 12,800 implementation entries of a city catalog was ≈0.17 s of every
compile, the 3,000 list rows ≈0.1 s; keyed by the digests of those records
(``record_digests``), an edit recomputes only the rows of the items it touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from compiler.build.incremental_inputs import ItemInputs, digest_parts
from compiler.build.memo import Memo, RowMemo

if TYPE_CHECKING:
    from compiler.build.consistency import Uniformity

#: (cells, differences) of one row
Row = tuple[tuple["Uniformity", ...], tuple[tuple[str, ...], ...]]
T = TypeVar("T", bound=tuple[Any, ...])


class ItemRows(Generic[T]):
    """One row per item, remembered in one memo entry (``name``) under a key of the item's
    records (``key``, None: not remembered); the rows of a run are kept, no others."""

    def __init__(self, memo: Memo | None, items: ItemInputs, name: str, width: int) -> None:
        self.rows = RowMemo(memo if not items.broken else None, name)
        self.items = items
        self.width = width  # a stored row of another width is made again

    def key(self, code: str) -> str | None:
        raise NotImplementedError

    def through(self, code: str, make: Callable[[], T]) -> T:
        """The item's row: remembered, or ``make()`` (and remembered)."""
        key = self.key(code) if self.rows.memo is not None else None
        found = self.rows.get(key) if key is not None else None
        if type(found) is tuple and len(found) == self.width:
            return found  # type: ignore[return-value]
        row = make()
        if key is not None:
            self.rows.put(key, row)
        return row

    def save(self) -> None:
        self.rows.save()


class UniformityMemo(ItemRows[Row]):
    """The matrix's rows (cells, differences) by item: keyed by the item's records, its
    district entries and the districts' order."""

    def __init__(self, memo: Memo | None, items: ItemInputs, districts: Iterable[str]) -> None:
        super().__init__(memo, items, "uniformity", 2)
        names = tuple(districts)
        #: the districts' order decides the cells' (each key starts with it)
        self.order = bytes.fromhex(digest_parts(name.encode() for name in names))
        #: per item, the (district index, entries) it has, from one pass over the entries
        index = {name: i for i, name in enumerate(names)}
        self.entries: dict[str, list[tuple[int, list[bytes]]]] = {}
        for (district, code), found in items.districts.items():
            if district in index and found:
                self.entries.setdefault(code, []).append((index[district], found))
        for listed in self.entries.values():
            listed.sort(key=lambda pair: pair[0])

    def key(self, code: str) -> str | None:
        found = self.items.items.get(code)
        if found is None:
            return None
        hasher = hashlib.blake2b(self.order, digest_size=20)
        for part in found:
            hasher.update(len(part).to_bytes(8, "little") + part)
        for index, entries in self.entries.get(code, ()):
            # index, count, then the entries' fixed-size digests
            hasher.update(index.to_bytes(4, "little") + len(entries).to_bytes(4, "little"))
            hasher.update(b"".join(entries))
        return hasher.hexdigest()


class ItemRowMemo(ItemRows[tuple[Any, ...]]):
    """A list's rows by item: keyed by the item's records and the dictionaries."""

    def __init__(self, memo: Memo | None, items: ItemInputs, name: str, width: int) -> None:
        super().__init__(memo, items, name, width)
        self.salt = (name + "\0" + items.shared).encode()

    def key(self, code: str) -> str | None:
        found = self.items.items.get(code)
        return None if found is None else digest_parts([self.salt, *found])
