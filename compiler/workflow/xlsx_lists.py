"""List cells: numbered lines ("1. …"), one entry a line, or entries separated by "；" / "|".

Also the one-line formats of structured entries — 设定依据 ``《标题》条款（层级）``, 收费
``项目：标准（依据：…）``, 申请表 ``数据元（选填）``, 豁免 ``规则：理由（有效期至 …，批准人：…）`` —
each with its formatter, so that export then import gives back the same entries.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from compiler.workflow.xlsx_cells import PLACEHOLDERS, Cell, bad

_NUMBERED = re.compile(r"^\s*(?:\d{1,3}\s*[.．](?!\d)|\d{1,3}\s*[、)）]|[（(]\d{1,3}[)）]|[①-⑳])\s*")
_INLINE = re.compile(r"(?:^|(?<=[；;。，,\s]))\s*(\d{1,2})\s*([.．、])(?!\d)")
_SEPARATORS = re.compile(r"\s*[；;|｜]\s*")


def _inline_numbered(text: str) -> list[str] | None:
    """ "1.甲；2.乙；3.丙" on one line → [甲, 乙, 丙] when the numbers run 1, 2, 3 … with the
    same mark after each."""
    marks = list(_INLINE.finditer(text))
    if not marks or marks[0].start() != 0 or marks[0].group(1) != "1":
        return None
    style, expected, cuts = marks[0].group(2), 1, []
    for mark in marks:
        if int(mark.group(1)) == expected and mark.group(2) == style:
            cuts.append(mark)
            expected += 1
    if len(cuts) < 2:
        return None
    ends = [mark.start() for mark in cuts[1:]] + [len(text)]
    parts = [text[mark.end() : end].strip().rstrip("；;") for mark, end in zip(cuts, ends, strict=True)]
    return [part for part in parts if part]


def split_list(text: str) -> list[str]:
    """The entries of a list cell."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [line for line in lines if line]
    if len(filled) == 1 and (inline := _inline_numbered(filled[0])) is not None:
        return inline
    if any(_NUMBERED.match(line) for line in lines):
        entries: list[str] = []
        started = False
        for line in lines:
            if not line:
                continue
            match = _NUMBERED.match(line)
            if match:
                entries.append(line[match.end() :].strip())
                started = True
            elif started:
                entries[-1] = f"{entries[-1]}\n{line}"
            else:
                entries.append(line)  # a lead-in before the first number, e.g. 符合以下条件：
        return entries
    if len(filled) > 1:
        return filled
    return [part for line in filled for part in _SEPARATORS.split(line) if part]


def parse_lines(text: str, placeholder_is_text: bool) -> Cell:
    """A list of texts. "无" is kept as text (受理条件 "无" is an empty element that lint names)
    where ``placeholder_is_text``, else it is the empty list."""
    if not placeholder_is_text and text in PLACEHOLDERS:
        return Cell([])
    return Cell(split_list(text))


def format_lines(values: list[Any], placeholder_is_text: bool) -> str:
    if not values:
        return "" if placeholder_is_text else "无"
    return "\n".join(f"{index}. {value}" for index, value in enumerate(values, 1))


BASIS_LEVELS = ("法律", "行政法规", "国务院决定", "地方性法规", "部门规章", "地方政府规章", "规范性文件")
_LEVEL_SUFFIX = re.compile(rf"\s*[（(]({'|'.join(BASIS_LEVELS)})[）)]$")
_ARTICLE = re.compile(r"(.+?)\s*(第[零〇一二三四五六七八九十百千\d]+条.*)$", re.S)


def parse_basis(text: str) -> Cell:
    """设定依据: one law a line, ``《标题》条款（层级）``; 层级 is kept only if written."""
    if text in PLACEHOLDERS:
        return Cell([])
    entries: list[dict[str, str]] = []
    for line in split_list(text):
        entry: dict[str, str] = {}
        level = _LEVEL_SUFFIX.search(line)
        if level:
            line = line[: level.start()]
        if line.startswith("《") and "》" in line:
            cut = line.rindex("》")
            title, article = line[1:cut], line[cut + 1 :].strip()
        elif match := _ARTICLE.match(line):
            title, article = match.group(1), match.group(2)
        else:
            title, article = line, ""
        entry["title"] = title
        if article:
            entry["article"] = article
        if level:
            entry["level"] = level.group(1)
        entries.append(entry)
    return Cell(entries)


