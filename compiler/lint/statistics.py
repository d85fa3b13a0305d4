"""``zwfw lint --statistics``: how many findings each rule produced, as a plain-text table.

One row per rule that fired, most findings first: the count that counts toward failure, the
waived ones (豁免 and 基线), 级别, rule id and Chinese title; a total line closes it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping

from compiler.diagnostics import LintResult, RuleMeta, Severity


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def statistics_table(result: LintResult, rules: Mapping[str, RuleMeta]) -> str:
    counted: Counter[str] = Counter()
    waived: Counter[str] = Counter()
    severity: dict[str, Severity] = {}
    titles: dict[str, str] = {}
    for d in result.diagnostics:
        (waived if d.waived else counted)[d.rule] += 1
        severity.setdefault(d.rule, d.severity)
        meta = rules.get(d.rule)
        titles.setdefault(d.rule, d.title or (meta.title if meta else ""))
    if not severity:
        return "规则统计：没有发现问题\n"
    order = sorted(severity, key=lambda rule: (-counted[rule], -waived[rule], rule))
    header = ("问题", "豁免", "级别", "规则", "标题")
    rows = [(str(counted[r]), str(waived[r]), severity[r].label, r, titles[r]) for r in order]
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(4)]
    lines = ["规则统计："]
    for row in (header, *rows):
        cells = [
            _pad(row[0], widths[0], right=True),
            _pad(row[1], widths[1], right=True),
            _pad(row[2], widths[2]),
            _pad(row[3], widths[3]),
            row[4],
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    total, total_waived = sum(counted.values()), sum(waived.values())
    lines.append(f"  合计：{total} 个问题，{total_waived} 个已豁免，涉及 {len(order)} 条规则")
    return "\n".join(lines) + "\n"
