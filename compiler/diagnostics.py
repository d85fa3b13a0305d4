"""Findings (诊断) as frozen values: checks return them, reporters print them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """严重级别: error fails CI, warning and info inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a catalog file: 1-based line and column."""

    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule at one place."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    basis: str = ""
    title: str = ""
    item: str | None = None
    waived: bool = False
    related: tuple[Location, ...] = ()
    pointer: str = ""  # JSON pointer of the offending value inside its file

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    @property
    def fingerprint(self) -> str:
        """Stable identity for baselines: rule, file, item and path, never line numbers."""
        return f"{self.rule}|{self.file}|{self.item or ''}|{self.pointer}"


@dataclass(slots=True)
class LintResult:
    """What one lint run found, with the counts the summary reports."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    items: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity and not d.waived)

    @property
    def waived(self) -> int:
        return sum(1 for d in self.diagnostics if d.waived)

    def fails(self, threshold: Severity) -> bool:
        return any(
            not d.waived and d.severity.rank >= threshold.rank for d in self.diagnostics
        )


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What reporters need to know of a rule: for SARIF's rules table and the text header."""

    id: str
    title: str
    severity: Severity
    group: str = ""
    basis: str = ""
    description: str = ""
