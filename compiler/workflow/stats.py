"""``zwfw stats`` as one function: the reform figures of reports/stats.json, computed afresh.

    lint ──errors?──> refused (as compile refuses: figures of a broken catalog mislead)
      └─> build_catalog ──> merge every 一件事 ──> reform_stats (compiler.build.reports)

The figures are exactly those ``zwfw compile`` writes to ``reports/stats.json``: the same
function computes both. The result also carries what a table needs to read well — the
region and version, and department names for the department ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.config import Config
from compiler.diagnostics import LintResult, Severity


class StatsError(Exception):
    """The catalog cannot be read at all (exit 2)."""


@dataclass(frozen=True, slots=True)
class StatsSettings:
    catalog: Path
    config: Config
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True, slots=True)
class ReformFigures:
    """stats.json's dict, and the names that make it readable."""

    stats: dict[str, Any]
    region: str = ""
    version: str = ""
    departments: dict[str, str] = field(default_factory=dict)  # id → 部门名称


@dataclass(frozen=True, slots=True)
class StatsResult:
    lint: LintResult
    figures: ReformFigures | None = None  # None: refused, the catalog has errors

    @property
    def errors(self) -> int:
        return sum(
            1 for d in self.lint.diagnostics if d.severity is Severity.ERROR and not d.waived
        )

    @property
    def exit_code(self) -> int:
        return 0 if self.figures is not None else 1


def reform_figures(settings: StatsSettings) -> StatsResult:
    """Lint the catalog; if it is clean, compute its reform figures."""
    from compiler.build.merge import ScenarioError
    from compiler.build.reports import reform_stats
    from compiler.build.stages import documents_of, merge_scenarios
    from compiler.lint.pipeline import CatalogMissing, LintSettings, lint
    from compiler.lint.rules import RulebookError
    from compiler.model.catalog import CatalogError, build_catalog

    try:
        findings, _, sources = lint(
            LintSettings(
                catalog=settings.catalog.resolve(), config=settings.config, today=settings.today
            )
        )
        if findings.fails(Severity.ERROR):
            return StatsResult(findings)
        catalog = build_catalog(documents_of(sources))
        scenarios = merge_scenarios(catalog)
    except (CatalogMissing, RulebookError, CatalogError, ScenarioError) as error:
        raise StatsError(str(error)) from error
    figures = ReformFigures(
        stats=reform_stats(catalog, scenarios),
        region=catalog.meta.region,
        version=str(catalog.meta.version),
        departments={key: d.name for key, d in catalog.departments.items()},
    )
    return StatsResult(findings, figures)
