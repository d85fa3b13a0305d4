"""The consistency report (一致性报告): lint findings by rule, department and district, and the
uniformity matrix — every service item × every district: 一致 (the district restates nothing or
only the city's values), 允许的本地差异 (only ``contact.*``, ``time_limit.promised`` not above the
city's, ``handling.tolerance`` differ) or 偏差 (anything else differs: 同一事项实施要素全市统一).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from compiler.diagnostics import Diagnostic, LintResult, RuleMeta
from compiler.model.catalog import Catalog
from compiler.model.implementations import ImplementationEntry
from compiler.model.items import ServiceItem

if TYPE_CHECKING:
    from compiler.build.row_memos import UniformityMemo

Uniformity = Literal["same", "local", "deviation"]
UNIFORMITY_LABELS: dict[Uniformity, str] = {
    "same": "一致",
    "local": "允许的本地差异",
    "deviation": "偏差",
}
NONE = "（未涉及）"


@dataclass(frozen=True, slots=True)
class Finding:
    """A lint finding as the report shows it: file relative to the catalog, owner resolved."""

    rule: str
    title: str
    severity: str
    file: str
    line: int
    column: int
    item: str | None
    message: str
    waived: bool
    department: str
    district: str


@dataclass(frozen=True, slots=True)
class UniformityRow:
    code: str
    name: str
    department: str
    cells: tuple[Uniformity, ...]  # one per district, in ConsistencyReport.districts order
    differences: tuple[tuple[str, ...], ...]  # the differing paths, per district


@dataclass(frozen=True, slots=True)
class ConsistencyReport:
    findings: tuple[Finding, ...]
    districts: tuple[str, ...]
    rows: tuple[UniformityRow, ...]

    def count(self, attribute: str) -> dict[str, int]:
        counted = Counter(str(getattr(f, attribute)) for f in self.findings if not f.waived)
        return dict(sorted(counted.items()))


def _owner(catalog: Catalog, code: str | None) -> str:
    if code is None:
        return NONE
    if code in catalog.items:
        return catalog.items[code].department
    if code in catalog.benefits:
        return catalog.benefits[code].department
    if code in catalog.certificates:
        return catalog.certificates[code].issuer
    if code in catalog.scenarios:
        return catalog.scenarios[code].lead
    return NONE


def _relative(file: str, catalog_dir: Path) -> str:
    rel = os.path.relpath(os.path.abspath(file), catalog_dir)
    return Path(rel).as_posix() if not rel.startswith("..") else Path(file).as_posix()


def finding(catalog: Catalog, d: Diagnostic, rules: Mapping[str, RuleMeta], root: Path) -> Finding:
    file = _relative(d.file, root)
    districts = {path: district for district, path in catalog.implementation_file.items()}
    meta = rules.get(d.rule)
    return Finding(
        rule=d.rule,
        title=d.title or (meta.title if meta is not None else ""),
        severity=d.severity.value,
        file=file,
        line=d.line,
        column=d.column,
        item=d.item,
        message=d.message,
        waived=d.waived,
        department=_owner(catalog, d.item),
        district=districts.get(file, NONE),
    )


def _leaves(value: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, inner in value.items():
        path = f"{prefix}{key}"
        if isinstance(inner, Mapping):
            yield from _leaves(inner, path + ".")
        else:
            yield path, inner


def _at(value: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _differing(
    local: dict[str, Any],
    city: Any,
    root: Mapping[str, Any],
    prefix: str,
    out: list[tuple[str, Any]],
) -> None:
    """``(path, value)`` of each leaf of ``local`` that ``_at(root, path)`` does not find,
    walking ``city`` (the subtree of ``root`` at ``prefix``) alongside. Both are JSON dumps:
    their mappings are plain dicts."""
    for key, inner in local.items():
        path = f"{prefix}{key}"
        if "." in key:  # a dotted key: the path no longer says where its value came from
            leaves = _leaves(inner, path + ".") if isinstance(inner, dict) else [(path, inner)]
            out += [(p, v) for p, v in leaves if _at(root, p) != v]
            continue
        there = city.get(key) if isinstance(city, dict) else None
        if isinstance(inner, dict):
            _differing(inner, there, root, path + ".", out)
        elif there != inner:
            out.append((path, inner))


def _allowed(path: str, value: Any, item: ServiceItem) -> bool:
    if path.startswith("contact.") or path == "handling.tolerance":
        return True
    return (
        path == "time_limit.promised"
        and isinstance(value, int)
        and (value <= item.time_limit.promised)
    )


def _local(entry: ImplementationEntry) -> dict[str, Any]:
    return entry.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"code"})


def uniformity(
    item: ServiceItem, entry: ImplementationEntry | None, city: Mapping[str, Any] | None = None
) -> tuple[Uniformity, tuple[str, ...]]:
    """How a district's entry for an item compares with the city standard (``city``: the
    item's own dump, or the part of it holding the entry's top-level keys)."""
    if entry is None:
        return "same", ()
    if city is None:
        city = item.model_dump(mode="json", by_alias=True)
    return _compare(item, _local(entry), city)


def _compare(
    item: ServiceItem, local: Mapping[str, Any], city: Mapping[str, Any]
) -> tuple[Uniformity, tuple[str, ...]]:
    differing: list[tuple[str, Any]] = []
    _differing(dict(local), city, city, "", differing)
    if not differing:
        return "same", ()
    paths = tuple(path for path, _ in differing)
    if all(_allowed(path, value, item) for path, value in differing):
        return "local", paths
    return "deviation", paths


@cache
def _names(kind: type[ServiceItem]) -> dict[str, str]:
    """Top-level key of a dump by alias → field name."""
    return {(info.alias or name): name for name, info in kind.model_fields.items()}


def city_part(item: ServiceItem, keys: Iterable[str]) -> dict[str, Any]:
    """The item's dump (by alias, as JSON) cut to the top-level ``keys``: the same subtrees
    as the full dump (no model-level serializer), at a fraction of its cost."""
    names = _names(type(item))
    return item.model_dump(
        mode="json", by_alias=True, include={names[key] for key in keys if key in names}
    )


def uniformity_rows(
    catalog: Catalog, memo: UniformityMemo | None = None
) -> tuple[UniformityRow, ...]:
    """One row per item (``memo``: rows remembered by their records, ``row_memos``)."""
    entries = {
        district: {entry.code: entry for entry in implementation.items}
        for district, implementation in catalog.implementations.items()
    }
    by_district = [entries.get(d, {}) for d in catalog.districts]
    rows = []
    for item in catalog.items.values():
        make = partial(_cells, item, by_district)
        cells, differences = make() if memo is None else memo.through(item.code, make)
        rows.append(UniformityRow(item.code, item.name, item.department, cells, differences))
    if memo is not None:
        memo.save()
    return tuple(rows)


def _cells(
    item: ServiceItem, by_district: list[dict[str, ImplementationEntry]]
) -> tuple[tuple[Uniformity, ...], tuple[tuple[str, ...], ...]]:
    """The item's cell and differing paths in each district, in the districts' order."""
    local = [None if (e := found.get(item.code)) is None else _local(e) for found in by_district]
    if all(dump is None for dump in local):
        same: Uniformity = "same"
        nothing: tuple[str, ...] = ()
        return (same,) * len(local), (nothing,) * len(local)
    # the city's side dumped once per item, and only the parts a district restates
    keys = {key.split(".")[0] for dump in local if dump is not None for key in dump}
    city = city_part(item, keys)
    compared = [("same", ()) if d is None else _compare(item, d, city) for d in local]
    return tuple(cell for cell, _ in compared), tuple(paths for _, paths in compared)


def consistency_report(
    catalog: Catalog,
    lint: LintResult,
    rules: Mapping[str, RuleMeta],
    catalog_dir: Path,
    memo: UniformityMemo | None = None,
) -> ConsistencyReport:
    root = catalog_dir.resolve()
    findings = sorted(
        (finding(catalog, d, rules, root) for d in lint.diagnostics),
        key=lambda f: (f.file, f.line, f.column, f.rule, f.message),
    )
    return ConsistencyReport(
        findings=tuple(findings),
        districts=tuple(catalog.districts),
        rows=uniformity_rows(catalog, memo),
    )
