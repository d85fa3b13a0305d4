"""Cell text → catalog values for the scalar columns of a spreadsheet (单元格格式).

Each parser takes the text of one cell and returns a ``Cell``: the value to write, whether the
cell said anything at all, and the reasons (Chinese) it could not be read. A value that cannot
be converted is kept as its text (so the YAML still holds what the sheet said and ``zwfw lint``
points at it) and reported; nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: cells that mean "nothing here" in a typed (number, yes/no, choice) column
PLACEHOLDERS = frozenset({"无", "暂无", "/", "／", "-", "－", "—", "——", "空"})


@dataclass(slots=True)
class Cell:
    """What one cell contributes: ``present`` False means the key is left out."""

    value: Any = None
    present: bool = True
    problems: list[str] = field(default_factory=list)


ABSENT = Cell(present=False)


def bad(text: str, reason: str) -> Cell:
    """A value that could not be converted: kept verbatim, and reported."""
    return Cell(text, True, [reason])


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """一 … 九百九十九 (and plain digits) → int; anything else → None."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in "十百" for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            unit = 10 if ch == "十" else 100
            total += (1 if digit is None else digit) * unit
            digit = None
    return total + (digit or 0)


_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_WORKDAYS = re.compile(rf"{_NUMBER}\s*[（(]?\s*(?:个)?\s*(?:工作日|个工作日)\s*[）)]?(?:内)?")
_NATURAL = re.compile(rf"{_NUMBER}\s*[（(]?\s*(?:个)?\s*(?:自然日|日历日|天|日|个月|月|年)\s*[）)]?")
_INSTANT = frozenset({"即办", "即办件", "即时办结", "当场办结", "立即办结", "即时办理", "当场办理"})


def parse_days(text: str) -> Cell:
    """办结时限 in working days: 20, "20个工作日", "30(工作日)", "即办" (0)."""
    if text in PLACEHOLDERS:
        return ABSENT
    if text in _INSTANT:
        return Cell(0)
    number = chinese_number(text)
    if number is not None:
        return Cell(number)
    match = _WORKDAYS.fullmatch(text)
    if match and (days := chinese_number(match.group(1))) is not None:
        return Cell(days)
    if _NATURAL.fullmatch(text):
        return bad(text, f"办结时限“{text}”不是以工作日计的，目录格式的时限单位为工作日，请换算后填写")
    return bad(text, f"办结时限“{text}”不是工作日数（应为整数，如 20、“20个工作日”、“30(工作日)”或“即办”）")


_VISITS = re.compile(rf"(?:最多|不超过)?(?:跑|到现场)?\s*{_NUMBER}\s*[次份]")
_ZERO_VISITS = frozenset({"零跑动", "不跑动", "无需到现场", "不见面", "0跑动"})


def parse_count(text: str, label: str = "到办事现场次数") -> Cell:
    """到办事现场次数 (or 份数): 0, "1次", "最多跑一次", "零跑动", "2份"."""
    if text in _ZERO_VISITS:
        return Cell(0)
    if text in PLACEHOLDERS:
        return ABSENT
    number = chinese_number(text)
    if number is None and (match := _VISITS.fullmatch(text)):
        number = chinese_number(match.group(1))
    if number is None:
        return bad(text, f"{label}“{text}”不是整数（如 0、1、“1次”）")
    return Cell(number)


_DEPTHS = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4,
           "事项公开": 1, "信息公开": 1, "在线预审": 2, "在线办理": 3, "全程网办": 4, "全程网上办理": 4}


def parse_depth(text: str) -> Cell:
    """网上办理深度 1–4: "4", "Ⅳ级", "四级", "全程网办"."""
    if text in PLACEHOLDERS:
        return ABSENT
    core = re.sub(r"^(?:第)?|(?:级|星)$", "", text).strip().upper()
    number = _DEPTHS.get(core)
    if number is None:
        number = chinese_number(core)
    if number is None or not 1 <= number <= 4:
        return bad(text, f"网上办理深度“{text}”无法识别（应为 1–4，或 事项公开、在线预审、在线办理、全程网办）")
    return Cell(number)


_TRUE = frozenset({"是", "有", "Y", "YES", "TRUE", "√", "✓", "1", "支持", "可以", "可", "收费", "需要"})
_FALSE = frozenset({"否", "无", "N", "NO", "FALSE", "×", "✗", "0", "不支持", "不可以", "不可",
                    "不收费", "免费", "不需要", "不"})


def parse_bool(text: str) -> Cell:
    """是/否 (also 有/无, √/×, Y/N, 支持/不支持, 收费/不收费)."""
    key = text.strip().upper()
    if key in _TRUE:
        return Cell(True)
    if key in _FALSE:
        return Cell(False)
    if text in PLACEHOLDERS:
        return ABSENT
    return bad(text, f"“{text}”不是“是”或“否”")


def parse_enum(text: str, allowed: Sequence[str], synonyms: Mapping[str, str], label: str) -> Cell:
    """One value of a closed list (枚举), after the usual synonyms."""
    if text in allowed:
        return Cell(text)
    if text in synonyms:
        return Cell(synonyms[text])
    if text in PLACEHOLDERS:
        return ABSENT
    return bad(text, f"“{text}”不是有效的{label}（可选：{'、'.join(allowed)}）")


def parse_enums(
    text: str, allowed: Sequence[str], synonyms: Mapping[str, str], label: str
) -> Cell:
    """Several values of a closed list: "市级、区级", "窗口办理/网上办理"; "无" is an empty list."""
    if text in PLACEHOLDERS:
        return Cell([])
    values: list[str] = []
    problems: list[str] = []
    for part in re.split(r"[、,，/／;；|\s]+", text):
        if not part:
            continue
        one = parse_enum(part, allowed, synonyms, label)
        problems.extend(one.problems)
        if one.value not in values:
            values.append(one.value)
    return Cell(values, True, problems)


def cell_text(value: Any) -> str:
    """The text of a cell as a person reads it (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
