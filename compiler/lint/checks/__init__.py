"""Generic checks: ``name → function`` registry, extended by plugins through entry points.

A check takes the lint context and one rule and yields ``Hit`` values; it never raises to
report a catalog problem and never prints. Rules choose a check and give it parameters.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from compiler.lint.records import Record
from compiler.load.locate import Pointer
from compiler.load.source import SourceFile

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.rules import Rule


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule fired: where (file + absolute pointer), on which record, with what words."""

    source: SourceFile
    pointer: Pointer
    record: Record | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    related: tuple[tuple[SourceFile, Pointer], ...] = ()
    message: str | None = None  # replaces the rule's template (schema findings)
    rule: str | None = None  # a check that reports under another rule id (yaml-syntax)


def hit(record: Record, rel: Pointer = (), **fields: Any) -> Hit:
    """A hit at a place relative to a record."""
    return Hit(record.source, (*record.pointer, *rel), record, fields)


Check = Callable[["LintContext", "Rule"], Iterable[Hit]]

CHECKS: dict[str, Check] = {}
#: what has been loaded in this process: "built-in" modules, "plugins" (entry points)
_LOADED: set[str] = set()


def register(name: str) -> Callable[[Check], Check]:
    def decorate(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return decorate


def load_checks(wanted: Iterable[str] | None = None) -> dict[str, Check]:
    """Import the built-in check modules, and the plugins' (entry point group ``zwfw.checks``)
    unless every check in ``wanted`` is built in: scanning the installed distributions'
    entry points imports ``importlib.metadata`` (≈80 ms, most of a small lint's checks)."""
    if "built-in" not in _LOADED:
        _LOADED.add("built-in")
        for module in pkgutil.iter_modules(__path__):
            import_module(f"{__name__}.{module.name}")
    if "plugins" not in _LOADED and (wanted is None or not CHECKS.keys() >= set(wanted)):
        _LOADED.add("plugins")
        from importlib.metadata import entry_points

        for entry in entry_points(group="zwfw.checks"):
            CHECKS.setdefault(entry.name, entry.load())
    return CHECKS
