"""Records: the entries checks look at (an item, a dictionary entry, a scenario, a file).

Checks work on plain values straight from the loader, so a record with schema problems is still
checked by every other rule; positions are found only when a finding needs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compiler.load.kinds import FileKind
from compiler.load.locate import Pointer
from compiler.load.source import SourceFile

#: where the entries of each kind of file are (None: the file itself is the record)
ENTRY_KEYS: dict[FileKind, str | None] = {
    FileKind.CATALOG: None,
    FileKind.DATA_ELEMENTS: "elements",
    FileKind.MATERIALS: "materials",
    FileKind.LICENSING: "items",
    FileKind.NON_LICENSING: "items",
    FileKind.FILING: "items",
    FileKind.CERTIFICATE_EXEMPTION: "items",
    FileKind.NO_APPLICATION_BENEFITS: "items",
    FileKind.SCENARIOS: None,
    FileKind.IMPLEMENTATIONS: "items",
    FileKind.VIEWS: None,
}


@dataclass(frozen=True, slots=True)
class Record:
    """One entry of one file."""

    source: SourceFile
    kind: FileKind
    pointer: Pointer
    data: dict[str, Any]
    district: str | None = None  # implementation entries: the file's district

    @property
    def code(self) -> str | None:
        field = "code" if "code" in self.data else "key"
        value = self.data.get(field)
        if value is None or isinstance(value, (dict, list)):
            return None
        if not isinstance(value, str):  # an unquoted code read as a number: show what was written
            raw = self.source.locate((*self.pointer, field)).raw
            return raw if raw is not None else str(value)
        return value

    @property
    def label(self) -> str:
        name = self.data.get("name") or self.data.get("label")
        return str(name) if name is not None else (self.code or "")


def entries(source: SourceFile) -> Iterator[Record]:
    """The records of one readable file (entries that are not mappings are skipped)."""
    kind = source.kind
    data = source.data
    if kind is None or not isinstance(data, dict):
        return
    key = ENTRY_KEYS[kind]
    if key is None:
        yield Record(source, kind, (), data)
        return
    district = data.get("district") if kind is FileKind.IMPLEMENTATIONS else None
    values = data.get(key)
    if not isinstance(values, list):
        return
    for index, value in enumerate(values):
        if isinstance(value, dict):
            yield Record(
                source, kind, (key, index), value, str(district) if district is not None else None
            )


def file_record(source: SourceFile) -> Record | None:
    if source.kind is None or not isinstance(source.data, dict):
        return None
    return Record(source, source.kind, (), source.data)
