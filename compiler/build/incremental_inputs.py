"""The inputs of an item's guide pages, as a key, computed without building the guide.

An item's two pages (``guides/items/<code>.html`` and ``.md``) are made by
``render.item_guide.build_item_guide`` from, and only from (``ITEM_GUIDE_READS``, checked by
tests/test_compile_incremental.py on every attribute the builder touches):

* the item itself, and its list (file kind);
* the dictionaries: catalog.yaml (departments, data sources, meta), data-elements, materials;
* the certificate-exemption entries that apply to it (``catalog.certificates_for``);
* its district implementation entries (``SiteContext.districts_by_item``);
* the code and name of each scenario that lists it (``SiteContext.scenarios_by_item``);
* its parent item's name (the link), when it names one.

Each model is a function of its raw YAML record alone (pydantic validates the record by
itself), so the key holds digests of the records' exact values (``record_digests``: equal
digests are equal values, remembered per file) and not the models; which records apply comes
from the catalog itself, exactly as the builder finds them. Whenever the raw records cannot be matched one-to-one with the
models (an unexpected shape), the item has no key and its guide is built as before.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from compiler.build.record_digests import RecordDigests, value_digest
from compiler.load.kinds import FileKind
from compiler.load.source import SourceFile
from compiler.model.catalog import Catalog

if TYPE_CHECKING:
    from compiler.render.context import SiteContext

#: what build_item_guide may read of the catalog (attributes of ``Catalog``); everything
#: else it reads comes through the SiteContext indexes keyed below
ITEM_GUIDE_READS = frozenset(
    {
        "items", "list_of", "departments", "data_sources", "elements", "materials",
        "material", "material_of", "is_exempt", "certificates_for",
    }
)
#: files read whole by every guide (their bytes key every item)
SHARED_KINDS = (FileKind.CATALOG, FileKind.DATA_ELEMENTS, FileKind.MATERIALS)
ITEM_KINDS = (FileKind.LICENSING, FileKind.NON_LICENSING, FileKind.FILING)


def digest_parts(parts: Iterable[bytes]) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little") + part)
    return hasher.hexdigest()


class Unmatched(Exception):
    """The raw records do not match the models one-to-one."""


def records_of(
    digests: RecordDigests, source: SourceFile
) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The digest of a file's top-level fields other than ``items``, and of each record of its
    ``items`` with its code."""
    found = digests.of(source)
    if found.head is None:
        raise Unmatched(source.display)
    records = []
    for code, digest in found.records:
        if code is None:
            raise Unmatched(source.display)
        records.append((code, digest))
    return found.head, records


class ItemInputs:
    """code → key of the inputs of that item's guide (see the module docstring)."""

    def __init__(
        self, sources: Iterable[SourceFile], catalog: Catalog, digests: RecordDigests
    ) -> None:
        self.catalog = catalog
        self.digests = digests
        self.items: dict[str, list[bytes]] = defaultdict(list)
        self.certificates: dict[str, list[bytes]] = defaultdict(list)
        self.districts: dict[tuple[str, str], list[bytes]] = defaultdict(list)
        shared: list[bytes] = []
        self.broken = False
        try:
            for source in sorted(sources, key=lambda s: s.display):
                if source.kind is None or not source.readable:
                    continue
                if source.kind in SHARED_KINDS:
                    shared.append(f"{source.kind.value}\0{source.display}\0{source.digest}".encode())
                elif source.kind in ITEM_KINDS:
                    head, records = records_of(digests, source)
                    for code, record in records:
                        self.items[code].append(source.kind.value.encode() + head + record)
                elif source.kind is FileKind.CERTIFICATE_EXEMPTION:
                    head, records = records_of(digests, source)
                    for code, record in records:
                        self.certificates[code].append(head + record)
                elif source.kind is FileKind.IMPLEMENTATIONS:
                    head, records = records_of(digests, source)
                    district = source.data.get("district")
                    if not isinstance(district, str):
                        raise Unmatched(source.display)
                    for code, record in records:
                        self.districts[(district, code)].append(head + record)
        except Unmatched:
            self.broken = True
        self.shared = digest_parts(shared)
        self._check_counts()

    def _check_counts(self) -> None:
        """Every model record has exactly the raw records found for it, and no more."""
        catalog = self.catalog
        if sum(map(len, self.items.values())) != len(catalog.items) or any(
            len(self.items.get(code, ())) != 1 for code in catalog.items
        ):
            self.broken = True
        if any(len(self.certificates.get(code, ())) != 1 for code in catalog.certificates):
            self.broken = True
        for district, implementation in catalog.implementations.items():
            counts: dict[str, int] = defaultdict(int)
            for entry in implementation.items:
                counts[entry.code] += 1
            if any(len(self.districts.get((district, c), ())) != n for c, n in counts.items()):
                self.broken = True

    def key(self, code: str, context: SiteContext) -> str | None:
        """The key of item ``code``'s guide inputs, or None (build the guide to know)."""
        item = self.catalog.items.get(code)
        if self.broken or item is None or context.catalog is not self.catalog:
            return None
        parts = [self.shared.encode(), *self.items[code]]
        kind = self.catalog.list_of.get(code)
        parts.append(value_digest(kind.value if kind is not None else None))
        for certificate in self.catalog.certificates_for(code):
            parts.extend([b"certificate", *self.certificates[certificate.code]])
        for district, _entry in context.districts_by_item.get(code, ()):
            parts.append(b"district" + district.encode())
            parts.extend(self.districts[(district, code)])
        parts.append(value_digest([(s.code, s.name) for s in context.scenarios_by_item.get(code, ())]))
        parent = self.catalog.items.get(item.parent) if item.parent else None
        parts.append(value_digest((item.parent, parent.name if parent is not None else None)))
        return digest_parts(parts)
