"""The 申请材料 sheet: one row per material of an item (事项编码, 材料名称, 来源渠道, 必要性, 份数 …).

A workbook may carry it next to the item sheet; export always writes it, so that every key of
a material entry survives export → import. Where a workbook has none, materials come from the
item sheet's 申请材料 cell (names only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from compiler.workflow.xlsx_catalog import MaterialDictionary
from compiler.workflow.xlsx_headings import MATERIAL_DETAIL, MATERIALS_SHEET, Path
from compiler.workflow.xlsx_merge import MATERIAL_ORDER
from compiler.workflow.xlsx_read import CellFinding, Row, find_headings, order_materials, read_rows


@dataclass(slots=True)
class MaterialSheet:
    title: str = MATERIALS_SHEET
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # 材料名称 cell of each entry
    name_cells: dict[str, list[str]] = field(default_factory=dict)
    rows_by_code: dict[str, list[str]] = field(default_factory=dict)  # code → its code cells


def entry_of(values: dict[Path, Any]) -> dict[str, Any]:
    """A material row's values → a material entry, keys in the schema's order."""
    entry: dict[str, Any] = {}
    for key in MATERIAL_ORDER:
        if key == "copies":
            copies = {k: values[("copies", k)] for k in ("original", "copy") if ("copies", k) in values}
            if copies:
                entry["copies"] = copies
        elif key == "name":
            if ("material",) not in values and ("name",) in values:
                entry["name"] = values[("name",)]
        elif (key,) in values:
            entry[key] = values[(key,)]
    return entry


def read_material_sheet(sheets: Sequence[Any], findings: list[CellFinding]) -> MaterialSheet:
    for sheet in sheets:
        grid = sheet.iter_rows(values_only=True)
        found = find_headings(grid, ("code",), materials=True)
        if found and (sheet.title == MATERIALS_SHEET or any(found[0].has(p) for p in MATERIAL_DETAIL)):
            rows = read_rows(sheet.title, grid, found[0], findings, found[1] + 1)
            return _read(sheet.title, rows, findings)
    return MaterialSheet()


def _read(title: str, rows: list[Row], findings: list[CellFinding]) -> MaterialSheet:
    found = MaterialSheet(title)
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        code = row.values.get(("code",))
        if not isinstance(code, str) or not code:
            findings.append(CellFinding(title, row.cells.get(("code",), f"A{row.number}"),
                                        "本行没有事项编码，不知属于哪个事项，本行未导入"))
            continue
        if ("name",) not in row.values and ("material",) not in row.values:
            findings.append(CellFinding(title, row.cells[("code",)],
                                        "本行既没有材料名称也没有材料标识，本行未导入"))
            continue
        grouped.setdefault(code, []).append(row)
        found.rows_by_code.setdefault(code, []).append(row.cells[("code",)])
    for code, group in grouped.items():
        ordered = order_materials(group)
        found.entries[code] = [entry_of(row.values) for row in ordered]
        found.names[code] = [str(row.values.get(("name",), "")) for row in ordered]
        found.name_cells[code] = [row.cells.get(("name",), "") for row in ordered]
    return found


def check_names(sheet: MaterialSheet, dictionary: MaterialDictionary, findings: list[CellFinding]) -> None:
    """A row naming both a key and a name: the name must be the dictionary's for that key."""
    for code, entries in sheet.entries.items():
        for entry, name, cell in zip(entries, sheet.names[code], sheet.name_cells[code], strict=True):
            key = entry.get("material")
            known = dictionary.names.get(str(key)) if key is not None else None
            if known and name and name != known:
                findings.append(CellFinding(
                    sheet.title, cell,
                    f"材料名称“{name}”与材料目录中 {key} 的名称“{known}”不一致，已按材料标识引用",
                ))
