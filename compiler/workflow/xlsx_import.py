"""``zwfw import xlsx``: a spreadsheet of items → the YAML of one list, merged by code.

    workbook ──read──> rows (+ cell findings) ──resolve──> item values ──merge──> <list>/*.yaml
                                                  │
                                  departments → catalog.yaml; material names → materials.yaml keys
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.load.kinds import SERVICE_LISTS, FileKind
from compiler.workflow.xlsx_catalog import Departments, MaterialDictionary
from compiler.workflow.xlsx_headings import COURIER, DEPARTMENT_ID, MATERIALS_SHEET, RAW, ROW_NUMBER
from compiler.workflow.xlsx_materials import MaterialSheet, check_names, read_material_sheet
from compiler.workflow.xlsx_merge import ListFiles, merge
from compiler.workflow.xlsx_read import CellFinding, Row, cell_position, find_headings, read_rows

SERVICE_LIST_NAMES = tuple(kind.value for kind in SERVICE_LISTS)


class SheetUnreadable(Exception):
    """The spreadsheet cannot be imported at all (exit 2)."""


@dataclass(slots=True)
class ImportSettings:
    file: Path
    list_name: str
    catalog: Path
    sheet: str | None = None


@dataclass(slots=True)
class ImportResult:
    findings: list[CellFinding] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    departments: list[dict[str, str]] = field(default_factory=list)


def _open(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise SheetUnreadable(f"找不到文件：{path}")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise SheetUnreadable(f"{path} 不是可读取的 .xlsx 工作簿（.xls 或 .et 请先另存为 .xlsx）：{err}") from None


def _rows(sheet: Any) -> Iterator[Sequence[Any]]:
    yield from sheet.iter_rows(values_only=True)


def import_xlsx(settings: ImportSettings) -> ImportResult:
    if settings.list_name not in SERVICE_LIST_NAMES:
        raise SheetUnreadable(f"--list 应为 {'、'.join(SERVICE_LIST_NAMES)} 之一，而不是 {settings.list_name!r}")
    workbook = _open(settings.file)
    try:
        names = [ws.title for ws in workbook.worksheets]
        if settings.sheet is not None and settings.sheet not in names:
            raise SheetUnreadable(f"工作簿中没有工作表“{settings.sheet}”（现有：{'、'.join(names)}）")
        main = workbook[settings.sheet] if settings.sheet else workbook.worksheets[0]
        grid = _rows(main)
        found = find_headings(grid, ("code",))
        if found is None:
            raise SheetUnreadable(
                f"工作表“{main.title}”的第一行没有事项编码列（事项编码、实施编码或基本编码），无法按编码合并"
            )
        plan, heading_row = found
        result = ImportResult()
        rows = read_rows(main.title, grid, plan, result.findings, heading_row + 1)
        extra = [ws for ws in workbook.worksheets if ws.title != main.title]
        extra.sort(key=lambda ws: ws.title != MATERIALS_SHEET)
        materials = read_material_sheet(extra, result.findings)
    finally:
        workbook.close()
    catalog = settings.catalog
    departments = Departments.load(catalog)
    dictionary = MaterialDictionary.load(catalog)
    check_names(materials, dictionary, result.findings)
    files = ListFiles.scan(catalog / settings.list_name)
    items = _items(main.title, rows, materials, departments, dictionary, files, result.findings)
    kind = FileKind(settings.list_name)
    header = f"# yaml-language-server: $schema=../../schemas/{kind.schema_file}\n"
    target = catalog / settings.list_name / f"{settings.file.stem}.yaml"
    outcome = merge(files, target, items, header)
    if departments.write():
        outcome.written.append(departments.path)
    result.added, result.updated, result.written = outcome.added, outcome.updated, outcome.written
    sheets = {name: index for index, name in enumerate([main.title, materials.title])}
    result.findings.sort(key=lambda f: (sheets.get(f.sheet, 2), *cell_position(f.cell)))
    result.departments = departments.added
    return result


def _items(
    sheet: str,
    rows: list[Row],
    materials: MaterialSheet,
    departments: Departments,
    dictionary: MaterialDictionary,
    files: ListFiles,
    findings: list[CellFinding],
) -> list[dict[tuple[str, ...], Any]]:
    """Rows → item values, departments and materials resolved."""
    items: list[dict[tuple[str, ...], Any]] = []
    seen: set[str] = set()
    for row in rows:
        code = row.values.get(("code",))
        if not isinstance(code, str) or not code:
            where = row.cells.get(("code",)) or f"A{row.number}"
            findings.append(CellFinding(sheet, where, "本行没有事项编码，无法按编码合并，本行未导入"))
            continue
        seen.add(code)  # a code twice: both rows are imported, and lint's unique-code names them
        values = {path: value for path, value in row.values.items() if path != ROW_NUMBER}
        name, given = values.pop(("department",), None), values.pop(DEPARTMENT_ID, None)
        if name or given:
            values[("department",)] = departments.resolve(name, given)
        _flags(values)
        _fee(values)
        if ("supervision",) in values and any(p[0] == "supervision" and len(p) > 1 for p in values):
            findings.append(CellFinding(sheet, row.cells[("supervision",)],
                                        "填了“无”，但监管对象等列有内容：已按所填内容导入"))
            del values[("supervision",)]
        courier = values.pop(COURIER, None)
        if courier is not None:
            clash = _courier(values, courier, files.existing(code))
            if clash:
                findings.append(CellFinding(sheet, row.cells[COURIER], clash))
        names = values.pop(("materials",), None)
        if code in materials.entries:
            values[("materials",)] = materials.entries[code]
            listed = [materials.names[code][i] or dictionary.name_of(e)
                      for i, e in enumerate(materials.entries[code])]
            if names is not None and names != listed:
                findings.append(CellFinding(
                    sheet, row.cells[("materials",)],
                    f"与“{materials.title}”工作表所列材料不一致，已以该工作表为准",
                ))
        elif names is not None:
            values[("materials",)] = [dictionary.entry(n) for n in names]
        _raw(values)
        items.append(values)
    for code, cells in materials.rows_by_code.items():
        if code not in seen:
            reason = f"事项编码 {code} 不在“{sheet}”工作表中，本行未导入"
            findings.extend(CellFinding(materials.title, cell, reason) for cell in cells)
    return items


def _raw(values: dict[tuple[str, ...], Any]) -> None:
    """其他字段（YAML）: each ``key: value`` (dotted for nested keys) is set as written."""
    raw = values.pop(RAW, None)
    for key, value in (raw or {}).items():
        path = tuple(key.split("."))
        related = [p for p in values if p != path and (path[: len(p)] == p or p[: len(path)] == path)]
        for other in related:  # the raw value wins over columns for the same key
            del values[other]
        values[path] = value


def _flags(values: dict[tuple[str, ...], Any]) -> None:
    """"否（需实物查验）" in a 进驻/网办/一次办 cell: the reason, unless its own column gives one."""
    for flag in ("in_center", "online", "one_visit"):
        path = ("handling", flag, "value")
        if isinstance(values.get(path), dict):
            both = values.pop(path)
            values[path] = both["value"]
            values.setdefault(("handling", flag, "reason"), both["reason"])


def _fee(values: dict[tuple[str, ...], Any]) -> None:
    """收费标准 without 是否收费: "不收费" means not charged, a fee item means charged."""
    items = values.get(("fee", "items"))
    if isinstance(items, list) and ("fee", "charged") not in values:
        values[("fee", "charged")] = bool(items)


def _courier(
    values: dict[tuple[str, ...], Any], courier: Any, existing: dict[str, Any] | None
) -> str | None:
    """是否支持物流快递: 快递申请 among the channels, or not; a clash with 办理形式 is reported."""
    path = ("handling", "channels")
    channels = values.get(path)
    if isinstance(channels, list):
        if courier is False and "快递申请" in channels:
            return "“不支持物流快递”与办理形式中的“快递申请”矛盾，已以办理形式为准"
    else:
        handling = (existing or {}).get("handling")
        current = handling.get("channels") if isinstance(handling, dict) else None
        channels = list(current) if isinstance(current, list) else []
        if courier is False and "快递申请" in channels:
            channels = [c for c in channels if c != "快递申请"]
            values[path] = channels
    if courier is True and "快递申请" not in channels:
        values[path] = [*channels, "快递申请"]
    return None
