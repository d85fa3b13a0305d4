"""`zwfw stats`: the reform figures (reports/stats.json) as tables people read.

The dict is the one ``compiler.build.reports.reform_stats`` returns::

    {"items": {"total", "by_list": {list: n}, "by_department": {id: n}, "by_level": {层级: n}},
     "full_online": {"count", "share"}, "zero_visits": {"count", "share"},
     "time_limit": {"legal_mean", "promised_mean", "compression"},
     "commitment_items", "tolerance_items", "certificate_exemptions",
     "benefits": {"total", "by_mode": {mode: n}},
     "scenarios": {code: {"name", "reduction": {"fields", "materials", "visits", "days"}}}}

Shares are percentages. A key missing from the dict is shown as "—"; a top-level key this
module does not know is still listed, under 其他, so a new figure is never hidden.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from compiler.load.kinds import FileKind
from compiler.workflow.stats import ReformFigures

KNOWN = {
    "items",
    "full_online",
    "zero_visits",
    "time_limit",
    "commitment_items",
    "tolerance_items",
    "certificate_exemptions",
    "benefits",
    "scenarios",
}
REDUCTIONS = (
    ("fields", "表单字段"),
    ("materials", "申请材料"),
    ("visits", "跑动次数"),
    ("days", "办理时限"),
)


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def _num(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer() and unit != "%":
        value = int(value)
    return f"{value}{unit}"


def _count_share(part: Any) -> str:
    count, share = _get(part, "count"), _get(part, "share")
    return "—" if count is None else f"{count} 项（{_num(share, '%')}）"


def _figures_table(stats: Mapping[str, Any]) -> Table:
    table = Table(title="改革指标", title_justify="left")
    table.add_column("指标")
    table.add_column("数值", justify="right")
    benefits = _get(stats, "benefits", "by_mode") or {}
    modes = "，".join(f"{escape(str(m))} {n}" for m, n in benefits.items())
    rows = [
        ("政务服务事项（三张清单）", _num(_get(stats, "items", "total"), " 项")),
        ("全程网办（网上办理深度Ⅳ）", _count_share(_get(stats, "full_online"))),
        ("零跑动（到办事现场 0 次）", _count_share(_get(stats, "zero_visits"))),
        ("平均法定办结时限", _num(_get(stats, "time_limit", "legal_mean"), " 个工作日")),
        ("平均承诺办结时限", _num(_get(stats, "time_limit", "promised_mean"), " 个工作日")),
        ("承诺时限比法定时限压缩", _num(_get(stats, "time_limit", "compression"), "%")),
        ("告知承诺审批事项", _num(_get(stats, "commitment_items"), " 项")),
        ("容缺受理事项", _num(_get(stats, "tolerance_items"), " 项")),
        ("实行告知承诺制的证明事项", _num(_get(stats, "certificate_exemptions"), " 项")),
        (
            "免申即享政策",
            _num(_get(stats, "benefits", "total"), " 项") + (f"（{modes}）" if modes else ""),
        ),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def _counts_table(title: str, heading: str, counts: Any, names: Mapping[str, str]) -> Table | None:
    if not isinstance(counts, Mapping) or not counts:
        return None
    table = Table(title=title, title_justify="left")
    table.add_column(heading)
    table.add_column("事项数", justify="right")
    for key, count in counts.items():
        name = names.get(key)
        table.add_row(escape(f"{name}（{key}）" if name else str(key)), _num(count))
    return table


def _scenarios_table(scenarios: Any) -> Table | None:
    if not isinstance(scenarios, Mapping) or not scenarios:
        return None
    table = Table(title="“高效办成一件事”：合并前后减少（%）", title_justify="left")
    table.add_column("编码")
    table.add_column("名称")
    for _, label in REDUCTIONS:
        table.add_column(label, justify="right")
    for code, entry in scenarios.items():
        reduction = _get(entry, "reduction") or {}
        cells = [_num(_get(reduction, key), "%") for key, _ in REDUCTIONS]
        table.add_row(escape(str(code)), escape(str(_get(entry, "name") or "")), *cells)
    return table


def stats_table(figures: ReformFigures, *, color: bool = False, width: int = 100) -> str:
    """The figures as text: a title line, then one table per group of figures."""
    stats = figures.stats
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        width=width,
        soft_wrap=False,
        highlight=False,
    )
    title = " ".join(
        part
        for part in (figures.region, f"{figures.version} 年版" if figures.version else "")
        if part
    )
    console.print(
        f"[bold]改革数据[/bold]（与 reports/stats.json 相同）{escape(' — ' + title) if title else ''}"
    )
    tables = [
        _figures_table(stats),
        _counts_table(
            "按清单", "清单", _get(stats, "items", "by_list"), {k.value: k.label for k in FileKind}
        ),
        _counts_table("按行使层级", "层级", _get(stats, "items", "by_level"), {}),
        _counts_table(
            "按主管部门", "部门", _get(stats, "items", "by_department"), figures.departments
        ),
        _scenarios_table(_get(stats, "scenarios")),
    ]
    for table in tables:
        if table is not None:
            console.print(table)
    others = {k: v for k, v in stats.items() if k not in KNOWN}
    if others:
        console.print("其他：")
        for key, value in others.items():
            console.print(f"  {escape(key)}：{escape(json.dumps(value, ensure_ascii=False))}")
    return buffer.getvalue()
