"""reports/: scenarios.json (the merge figures), stats.json (reform figures), consistency.*.

Shares are percentages rounded to one decimal; means are working days rounded to two decimals.
``stats.json`` counts every item of the three service lists, whatever its status.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from compiler.build.artifacts import ScenarioFigures
from compiler.build.consistency import consistency_report
from compiler.build.consistency_pages import consistency_files
from compiler.build.json_text import to_json
from compiler.build.memo import Memo
from compiler.build.row_memos import UniformityMemo
from compiler.diagnostics import LintResult, RuleMeta
from compiler.load.kinds import FIVE_LISTS
from compiler.model.catalog import Catalog
from compiler.model.items import ServiceItem


class Figured(Protocol):
    """A merged 一件事 as the reports read it (``MergedScenario``, ``ScenarioOutputs``)."""

    @property
    def name(self) -> str: ...

    @property
    def figures(self) -> ScenarioFigures: ...


FIGURES = (
    "fields_before",
    "fields_after",
    "fields_to_fill",
    "materials_before",
    "materials_after",
    "visits_before",
    "visits_after",
    "days_before",
    "days_after",
)


def figures_value(figures: ScenarioFigures) -> dict[str, Any]:
    """One scenario's entry in scenarios.json: the contract's integers and ``reduction``."""
    return {**{name: getattr(figures, name) for name in FIGURES}, "reduction": figures.reduction}


def scenarios_value(scenarios: Mapping[str, Figured]) -> dict[str, Any]:
    return {code: figures_value(s.figures) for code, s in scenarios.items()}


def share(part: int, whole: int) -> float:
    """part / whole as a percentage with one decimal (0.0 for an empty whole)."""
    return 0.0 if whole == 0 else round(100 * part / whole, 1)


def _mean(values: list[int]) -> float:
    return 0.0 if not values else round(sum(values) / len(values), 2)


def _tolerates(item: ServiceItem) -> bool:
    """容缺受理: tolerance listed, or a material marked 容缺后补."""
    return bool(item.handling.tolerance) or any(m.necessity == "容缺后补" for m in item.materials)


def reform_stats(catalog: Catalog, scenarios: Mapping[str, Figured]) -> dict[str, Any]:
    """The figures of an annual reform summary (stats.json)."""
    items = list(catalog.items.values())
    total = len(items)
    lists = Counter(kind.value for kind in catalog.list_of.values())
    full_online = sum(1 for item in items if item.handling.online_depth == 4)
    zero_visits = sum(1 for item in items if item.handling.visits == 0)
    legal = [item.time_limit.legal for item in items]
    promised = [item.time_limit.promised for item in items]
    modes = Counter(policy.mode for policy in catalog.benefits.values())
    return {
        "items": {
            "total": total,
            "by_list": {kind.value: lists.get(kind.value, 0) for kind in FIVE_LISTS},
            "by_department": {d: len(found) for d, found in catalog.items_by_department.items()},
            "by_level": dict(sorted(Counter(lv for i in items for lv in i.levels).items())),
        },
        "full_online": {"count": full_online, "share": share(full_online, total)},
        "zero_visits": {"count": zero_visits, "share": share(zero_visits, total)},
        "time_limit": {
            "legal_mean": _mean(legal),
            "promised_mean": _mean(promised),
            "compression": share(sum(legal) - sum(promised), sum(legal)),
        },
        "commitment_items": sum(1 for item in items if item.handling.commitment),
        "tolerance_items": sum(1 for item in items if _tolerates(item)),
        "certificate_exemptions": len(catalog.certificates),
        "benefits": {
            "total": len(catalog.benefits),
            "by_mode": {mode: modes.get(mode, 0) for mode in ("免申即享", "即申即享")},
        },
        "scenarios": {
            code: {"name": s.name, "reduction": s.figures.reduction}
            for code, s in scenarios.items()
        },
    }


def report_files(
    catalog: Catalog,
    scenarios: Mapping[str, Figured],
    lint: LintResult,
    rules: Mapping[str, RuleMeta],
    catalog_dir: Path,
    memo: Memo | None = None,
    rows: UniformityMemo | None = None,
) -> dict[str, bytes]:
    """reports/scenarios.json, reports/stats.json and reports/consistency.{json,md,html}
    (with a memo, the consistency files are remembered by the report's value).

    The cyclic collector is paused meanwhile: the reports make no cycles, and each full
    collection would walk the whole catalog (a quarter of this stage on a city catalog).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        consistency = consistency_report(catalog, lint, rules, catalog_dir, rows)
        return {
            "reports/scenarios.json": to_json(scenarios_value(scenarios)),
            "reports/stats.json": to_json(reform_stats(catalog, scenarios)),
            **consistency_files(consistency, catalog, memo),
        }
    finally:
        if collecting:
            gc.enable()
