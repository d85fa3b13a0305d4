"""What ``zwfw diff`` finds, as values; ``DiffReport.to_json`` is the contract's JSON shape.

The contract's keys come first and keep their meaning (``from``, ``to``, ``summary``,
``changes`` with ``list``/``code``/``name``/``kind``/``fields``, ``regressions``); everything
else is an addition: on each change ``old_code``, ``old_list``, ``department``,
``department_name``, ``districts`` and ``scenarios``; on each field its Chinese ``label``; and
two sections of their own, ``dictionaries`` (数据元目录, 材料目录) and ``implementations``
(区级实施清单).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compiler.diff.effects import Effect

SUMMARY_KINDS = ("added", "removed", "changed", "recoded", "moved", "unchanged")


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str
    old: Any
    new: Any
    effect: Effect
    label: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "effect": self.effect.value,
            "label": self.label,
        }


def _regressions(fields: list[FieldChange]) -> int:
    return sum(1 for f in fields if f.effect is Effect.REGRESSED)


@dataclass(frozen=True, slots=True)
class ScenarioRef:
    code: str
    name: str


@dataclass(slots=True)
class Change:
    """An item of the five lists, or a scenario, that differs between the versions."""

    list_name: str
    code: str
    name: str
    kind: str  # added, removed, changed, recoded, moved
    fields: list[FieldChange] = field(default_factory=list)
    old_code: str | None = None  # recoded: the code in the old version
    old_list: str | None = None  # the old version's list, where it differs
    department: str = ""
    department_name: str = ""
    districts: list[str] = field(default_factory=list)  # 区级实施清单 that carry the item
    scenarios: list[ScenarioRef] = field(default_factory=list)  # 一件事 that contain it

    @property
    def regressions(self) -> int:
        return _regressions(self.fields)

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "fields": [f.to_json() for f in self.fields],
            "old_code": self.old_code,
            "old_list": self.old_list,
            "department": self.department,
            "department_name": self.department_name,
            "districts": self.districts,
            "scenarios": [{"code": s.code, "name": s.name} for s in self.scenarios],
        }


@dataclass(slots=True)
class DictionaryChange:
    """An entry of 数据元目录 (``data-elements``) or 材料目录 (``materials``)."""

    dictionary: str
    key: str
    name: str
    kind: str  # added, removed, changed
    fields: list[FieldChange] = field(default_factory=list)
    used_by: list[str] = field(default_factory=list)  # codes of the entries that use it

    def to_json(self) -> dict[str, Any]:
        return {
            "dictionary": self.dictionary,
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "fields": [f.to_json() for f in self.fields],
            "used_by": self.used_by,
        }


@dataclass(slots=True)
class LocalChange:
    """An entry of a district's 区级实施清单 (keyed by the item's new code)."""

    district: str
    code: str
    name: str
    kind: str  # added, removed, changed
    fields: list[FieldChange] = field(default_factory=list)
    old_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "district": self.district,
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "fields": [f.to_json() for f in self.fields],
            "old_code": self.old_code,
        }


@dataclass(slots=True)
class DiffReport:
    old_version: str | None
    new_version: str | None
    summary: dict[str, dict[str, int]]
    changes: list[Change]
    dictionaries: list[DictionaryChange] = field(default_factory=list)
    implementations: list[LocalChange] = field(default_factory=list)
    region: str = ""
    old_label: str = ""  # the inputs as given, for people when a version is missing
    new_label: str = ""

    @property
    def regressions(self) -> int:
        """Regressed field changes: items and scenarios, dictionaries, district lists."""
        return (
            sum(c.regressions for c in self.changes)
            + sum(_regressions(d.fields) for d in self.dictionaries)
            + sum(_regressions(i.fields) for i in self.implementations)
        )

    @property
    def empty(self) -> bool:
        return not (self.changes or self.dictionaries or self.implementations)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.old_version,
            "to": self.new_version,
            "summary": self.summary,
            "changes": [c.to_json() for c in self.changes],
            "regressions": self.regressions,
            "dictionaries": [d.to_json() for d in self.dictionaries],
            "implementations": [i.to_json() for i in self.implementations],
        }
