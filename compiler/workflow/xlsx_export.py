"""``zwfw export xlsx``: one list → a workbook with the usual headings, byte-for-byte reproducible.

Sheet 1 holds one row per item with the headings of ``COLUMNS`` (the ones ``import`` reads), a
column for every key an item can have; sheet 2 (申请材料) one row per material, so that every
key of a material entry survives the round trip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.load.kinds import FileKind
from compiler.workflow import yaml_write
from compiler.workflow.xlsx_catalog import MaterialDictionary, read_plain
from compiler.workflow.xlsx_headings import (
    COLUMNS,
    DEPARTMENT_ID,
    ITEM_NAME,
    MATERIAL_COLUMNS,
    MATERIAL_INDEX,
    MATERIALS_SHEET,
    Column,
)

#: the fixed creation time written into every workbook (no timestamps in outputs)
EPOCH = dt.datetime(2000, 1, 1)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CODE_PATHS = {("code",), ("national_code",), ("parent",)}


@dataclass(slots=True)
class ExportSettings:
    list_name: str
    catalog: Path
    out: Path


def list_items(catalog: Path, list_name: str) -> list[dict[str, Any]]:
    """The items of a list in file order (files sorted by name)."""
    folder = catalog / list_name
    items: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = read_plain(path, strict=False)
        entries = data.get("items") if isinstance(data, dict) else None
        if isinstance(entries, list):
            items.extend(entry for entry in entries if isinstance(entry, dict))
    return items


def _get(item: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(item, dict) or key not in item:
            return None
        item = item[key]
    return item


def _columns(list_name: str, items: list[dict[str, Any]]) -> list[Column]:
    filing = list_name == FileKind.FILING.value or any("filing_timing" in i for i in items)
    return [c for c in COLUMNS if c.export and (filing or c.path != ("filing_timing",))]


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return None
    try:
        shown = column.codec.format(value)
    except (AttributeError, KeyError, TypeError):
        shown = value  # a value of the wrong shape: shown as it is, lint names it
    if isinstance(shown, (dict, list)):
        shown = yaml_write.dump(shown).strip()
    if isinstance(shown, bool):
        shown = "是" if shown else "否"
    if isinstance(shown, (dt.date, dt.datetime)):
        shown = shown.isoformat()
    if isinstance(shown, str):
        shown = _ILLEGAL.sub("", shown)
    return shown


def _item_row(columns: list[Column], item: dict[str, Any], departments: dict[str, str],
              dictionary: MaterialDictionary) -> list[Any]:
    row = []
    for column in columns:
        if column.path == ("department",):
            ref = item.get("department")
            row.append(departments.get(str(ref)) or None if ref is not None else None)
        elif column.path == ("supervision",):  # "无" for an explicit ``supervision: null``
            row.append("无" if "supervision" in item and item["supervision"] is None else None)
        elif column.path == DEPARTMENT_ID:
            row.append(_cell(column, item.get("department")))
        elif column.path == ("materials",) and isinstance(item.get("materials"), list):
            names = [dictionary.name_of(e) if isinstance(e, dict) else str(e) for e in item["materials"]]
            row.append(_cell(column, names))
        else:
            row.append(_cell(column, _get(item, column.path)))
    return row


def _material_rows(items: list[dict[str, Any]], dictionary: MaterialDictionary) -> Iterable[list[Any]]:
    for item in items:
        entries = item.get("materials")
        for index, entry in enumerate(entries if isinstance(entries, list) else [], 1):
            if not isinstance(entry, dict):
                continue
            row = []
            for column in MATERIAL_COLUMNS:
                if column.path == ("code",):
                    row.append(_cell(column, item.get("code")))
                elif column.path == ITEM_NAME:
                    row.append(_cell(column, item.get("name")))
                elif column.path == MATERIAL_INDEX:
                    row.append(index)
                elif column.path == ("name",):
                    row.append(dictionary.name_of(entry) if "material" in entry else entry.get("name"))
                else:
                    row.append(_cell(column, _get(entry, column.path)))
            yield row


def _sheet(ws: Any, headings: list[str], rows: Iterable[list[Any]], code_columns: set[int]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append(headings)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text that starts with "=" stays text, not a formula
                if "\n" in cell.value:
                    cell.alignment = wrap
            if cell.column - 1 in code_columns:
                cell.number_format = "@"
    ws.freeze_panes = "B2"
    for index, heading in enumerate(headings):
        letter = ws.cell(row=1, column=index + 1).column_letter
        ws.column_dimensions[letter].width = max(10, min(40, len(heading) * 2 + 4))


def export_xlsx(settings: ExportSettings) -> int:
    from openpyxl import Workbook

    catalog = settings.catalog
    items = list_items(catalog, settings.list_name)
    meta = read_plain(catalog / "catalog.yaml", strict=False)
    departments = {
        str(d["id"]): str(d.get("name", ""))
        for d in (meta.get("departments") or [] if isinstance(meta, dict) else [])
        if isinstance(d, dict) and "id" in d
    }
    dictionary = MaterialDictionary.load(catalog)
    columns = _columns(settings.list_name, items)
    workbook = Workbook()
    main = workbook.active
    main.title = FileKind(settings.list_name).label
    codes = {i for i, c in enumerate(columns) if c.path in _CODE_PATHS}
    rows = (_item_row(columns, item, departments, dictionary) for item in items)
    _sheet(main, [c.heading for c in columns], rows, codes)
    sheet = workbook.create_sheet(MATERIALS_SHEET)
    _sheet(sheet, [c.heading for c in MATERIAL_COLUMNS], _material_rows(items, dictionary), {0})
    yaml_write.write_bytes_atomic(settings.out, workbook_bytes(workbook))
    return len(items)


def workbook_bytes(workbook: Any) -> bytes:
    """The .xlsx bytes with fixed document times and zip entry times: same input, same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = EPOCH
    workbook.properties.modified = EPOCH
    workbook.properties.creator = "zwfw"
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()
