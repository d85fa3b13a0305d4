"""A workbook → item rows: headings recognised, every cell read or reported (``Sheet!C12``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from compiler.workflow.xlsx_cells import cell_text
from compiler.workflow.xlsx_headings import (
    BASIC_CODE,
    MATERIAL_INDEX,
    Column,
    Path,
    find_column,
)


@dataclass(frozen=True, slots=True)
class CellFinding:
    """A cell the import could not map, and why (Chinese)."""

    sheet: str
    cell: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.reason}"


@dataclass(slots=True)
class Row:
    """One data row: its values by key path, and the cell each came from."""

    number: int
    values: dict[Path, Any] = field(default_factory=dict)
    cells: dict[Path, str] = field(default_factory=dict)


@dataclass(slots=True)
class Layout:
    """Which column feeds which key; a second column for the same key is checked, not used."""

    primary: list[tuple[int, Column]]
    secondary: list[tuple[int, Column, int]]
    unknown: dict[int, str]

    def has(self, path: Path) -> bool:
        return any(column.path == path for _, column in self.primary)


def letter(index: int) -> str:
    """0-based column index → A, B, …, AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_position(cell: str) -> tuple[int, int]:
    """"C12" → (12, 3): findings sort by row, then column."""
    letters = cell.rstrip("0123456789")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    digits = cell[len(letters) :]
    return (int(digits) if digits else 0, column)


def layout(headings: Sequence[Any], materials: bool = False) -> Layout:
    found: list[tuple[int, Column]] = []
    unknown: dict[int, str] = {}
    for index, heading in enumerate(headings):
        text = cell_text(heading)
        column = find_column(text, materials) if text else None
        if column is None:
            unknown[index] = text
        else:
            found.append((index, column))
    paths = {column.path for _, column in found}
    if BASIC_CODE in paths:  # 基本编码 is the code, unless 事项编码 / 实施编码 is there too
        target = ("national_code",) if ("code",) in paths else ("code",)
        found = [(i, _retarget(col, target) if col.path == BASIC_CODE else col) for i, col in found]
    ranked = sorted(found, key=lambda pair: (_rank(pair[1]), pair[0]))
    primary: dict[Path, int] = {}
    result = Layout([], [], unknown)
    for index, column in ranked:
        if column.path in primary:
            result.secondary.append((index, column, primary[column.path]))
        else:
            primary[column.path] = index
            result.primary.append((index, column))
    result.primary.sort(key=lambda pair: pair[0])
    return result


def _rank(column: Column) -> int:
    """事项编码 before 实施编码 before 基本编码; explicit national-code columns first."""
    return 1 if column.heading in ("实施编码",) else 2 if column.heading == "基本编码" else 0


def _retarget(column: Column, path: Path) -> Column:
    return Column(column.heading, path, column.codec, column.synonyms, column.export)


def find_headings(
    grid: Iterator[Sequence[Any]], key: Path, materials: bool = False
) -> tuple[Layout, int] | None:
    """The heading row: the first row naming ``key``'s column, among the first five (a sheet
    often opens with a title row such as “XX区行政许可事项清单”)."""
    for number, row in enumerate(grid, start=1):
        plan = layout(row, materials)
        if plan.has(key):
            return plan, number
        if number == 5:
            break
    return None


def read_rows(
    sheet: str, grid: Iterable[Sequence[Any]], plan: Layout, findings: list[CellFinding], start: int = 2
) -> list[Row]:
    """Every non-empty row after the heading row, each cell read or reported."""
    rows: list[Row] = []
    for number, raw in enumerate(grid, start=start):
        cells = list(raw)
        if all(cell_text(value) == "" for value in cells):
            continue
        row = Row(number)
        for index, column in plan.primary:
            value = cells[index] if index < len(cells) else None
            text = cell_text(value)
            if not text:
                continue
            where = f"{letter(index)}{number}"
            parsed = column.codec.parse(text)
            if column.path in (("code",), ("national_code",), ("parent",)):
                parsed.problems.extend(code_problems(value, text))
            elif column.path in PHONES and _number_cell(value) and not text.startswith("1"):
                parsed.problems.append(
                    f"电话“{text}”是数字格式的单元格，区号前的 0 可能已丢失：请设为文本格式后重新填写"
                )
            findings.extend(CellFinding(sheet, where, reason) for reason in parsed.problems)
            if parsed.present:
                row.values[column.path] = parsed.value
                row.cells[column.path] = where
        for index, column, first in plan.secondary:
            text = cell_text(cells[index] if index < len(cells) else None)
            second = column.codec.parse(text) if text else None
            if second and second.present and second.value != row.values.get(column.path):
                findings.append(CellFinding(
                    sheet, f"{letter(index)}{number}",
                    f"与 {letter(first)} 列同为“{column.heading}”而内容不同，已以 {letter(first)} 列为准",
                ))
        for index, heading in plan.unknown.items():
            if index < len(cells) and cell_text(cells[index]):
                reason = f"列标题“{heading}”无法识别，此单元格未导入" if heading else "此列没有列标题，此单元格未导入"
                findings.append(CellFinding(sheet, f"{letter(index)}{number}", reason))
        rows.append(row)
    return rows


PHONES = (("contact", "phone"), ("contact", "complaint_phone"))


def _number_cell(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def code_problems(value: Any, text: str) -> list[str]:
    problems = []
    if _number_cell(value) and len(text) < 12:
        problems.append(f"编码“{text}”是数字格式的单元格，前导零可能已丢失：请设为文本格式后重新填写")
    if len(text) > 50:
        problems.append(f"编码长 {len(text)} 个字符，超过 50 个字符的上限（已原样写入，未截断）")
    return problems


def order_materials(rows: list[Row]) -> list[Row]:
    """申请材料 rows of one item, by 序号 when every row has a numeric one."""
    numbers = [row.values.get(MATERIAL_INDEX) for row in rows]
    if all(isinstance(n, str) and n.isdigit() for n in numbers):
        return [row for _, row in sorted(zip(numbers, rows, strict=True), key=lambda p: int(str(p[0])))]
    return rows