def format_basis(entries: list[Any]) -> str:
    lines = []
    for entry in entries:
        line = f"《{entry.get('title', '')}》{entry.get('article', '')}"
        if entry.get("level"):
            line += f"（{entry['level']}）"
        lines.append(line)
    return _numbered(lines)


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{index}. {line}" for index, line in enumerate(lines, 1)) if lines else "无"


NO_FEE = frozenset({*PLACEHOLDERS, "不收费", "免费", "零收费", "免收"})
_FEE_BASIS = re.compile(r"(.*?)（依据：(.*)）$", re.S)


def parse_fees(text: str) -> Cell:
    """收费标准: one fee a line, ``项目：标准（依据：文件）``; "不收费"/"无" is no fee item."""
    if text in NO_FEE:
        return Cell([])
    entries: list[dict[str, str]] = []
    for line in split_list(text):
        entry: dict[str, str] = {}
        basis = _FEE_BASIS.match(line)
        if basis:
            line = basis.group(1)
        named = re.match(r"([^：:]*)[：:](.*)$", line, re.S)
        standard = line
        if named:
            entry["name"], standard = named.group(1).strip(), named.group(2)
        if standard.strip():
            entry["standard"] = standard.strip()
        if basis:
            entry["basis"] = basis.group(2).strip()
        entries.append(entry)
    return Cell(entries)


def format_fees(entries: list[Any]) -> str:
    lines = []
    for entry in entries:
        line = f"{entry['name']}：" if "name" in entry else ""
        line += str(entry.get("standard", ""))
        if "basis" in entry:
            line += f"（依据：{entry['basis']}）"
        lines.append(line)
    return _numbered(lines)


_FORM_MARK = re.compile(r"^(.*?)\s*[（(](必填|选填)[）)]$")


def parse_form(text: str) -> Cell:
    """申请表: one data element a line; "（选填）" / "（必填）" marks {element, required}."""
    if text in PLACEHOLDERS:
        return Cell([])
    entries: list[Any] = []
    for line in split_list(text):
        mark = _FORM_MARK.match(line)
        if mark:
            entries.append({"element": mark.group(1), "required": mark.group(2) == "必填"})
        else:
            entries.append(line)
    return Cell(entries)


def format_form(entries: list[Any]) -> str:
    lines = []
    for entry in entries:
        if isinstance(entry, dict):
            lines.append(f"{entry.get('element', '')}（{'必填' if entry.get('required', True) else '选填'}）")
        else:
            lines.append(str(entry))
    return "\n".join(lines) if lines else "无"


_WAIVER = re.compile(
    r"(?P<rule>[^：:]+)[：:](?P<reason>.*)（有效期至\s*(?P<until>[^，,]*?)\s*[，,]\s*批准人[：:]\s*(?P<by>.*)）$",
    re.S,
)


def parse_waivers(text: str) -> Cell:
    """豁免: ``规则：理由（有效期至 2025-12-31，批准人：…）`` one a line."""
    if text in PLACEHOLDERS:
        return Cell([])
    entries: list[dict[str, Any]] = []
    for line in split_list(text):
        match = _WAIVER.match(line)
        if match is None:
            return bad(text, f"豁免“{line}”应写作“规则：理由（有效期至 YYYY-MM-DD，批准人：单位）”")
        until: Any = match.group("until")
        try:
            until = dt.date.fromisoformat(until)
        except ValueError:
            pass
        entries.append({"rule": match.group("rule").strip(), "reason": match.group("reason").strip(),
                        "until": until, "approved_by": match.group("by").strip()})
    return Cell(entries)


def format_waivers(entries: list[Any]) -> str:
    return _numbered([
        f"{w.get('rule', '')}：{w.get('reason', '')}（有效期至 {w.get('until', '')}，"
        f"批准人：{w.get('approved_by', '')}）"
        for w in entries
    ])
