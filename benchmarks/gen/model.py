"""The records passed between the builders: planned items, their summaries, findings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ItemMeta:
    """What the cross-record lists need to know about a service item."""

    code: str
    name: str
    dept: str
    type: str
    kind: str
    legal: int
    base_promised: int
    promised: int
    visits: int
    district: bool  # levels include 区级
    refable: bool  # may be named by scenarios, certificate entries and implementations
    mats: tuple[str, ...]  # materials.yaml keys
    tolerable: tuple[str, ...]  # material keys / inline names that may be tolerated


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    item: str | None
    file: str


@dataclass
class Planned:
    """One service item to write."""

    idx: int
    lst: str
    dept: str
    type: str
    code: str
    national_code: str = ""
    name: str = ""
    topic: str = ""
    qualifier: str = ""
    parent: str = ""
    defect: str = ""
    family: bool = False
    status: str = "在用"
    new: bool = False  # added by a later version


@dataclass
class Catalog:
    """Everything written so far, for the lists that refer back to items."""

    items: list[ItemMeta] = field(default_factory=list)
    cert_users: dict[str, list[int]] = field(default_factory=dict)  # cert key → item positions
    cancelled: list[tuple[str, str]] = field(default_factory=list)  # (code, cert key)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
