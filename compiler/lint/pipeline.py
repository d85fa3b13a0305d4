"""``zwfw lint`` as one function: settings in, a LintResult out."""

from __future__ import annotations

import datetime as dt
import gc
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compiler.config import Config
from compiler.diagnostics import LintResult
from compiler.lint.rules import RuleSet

if TYPE_CHECKING:
    from compiler.lint.context import LintContext
    from compiler.lint.result_cache import Probe
    from compiler.lint.rules import Rule
    from compiler.load.source import SourceFile

# The loader, the checks and the schemas are imported only when something has to be linted:
# a warm run (nothing changed) answers from the result cache without them.


@dataclass(slots=True)
class LintSettings:
    catalog: Path
    config: Config
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    #: True (the CLI's lint): reuse the previous result when nothing changed, and parsed files;
    #: None (compile, stats, the library): parsed files only; False (``--no-cache``): no cache
    use_cache: bool | None = None


class CatalogMissing(Exception):
    """The catalog directory does not exist (exit 2)."""


def bundled_schemas() -> Path:
    """The schemas shipped beside the package (kept equal to the models by the test suite)."""
    return Path(__file__).resolve().parent.parent.parent / "schemas"


def load_schemas(directory: Path) -> dict[str, dict[str, Any]]:
    """The JSON Schemas of the file kinds: the project's schemas/, else the bundled ones, else
    generated from the models (generating imports pydantic: ≈1 s a run, so it comes last)."""
    from compiler.load.kinds import FileKind

    found: dict[str, dict[str, Any]] = {}
    for folder in (directory, bundled_schemas()):
        for kind in FileKind:
            path = folder / kind.schema_file
            if kind.schema_file not in found and path.is_file():
                found[kind.schema_file] = json.loads(path.read_text("utf-8"))
    if len(found) < len(FileKind):
        from compiler.model.schemas import generate_schemas

        generated = generate_schemas()
        for name, schema in generated.items():
            found.setdefault(name, schema)
    return found


def count_items(sources: list[SourceFile]) -> int:
    """summary.items: the entries of the five lists, plus one per scenario."""
    from compiler.load.kinds import FIVE_LISTS, FileKind

    total = 0
    for source in sources:
        if not source.readable or not isinstance(source.data, dict):
            continue
        if source.kind in FIVE_LISTS and isinstance(source.data.get("items"), list):
            total += len(source.data["items"])
        elif source.kind is FileKind.SCENARIOS:
            total += 1
    return total


def ruleset_for(config: Config) -> RuleSet:
    return RuleSet.load([config.rules, *config.extra_rules])


@dataclass(slots=True)
class Prepared:
    """A lint run up to its rules: the catalog parsed, the rules chosen — or the cached answer."""

    settings: LintSettings
    ruleset: RuleSet
    sources: list[SourceFile]
    cached: LintResult | None = None
    rules: list[Rule] = field(default_factory=list)
    ctx: LintContext | None = None
    probe: Probe | None = None
    cache_dir: Path | None = None


def prepare(settings: LintSettings) -> Prepared:
    """Everything before the rules: the result cache's answer, or the parsed catalog."""
    config = settings.config
    if not settings.catalog.is_dir():
        raise CatalogMissing(f"目录不存在：{settings.catalog}")
    probe = None
    if settings.use_cache and config.cache is not None:
        from compiler.lint.result_cache import Probe

        options = repr(
            (
                sorted(config.severity.items()), config.select, config.ignore,
                settings.select, settings.ignore, config.limits, settings.today,
            )
        )
        rule_dirs = [config.rules, *config.extra_rules]
        schema_dirs = [config.schemas, bundled_schemas()]
        probe = Probe(config.cache, settings.catalog, rule_dirs, schema_dirs, options)
        cached = probe.load()
        if cached is not None:
            result, rules = cached
            return Prepared(settings, RuleSet({rule.id: rule for rule in rules}), [], result)
    ruleset = ruleset_for(config)
    rules = ruleset.tuned(
        config.severity,
        select=settings.select or config.select,
        ignore=[*config.ignore, *settings.ignore],
    )
    from compiler.lint.context import LintContext
    from compiler.load.source import load_catalog

    cache_dir = config.cache if settings.use_cache is not False else None
    collecting = gc.isenabled()
    gc.disable()  # a full collection would walk the whole parsed catalog, which has no cycles
    try:
        sources = load_catalog(settings.catalog, config.limits, cache_dir=cache_dir)
        schemas = load_schemas(config.schemas)
    finally:
        if collecting:
            gc.enable()
    ctx = LintContext(sources=sources, today=settings.today, schemas=schemas)
    return Prepared(settings, ruleset, sources, None, rules, ctx, probe, cache_dir)


def finish(prepared: Prepared, *, fan_out: bool = True) -> LintResult:
    """The rules over a prepared catalog (``fan_out``: may use a second process for them)."""
    if prepared.cached is not None:
        return prepared.cached
    from compiler.lint.engine import run_rules

    assert prepared.ctx is not None
    collecting = gc.isenabled()
    gc.disable()  # the checks make no cycles
    try:
        diagnostics = run_rules(
            prepared.ctx, prepared.rules, cache_dir=prepared.cache_dir, fan_out=fan_out
        )
    finally:
        if collecting:
            gc.enable()
    sources = prepared.sources
    result = LintResult(diagnostics=diagnostics, files=len(sources), items=count_items(sources))
    if prepared.probe is not None:
        prepared.probe.store(result, prepared.ruleset.rules.values())
    return result


def lint(settings: LintSettings) -> tuple[LintResult, RuleSet, list[SourceFile]]:
    """Lint a catalog. A warm run (``use_cache`` and no input changed) returns no sources."""
    prepared = prepare(settings)
    return finish(prepared), prepared.ruleset, prepared.sources
