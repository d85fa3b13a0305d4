"""reports/consistency.{json,md,html}: one ConsistencyReport, three encodings.

The HTML page is self-contained (inline CSS, no scripts, nothing fetched) and rendered by a Jinja
template with autoescape and StrictUndefined, so catalog text never becomes markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from compiler.build.consistency import UNIFORMITY_LABELS, ConsistencyReport
from compiler.build.json_text import to_json
from compiler.build.memo import Memo, through_all
from compiler.build.tables import markdown_cell
from compiler.model.catalog import Catalog

SYMBOLS = {"same": "＝", "local": "△", "deviation": "✗"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def report_value(report: ConsistencyReport, catalog: Catalog) -> dict[str, Any]:
    """The report as plain data: consistency.json, and what the Markdown and HTML show."""
    active = [f for f in report.findings if not f.waived]
    by_rule: dict[str, dict[str, Any]] = {}
    for f in report.findings:
        entry = by_rule.setdefault(
            f.rule, {"title": f.title, "severity": f.severity, "count": 0, "waived": 0}
        )
        entry["waived" if f.waived else "count"] += 1
    departments = report.count("department")
    summary: dict[str, dict[str, int]] = {}
    for index, district in enumerate(report.districts):
        cells = Counter(row.cells[index] for row in report.rows)
        summary[district] = {kind: cells.get(kind, 0) for kind in UNIFORMITY_LABELS}
    return {
        "summary": {
            "findings": len(active),
            **{s: sum(1 for f in active if f.severity == s) for s in SEVERITY_LABELS},
            "waived": len(report.findings) - len(active),
        },
        "by_rule": by_rule,
        "by_department": {
            dept: {"name": _department(catalog, dept), "count": n}
            for dept, n in departments.items()
        },
        "by_district": report.count("district"),
        "findings": [asdict(f) for f in report.findings],
        "uniformity": {
            "districts": list(report.districts),
            "legend": dict(UNIFORMITY_LABELS),
            "summary": summary,
            "items": {
                row.code: {
                    "name": row.name,
                    "department": row.department,
                    "cells": dict(zip(report.districts, row.cells, strict=True)),
                    "differences": {
                        d: list(paths)
                        for d, paths in zip(report.districts, row.differences, strict=True)
                        if paths
                    },
                }
                for row in report.rows
            },
        },
    }


def _department(catalog: Catalog, department: str) -> str:
    found = catalog.departments.get(department)
    return found.name if found is not None else department


Section = tuple[str, list[str], list[list[Any]]]  # title, headings, rows
LEGEND = "＝ 一致；△ 允许的本地差异（办理地点、时间、电话，承诺时限压减，容缺受理）；✗ 偏差。"


def summary_line(value: Mapping[str, Any]) -> str:
    s = value["summary"]
    counts = f"错误 {s['error']}，警告 {s['warning']}，提示 {s['info']}"
    return f"问题 {s['findings']} 个（{counts}），已豁免 {s['waived']} 个。"


def sections(value: Mapping[str, Any]) -> list[Section]:
    """The report's tables, in order, shared by the Markdown and the HTML."""
    level = SEVERITY_LABELS.get
    rules = [
        [rule, r["title"], level(r["severity"], r["severity"]), r["count"], r["waived"]]
        for rule, r in value["by_rule"].items()
    ]
    departments = [[d["name"], d["count"]] for d in value["by_department"].values()]
    districts = [[name, count] for name, count in value["by_district"].items()]
    details = [
        [
            f"{f['file']}:{f['line']}:{f['column']}",
            f["rule"] + ("（已豁免）" if f["waived"] else ""),
            f["item"] or "",
            f["message"],
        ]
        for f in value["findings"]
    ]
    uniform = [
        [d, c["same"], c["local"], c["deviation"]]
        for d, c in value["uniformity"]["summary"].items()
    ]
    return [
        ("按规则", ["规则", "标题", "级别", "问题数", "已豁免"], rules),
        ("按部门", ["部门", "问题数"], departments),
        ("按区", ["区", "问题数"], districts),
        ("问题明细", ["位置", "规则", "事项", "说明"], details),
        ("实施要素一致性（按区）", ["区", "一致", "允许的本地差异", "偏差"], uniform),
    ]


def _markdown_table(headings: list[str], rows: list[list[Any]]) -> list[str]:
    if not rows:
        return ["（无）", ""]
    head = "| " + " | ".join(markdown_cell(h) for h in headings) + " |"
    body = ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in rows]
    return [head, "|" + "---|" * len(headings), *body, ""]


def to_markdown(value: Mapping[str, Any]) -> bytes:
    lines = ["# 一致性报告", "", summary_line(value), ""]
    for title, headings, rows in sections(value):
        lines += [f"## {title}", "", *_markdown_table(headings, rows)]
    uniform = value["uniformity"]
    districts = uniform["districts"]
    matrix = [
        [code, row["name"], *(SYMBOLS[row["cells"][d]] for d in districts)]
        for code, row in uniform["items"].items()
    ]
    lines += ["## 实施要素一致性矩阵", "", LEGEND, ""]
    lines += _markdown_table(["事项编码", "事项名称", *districts], matrix)
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>一致性报告</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem}th{background:#f3f5f8}
td.same{color:#2a7a2a}td.local{background:#fff7d6}td.deviation{background:#fde2e2}
</style></head><body>
<h1>一致性报告</h1>
<p>{{ summary }}</p>
{% for title, headings, rows in sections %}<h2>{{ title }}</h2>
{% if rows %}<table><tr>{% for h in headings %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</table>{% else %}<p>（无）</p>{% endif %}
{% endfor %}<h2>实施要素一致性矩阵</h2>
<p>{{ legend }}</p>
<table><tr><th>事项编码</th><th>事项名称</th>
{%- for d in u.districts %}<th>{{ d }}</th>{% endfor %}</tr>
{% for code, row in u["items"].items() %}<tr><td>{{ code }}</td><td>{{ row.name }}</td>
{%- for d in u.districts %}{% set c = row.cells[d] %}<td class="{{ c }}" title="{{ labels[c] }}
{%- if d in row.differences %}：{{ row.differences[d] | join("、") }}{% endif %}">
{{- symbols[c] }}</td>{% endfor %}</tr>
{% endfor %}</table>
</body></html>
"""


def to_html(value: Mapping[str, Any]) -> bytes:
    # Jinja only when the page is made (a remembered report needs neither)
    from jinja2 import StrictUndefined

    from compiler.render.printing import PrintingEnvironment

    env = PrintingEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True
    )
    page = env.from_string(_HTML).render(
        summary=summary_line(value),
        sections=sections(value),
        legend=LEGEND,
        u=value["uniformity"],
        labels=UNIFORMITY_LABELS,
        symbols=SYMBOLS,
    )
    return page.encode("utf-8")


def consistency_files(
    report: ConsistencyReport, catalog: Catalog, memo: Memo | None = None
) -> dict[str, bytes]:
    """reports/consistency.{json,md,html}: three encodings of one value (with a memo,
    remembered by that value: most edits leave the findings and the matrix as they were)."""
    value = report_value(report, catalog)
    names = ("reports/consistency.json", "reports/consistency.md", "reports/consistency.html")
    encoded = through_all(
        memo, ("consistency", value), lambda: (to_json(value), to_markdown(value), to_html(value))
    )
    return dict(zip(names, encoded, strict=True))
