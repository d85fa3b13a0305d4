"""The entity table of ``zwfw match``: a CSV or XLSX whose first column is ``id`` and whose other
columns are data-element keys; each cell converted to its element's dictionary type."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from compiler.workflow.xlsx_cells import cell_text, parse_bool


class TableUnreadable(Exception):
    """The entity file is missing or cannot be read as a table (exit 2)."""


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[str]  # the data-element keys, after ``id``
    rows: list[tuple[int, list[Any]]]  # (row number, cells including id)


def _csv_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableUnreadable("CSV 文件既不是 UTF-8 也不是 GBK 编码，请另存为 UTF-8")


def read_table(path: Path) -> Table:
    if not path.is_file():
        raise TableUnreadable(f"找不到文件：{path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
            grid = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
            workbook.close()
        except Exception as err:  # openpyxl raises many kinds on a damaged file
            raise TableUnreadable(f"{path} 不是可读取的 .xlsx 工作簿：{err}") from None
    else:
        grid = [list(row) for row in csv.reader(io.StringIO(_csv_text(path.read_bytes())))]
    if not grid or not grid[0] or cell_text(grid[0][0]).lower() != "id":
        raise TableUnreadable(f"{path} 的第一行第一列应为 id，其余列为数据元标识")
    columns = [cell_text(value) for value in grid[0][1:]]
    rows = [(number, row) for number, row in enumerate(grid[1:], start=2)
            if any(cell_text(value) for value in row)]
    return Table(columns, rows)


_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def _number(value: Any, text: str) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    core = text.replace(",", "").replace("，", "")
    percent = core.endswith("%")
    try:
        number = Decimal(core.rstrip("%"))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    if percent:
        number /= 100
    if number == number.to_integral_value() and "." not in core and "e" not in core.lower():
        return int(number)
    return float(number)


def convert(value: Any, kind: str, options: list[str] | None) -> Any:
    """Cell → JSON value for an element of dictionary type ``kind``; ValueError with a reason."""
    text = cell_text(value)
    if kind == "整数":
        try:
            number = _number(value, text)
        except ValueError:
            raise ValueError(f"“{text}”不是整数") from None
        if isinstance(number, float):
            if not number.is_integer():
                raise ValueError(f"“{text}”不是整数")
            number = int(number)
        return number
    if kind == "数值":
        try:
            return _number(value, text)
        except ValueError:
            raise ValueError(f"“{text}”不是数值") from None
    if kind == "布尔":
        parsed = parse_bool(text)
        if not isinstance(parsed.value, bool):
            raise ValueError(f"“{text}”不是布尔值（是/否、true/false、1/0）")
        return parsed.value
    if kind == "日期":
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()[:10]
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise ValueError(f"“{text}”不是日期（应为 YYYY-MM-DD）") from None
        return day.isoformat()
    if kind == "枚举" and options and text not in options:
        raise ValueError(f"“{text}”不是可选值（{'、'.join(options)}）之一")
    return text
