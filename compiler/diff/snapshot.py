"""One catalog version as diff sees it: plain dicts indexed by code, key and district.

Diff works on the YAML as written (not on the typed models), so it can compare versions that
no longer pass today's schema. Entries without a usable code are skipped (lint reports them);
where a code is repeated, the first file in path order wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from compiler.load.kinds import FIVE_LISTS, FileKind
from compiler.load.source import SourceFile

SCENARIOS = FileKind.SCENARIOS.value
#: the summary keys of the contract, in the order people read them
LISTS: tuple[str, ...] = (*(kind.value for kind in FIVE_LISTS), SCENARIOS)


@dataclass(frozen=True, slots=True)
class Entry:
    """An item of one of the five lists, or a scenario (一件事)."""

    list: str
    code: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return text(self.data.get("name"))

    @property
    def department(self) -> str:
        """主管部门 / 牵头部门 / 开具单位: the department id responsible for the entry."""
        for key in ("department", "lead", "issuer"):
            if isinstance(self.data.get(key), str):
                return str(self.data[key])
        return ""


@dataclass(slots=True)
class Snapshot:
    version: str | None = None
    region: str = ""
    departments: dict[str, str] = field(default_factory=dict)  # id → name
    district_codes: dict[str, str] = field(default_factory=dict)  # name → code
    entries: dict[str, Entry] = field(default_factory=dict)  # code → entry, all lists
    elements: dict[str, dict[str, Any]] = field(default_factory=dict)  # 数据元目录
    materials: dict[str, dict[str, Any]] = field(default_factory=dict)  # 材料目录
    #: 区级实施清单: district name → item code → entry
    implementations: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)


def text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def code_of(entry: Any) -> str | None:
    """An entry's code as a string (an unquoted all-digit code was read as a number)."""
    if not isinstance(entry, dict):
        return None
    code = entry.get("code")
    if isinstance(code, str) and code:
        return code
    if isinstance(code, int) and not isinstance(code, bool):
        return str(code)
    return None


def _records(data: Any, key: str) -> Iterable[dict[str, Any]]:
    found = data.get(key) if isinstance(data, dict) else None
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []


def _add_meta(snapshot: Snapshot, data: Any) -> None:
    if not isinstance(data, dict):
        return
    version = data.get("version")
    if isinstance(version, (str, int)) and not isinstance(version, bool):
        snapshot.version = str(version)
    snapshot.region = text(data.get("region"))
    for department in _records(data, "departments"):
        if isinstance(department.get("id"), str):
            snapshot.departments.setdefault(department["id"], text(department.get("name")))
    for district in _records(data, "districts"):
        if isinstance(district.get("name"), str):
            snapshot.district_codes.setdefault(district["name"], text(district.get("code")))


def _add_keyed(target: dict[str, dict[str, Any]], records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        if isinstance(record.get("key"), str):
            target.setdefault(record["key"], record)


def build_snapshot(sources: list[SourceFile]) -> Snapshot:
    snapshot = Snapshot()
    for source in sorted(sources, key=lambda s: s.display):
        data, kind = source.data, source.kind
        if kind is FileKind.CATALOG:
            _add_meta(snapshot, data)
        elif kind is FileKind.DATA_ELEMENTS:
            _add_keyed(snapshot.elements, _records(data, "elements"))
        elif kind is FileKind.MATERIALS:
            _add_keyed(snapshot.materials, _records(data, "materials"))
        elif kind in FIVE_LISTS or kind is FileKind.SCENARIOS:
            assert kind is not None
            records = [data] if kind is FileKind.SCENARIOS else _records(data, "items")
            for record in records:
                code = code_of(record)
                if code is not None and code not in snapshot.entries:
                    snapshot.entries[code] = Entry(kind.value, code, record)
        elif kind is FileKind.IMPLEMENTATIONS and isinstance(data, dict):
            district = text(data.get("district"))
            local = snapshot.implementations.setdefault(district, {})
            for record in _records(data, "items"):
                code = code_of(record)
                if code is not None:
                    local.setdefault(code, record)
    return snapshot
