"""What every check may look at: the loaded files, their records and the catalog's indexes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from compiler.lint.records import Record, entries, file_record
from compiler.load.kinds import FileKind
from compiler.load.source import SourceFile


@dataclass
class LintContext:
    sources: list[SourceFile]
    today: dt.date
    schemas: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @cached_property
    def records(self) -> dict[FileKind, list[Record]]:
        by_kind: dict[FileKind, list[Record]] = defaultdict(list)
        for source in self.sources:
            if source.readable:
                for record in entries(source):
                    by_kind[record.kind].append(record)
        return by_kind

    @cached_property
    def files(self) -> dict[FileKind, list[Record]]:
        by_kind: dict[FileKind, list[Record]] = defaultdict(list)
        for source in self.sources:
            if source.readable:
                record = file_record(source)
                if record is not None:
                    by_kind[record.kind].append(record)
        return by_kind

    def select(self, kinds: Iterable[str], *, files: bool = False) -> Iterator[Record]:
        table = self.files if files else self.records
        for name in kinds:
            yield from table.get(FileKind(name), ())

    # --- the catalog's indexes -------------------------------------------------------------

    @cached_property
    def meta(self) -> dict[str, Any]:
        for record in self.files.get(FileKind.CATALOG, ()):
            return record.data
        return {}

    def _keyed(self, kind: FileKind, key: str = "code") -> dict[str, Record]:
        index: dict[str, Record] = {}
        for record in self.records.get(kind, ()):
            value = record.data.get(key)
            if isinstance(value, str) and value not in index:
                index[value] = record
        return index

    @cached_property
    def items(self) -> dict[str, Record]:
        """Service items of the three lists by code (first occurrence)."""
        index: dict[str, Record] = {}
        for kind in (FileKind.LICENSING, FileKind.NON_LICENSING, FileKind.FILING):
            for code, record in self._keyed(kind).items():
                index.setdefault(code, record)
        return index

    @cached_property
    def elements(self) -> dict[str, Record]:
        return self._keyed(FileKind.DATA_ELEMENTS, "key")

    @cached_property
    def materials(self) -> dict[str, Record]:
        return self._keyed(FileKind.MATERIALS, "key")

    @cached_property
    def material_names(self) -> dict[str, Record]:
        return self._keyed(FileKind.MATERIALS, "name")

    def _meta_list(self, key: str, field_name: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        values = self.meta.get(key)
        if isinstance(values, list):
            for entry in values:
                if isinstance(entry, dict) and isinstance(entry.get(field_name), str):
                    found.setdefault(entry[field_name], entry)
        return found

    @cached_property
    def departments(self) -> dict[str, dict[str, Any]]:
        return self._meta_list("departments", "id")

    @cached_property
    def districts(self) -> dict[str, dict[str, Any]]:
        return self._meta_list("districts", "name")

    @cached_property
    def data_sources(self) -> dict[str, dict[str, Any]]:
        return self._meta_list("data_sources", "id")

    @cached_property
    def effective_date(self) -> dt.date | None:
        return as_date(self.meta.get("effective_date"))

    def target(self, name: str) -> Mapping[str, Any]:
        """A named index for reference checks."""
        if name not in self._targets:
            raise KeyError(name)
        return self._targets[name]

    @cached_property
    def _targets(self) -> dict[str, Mapping[str, Any]]:
        return {
            "departments": self.departments,
            "districts": self.districts,
            "data-sources": self.data_sources,
            "data-elements": self.elements,
            "materials": self.materials,
            "material-names": self.material_names,
            "items": self.items,
            "active-items": {
                code: record
                for code, record in self.items.items()
                if record.data.get("status") != "取消"
            },
        }


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
