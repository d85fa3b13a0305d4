"""The reading order shared by the text, markdown and html renderings of a DiffReport.

Summary per list (with a total), the regressions on their own, then the changes grouped by
department: departments with regressions first, and within one, regressed items first.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diff.effects import Effect
from compiler.diff.labels import EFFECT_MARKS, KIND_TITLES, LIST_TITLES
from compiler.diff.model import SUMMARY_KINDS, Change, DiffReport, FieldChange
from compiler.diff.snapshot import LISTS


@dataclass(frozen=True, slots=True)
class SummaryRow:
    title: str
    counts: tuple[int, ...]  # in SUMMARY_KINDS order


@dataclass(frozen=True, slots=True)
class DepartmentGroup:
    title: str
    changes: list[Change]


def title(report: DiffReport) -> str:
    old = report.old_version or report.old_label or "旧版"
    new = report.new_version or report.new_label or "新版"
    return f"{report.region}政务服务事项目录变更说明：{old} → {new}"


def summary_rows(report: DiffReport) -> list[SummaryRow]:
    """One row per list (the contract's order), then 合计."""
    keys = [*LISTS, *sorted(set(report.summary) - set(LISTS))]
    rows = [
        SummaryRow(LIST_TITLES.get(k, k), tuple(report.summary[k][kind] for kind in SUMMARY_KINDS))
        for k in keys
        if k in report.summary
    ]
    totals = tuple(sum(row.counts[i] for row in rows) for i in range(len(SUMMARY_KINDS)))
    return [*rows, SummaryRow("合计", totals)]


def headline(report: DiffReport) -> str:
    """共 N 个事项有变化：新增 …；退步 M 处."""
    counts = summary_rows(report)[-1].counts
    parts = [f"{KIND_TITLES[k]} {n}" for k, n in zip(SUMMARY_KINDS[:-1], counts, strict=False) if n]
    changed = sum(counts[:-1])
    text = f"共 {changed} 个事项（场景）有变化" + (f"：{'，'.join(parts)}" if parts else "")
    extra = len(report.dictionaries) + len(report.implementations)
    if extra:
        text += f"；目录与区级实施清单另有 {extra} 处变化"
    if report.regressions:
        return text + f"。其中 {report.regressions} 处变化对申请人不利（退步），请重点审核。"
    return text + "。没有对申请人不利的变化。"


def regressed(report: DiffReport) -> list[tuple[Change, FieldChange]]:
    return [(c, f) for c in report.changes for f in c.fields if f.effect is Effect.REGRESSED]


def _order(change: Change) -> tuple[int, int, str]:
    rank = LISTS.index(change.list_name) if change.list_name in LISTS else len(LISTS)
    return (-change.regressions, rank, change.code)


def by_department(report: DiffReport) -> list[DepartmentGroup]:
    groups: dict[str, list[Change]] = {}
    for change in report.changes:
        key = change.department_name or change.department or "（未注明部门）"
        if change.department_name and change.department:
            key = f"{change.department_name}（{change.department}）"
        groups.setdefault(key, []).append(change)
    ordered = sorted(groups.items(), key=lambda g: (-sum(c.regressions for c in g[1]), g[0]))
    return [DepartmentGroup(name, sorted(changes, key=_order)) for name, changes in ordered]


def kind_note(change: Change) -> str:
    """新增 / 编码调整（原编码 X）/ 调整清单（原：行政许可事项清单）…"""
    note = KIND_TITLES.get(change.kind, change.kind)
    extra = []
    if change.old_code:
        extra.append(f"原编码 {change.old_code}")
    if change.old_list:
        extra.append(f"原属{LIST_TITLES.get(change.old_list, change.old_list)}")
    return f"{note}（{'，'.join(extra)}）" if extra else note


def reach(change: Change) -> str:
    """涉及：新生儿出生一件事；东丽区、和平区."""
    parts = []
    if change.scenarios:
        parts.append("、".join(s.name or s.code for s in change.scenarios))
    if change.districts:
        parts.append(f"{'、'.join(change.districts)}（{len(change.districts)} 个区）")
    return "；".join(parts)


def field_rows(fields: list[FieldChange]) -> list[FieldChange | None]:
    """The fields of a change, or one blank row for an entry added or removed as a whole."""
    return list(fields) or [None]


def effect_mark(effect: Effect) -> str:
    return EFFECT_MARKS[effect.value]
