"""Export's half of the round-trip promise: a value goes into its column only if reading that
cell back gives the same value; anything else — a misspelt key, a value of another shape, an
empty text, an unknown material key — goes into the 其他字段（YAML） column, so that
export → import reproduces every item exactly, valid or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.workflow.xlsx_catalog import MaterialDictionary
from compiler.workflow.xlsx_cells import cell_text
from compiler.workflow.xlsx_headings import (
    DEPARTMENT_ID,
    ITEM_NAME,
    MATERIAL_COLUMNS,
    MATERIAL_INDEX,
    RAW,
    Column,
    Path,
)
from compiler.workflow.xlsx_materials import entry_of
from compiler.workflow.xlsx_merge import MATERIAL_ORDER, ORDER
from compiler.workflow.yaml_write import same

_SPECIAL = frozenset({("code",), ("department",), ("materials",), ("supervision",)})
_MATERIAL_VALUES = [c for c in MATERIAL_COLUMNS if c.path not in (("code",), ITEM_NAME, MATERIAL_INDEX)]


@dataclass(slots=True)
class ItemCells:
    cells: dict[Path, Any] = field(default_factory=dict)  # column path → cell value
    raw: dict[str, Any] = field(default_factory=dict)  # dotted key → value
    materials: list[dict[str, Any]] | None = None  # rows of the 申请材料 sheet, or None


def survives(column: Column, value: Any) -> Any:
    """The cell for ``value`` if reading it back gives the same value, else None."""
    try:
        shown = column.codec.format(value)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    text = cell_text(shown)
    if not text:
        return None
    back = column.codec.parse(text)
    return shown if back.present and not back.problems and same(back.value, value) else None


def split_item(
    item: Mapping[str, Any], columns: list[Column], departments: Mapping[str, str],
    dictionary: MaterialDictionary, own_code: bool = True,
) -> ItemCells:
    """The cells of one item. ``own_code`` False: another item shares the code, so the
    申请材料 sheet (keyed by code) cannot say whose materials are whose; they go raw."""
    by_path = {column.path: column for column in columns}
    found = ItemCells()

    def leaf(path: Path, value: Any) -> None:
        column = by_path.get(path)
        cell = survives(column, value) if column is not None else None
        if cell is None:
            found.raw[".".join(path)] = value
        else:
            found.cells[path] = cell

    def walk(prefix: Path, mapping: Mapping[str, Any]) -> None:
        for key, value in mapping.items():
            path = (*prefix, str(key))
            if path == ("fee", "items") and "charged" not in mapping:
                found.raw["fee.items"] = value  # from the column, import would infer charged
                continue
            if path in _SPECIAL and not (path == ("supervision",) and isinstance(value, dict)):
                _special(found, path, value, departments, dictionary if own_code else None)
            elif path in ORDER:
                if isinstance(value, dict) and value:
                    walk(path, value)
                else:
                    found.raw[".".join(path)] = value
            else:
                leaf(path, value)

    walk((), item)
    ordered = dict(sorted(found.raw.items(), key=lambda pair: _rank(pair[0])))
    found.cells[RAW] = by_path[RAW].codec.format(ordered) if RAW in by_path else None
    return found


def _rank(dotted: str) -> tuple[int, ...]:
    path = tuple(dotted.split("."))
    ranks = []
    for depth, key in enumerate(path):
        order = ORDER.get(path[:depth], ())
        ranks.append(order.index(key) if key in order else len(order))
    return tuple(ranks)


def _special(found: ItemCells, path: Path, value: Any, departments: Mapping[str, str],
             dictionary: MaterialDictionary | None) -> None:
    key = path[0]
    if key == "code":
        found.cells[("code",)] = cell_text(value)  # the merge key, whatever its type
        if not isinstance(value, str) or not value or value != cell_text(value):
            found.raw["code"] = value
    elif key == "department" and isinstance(value, str) and value and value == value.strip():
        found.cells[DEPARTMENT_ID] = value
        found.cells[("department",)] = departments.get(value) or None
    elif key == "supervision" and value is None:
        found.cells[("supervision",)] = "无"
    elif key == "materials" and dictionary is not None and _carried(value, dictionary):
        found.materials = value
    else:
        found.raw[key] = value


def _carried(entries: Any, dictionary: MaterialDictionary) -> bool:
    """Whether the 申请材料 sheet reproduces these entries exactly."""
    if not isinstance(entries, list):
        return False
    for entry in entries:
        if not isinstance(entry, dict) or not set(entry) <= set(MATERIAL_ORDER):
            return False
        values: dict[Path, Any] = {}
        for column in _MATERIAL_VALUES:
            value = _get(entry, column.path)
            if value is _ABSENT:
                continue
            if column.path == ("name",) and "material" in entry:
                continue
            if survives(column, value) is None:
                return False
            values[column.path] = value
        if "material" not in entry and "name" not in entry:
            return False
        if not same(entry_of(values), entry):
            return False
    names = [material_name(entry, dictionary) for entry in entries]
    return all(names)


_ABSENT = object()


def _get(entry: Mapping[str, Any], path: Path) -> Any:
    value: Any = entry
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return _ABSENT
        value = value[key]
    return value


def material_name(entry: Mapping[str, Any], dictionary: MaterialDictionary) -> str:
    """The 材料名称 shown for an entry: its own name, or the dictionary's for a key."""
    if "material" in entry:
        return dictionary.name_of(dict(entry))
    return str(entry.get("name", ""))
