"""``zwfw compile`` as one function: settings in, a CompileResult out.

    lint ──errors?──> refused (nothing written)
      └─> build_catalog ──> merge every 一件事 ──> forms ──> lists ──> reports ──> render the site
            ──> manifest ──> --check: compare with disk | write: stage and swap atomically

Every stage is a plain function returning typed values or ``relative path → bytes``; nothing
touches the disk before the last stage.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from compiler.build.output import Differences, Output
from compiler.build.stages import (
    catalog_digest,
    documents_of,
    merge_scenarios,
    page_inputs,
    remember,
    render_guides,
    settle_heap,
)
from compiler.config import Config
from compiler.diagnostics import LintResult, RuleMeta
from compiler.forked import in_background

if TYPE_CHECKING:
    from compiler.build.incremental_probe import CompileProbe

# The stages (pydantic, Jinja, openpyxl) are imported only when something has to be built: a
# compile whose inputs and outputs did not change answers from the probe without them.

#: progress(step, total, what): called as each stage starts
Progress = Callable[[int, int, str], None]
Outcome = Literal["refused", "written", "unchanged", "up-to-date", "out-of-date"]

#: the last compile's parsed catalog, merge and outputs, kept past its return (see outlive)
_LAST: list[object] = []

STAGES = ("检查目录", "构建目录模型", "合并一件事", "生成清单与报告", "生成办事指南", "写入输出")


class CompileError(Exception):
    """The input or the output location cannot be used at all (exit 2)."""


@dataclass(frozen=True, slots=True)
class CompileSettings:
    catalog: Path
    out: Path
    config: Config
    today: dt.date = field(default_factory=dt.date.today)
    check: bool = False  # compare with disk, write nothing
    progress: Progress | None = None


@dataclass(frozen=True, slots=True)
class CompileResult:
    outcome: Outcome
    out: Path
    lint: LintResult
    rules: Mapping[str, RuleMeta]
    files: tuple[str, ...] = ()  # every output path, manifest.json included
    written: tuple[str, ...] = ()  # written or rewritten (new bytes)
    #: pages rendered afresh (the rest reused from the last compile); None: all were rendered
    rendered: int | None = None
    differences: Differences = field(default_factory=Differences)  # --check: how disk differs

    @property
    def exit_code(self) -> int:
        return 1 if self.outcome in ("refused", "out-of-date") else 0


def _join(*parts: Mapping[str, Output]) -> dict[str, Output]:
    files: dict[str, Output] = {}
    for part in parts:
        clash = files.keys() & part.keys()
        if clash:
            raise CompileError(f"两个阶段生成了同一输出文件：{sorted(clash)[0]}")
        files.update(part)
    return files


def compile_catalog(settings: CompileSettings) -> CompileResult:
    """Lint, build, merge, tabulate, report, render, then check or write generated/; or, when
    no input changed since the last compile of a project and the output still holds what it
    wrote, that compile's answer (``compiler.build.incremental_probe``)."""
    from compiler.build.incremental_session import answer_unchanged, open_probe
    from compiler.build.swap import OutputLocked, UnsafeOutput

    _LAST.clear()  # the previous compile's data goes now, not at the end of this one
    probe = open_probe(settings)
    if probe is not None:
        try:
            answered = answer_unchanged(probe, settings)
        except (OutputLocked, UnsafeOutput) as error:
            raise CompileError(str(error)) from error
        if answered is not None:
            result, rules, paths = answered
            outcome: Outcome = "up-to-date" if settings.check else "unchanged"
            return CompileResult(outcome, settings.out, result, rules, paths)
    try:
        return _compile(settings, probe)
    finally:
        gc.unfreeze()  # a long-running caller (zwfw serve) gets its collector back


def outlive(*values: object) -> None:
    """Keep ``values`` alive until the next compile in this process.

    Freeing the parsed city catalog, its merge and its outputs object by object when
    ``_compile`` returns costs ~0.1 s; the command line leaves with ``os._exit`` right after
    printing, so it never needs to pay it. A long-running caller (zwfw serve) holds at most one
    compile's data in between, freed when the next compile starts."""
    _LAST[:] = values


def _compile(settings: CompileSettings, probe: CompileProbe | None) -> CompileResult:
    from compiler.diagnostics import Severity
    from compiler.lint.pipeline import CatalogMissing, LintSettings
    from compiler.lint.pipeline import finish as finish_lint
    from compiler.lint.pipeline import prepare as prepare_lint
    from compiler.lint.rules import RulebookError

    step = settings.progress or (lambda _i, _n, _what: None)
    catalog_dir = settings.catalog.resolve()
    try:
        step(1, len(STAGES), STAGES[0])
        prepared = prepare_lint(
            LintSettings(
                catalog=catalog_dir,
                config=settings.config,
                today=settings.today,
                # outside a project the output is all compile writes: no parse cache
                use_cache=None if settings.config.project is not None else False,
            )
        )
    except (CatalogMissing, RulebookError) as error:
        raise CompileError(str(error)) from error
    sources = prepared.sources
    # the rules run in a forked child while the stages are imported and the model is built
    # here from the same parsed files; nothing is used before lint has passed
    pending = in_background(partial(finish_lint, prepared, fan_out=False))
    rules = prepared.ruleset.metas()

    from jinja2 import TemplateError, TemplateSyntaxError

    from compiler import __version__
    from compiler.build.forms import form_files
    from compiler.build.lists import ITEM_COLUMNS, list_files
    from compiler.build.memo import Memo
    from compiler.build.merge import ScenarioError
    from compiler.build.negative import negative_and_view_files
    from compiler.build.output import MANIFEST, Kept, compare, manifest_of, sha256
    from compiler.build.reports import report_files
    from compiler.build.swap import OutputLocked, StaleOutput, UnsafeOutput, write_output
    from compiler.model.catalog import CatalogError, build_catalog

    try:
        step(2, len(STAGES), STAGES[1])
        try:
            catalog = build_catalog(documents_of(sources))
            failure: Exception | None = None
        except Exception as error:  # a catalog with errors may not build: lint says why
            failure = error
        findings = pending()
        if findings.fails(Severity.ERROR):
            return CompileResult("refused", settings.out, findings, rules)
        if failure is not None:
            raise failure
        settle_heap()
    except (CatalogMissing, RulebookError, CatalogError) as error:
        raise CompileError(str(error)) from error

    from compiler.build.incremental_inputs import ItemInputs
    from compiler.build.incremental_merge import MergedOnDemand
    from compiler.build.incremental_session import page_cache
    from compiler.build.record_digests import RecordDigests
    from compiler.build.row_memos import ItemRowMemo, UniformityMemo

    config = settings.config
    in_project = config.project is not None and config.cache is not None
    # the raw records' digests key the pages and the 同事同标 rows (kept per file, in a project)
    digests = RecordDigests(sources, config.cache if in_project else None)
    item_inputs = ItemInputs(sources, catalog, digests)
    pages = page_cache(probe, settings)
    cache = pages[1] if pages is not None else None
    if cache is not None:
        cache.inputs = partial(page_inputs, sources, item_inputs)
    # the renderer starts before the merge: with its pages keyed by their inputs it merges
    # only the scenarios whose pages it builds (MergedOnDemand), beside the merge here
    guides = in_background(
        lambda: render_guides(catalog, MergedOnDemand(catalog), settings.config, cache)
    )
    step(3, len(STAGES), STAGES[2])
    try:
        scenarios = merge_scenarios(catalog)
    except BaseException as error:
        with suppress(Exception):  # the renderer fails the same way, or not: only wait for it
            guides()
        if isinstance(error, ScenarioError):
            raise CompileError(str(error)) from error
        raise
    settle_heap()  # the merge's results too
    # lists, forms and reports remembered by the values they are made from (.zwfw-cache/memo-*):
    # in a project only, like every cache of compile
    memo = Memo(config.cache) if in_project and config.cache is not None else None
    rows = UniformityMemo(memo, item_inputs, catalog.districts)
    list_rows = ItemRowMemo(memo, item_inputs, "list-rows", len(ITEM_COLUMNS))
    step(4, len(STAGES), STAGES[3])
    files = _join(
        form_files(scenarios, memo=memo),
        list_files(catalog, memo=memo, rows=list_rows),
        negative_and_view_files(catalog, memo=memo),
        report_files(catalog, scenarios, findings, rules, catalog_dir, memo=memo, rows=rows),
    )
    digests.save()
    step(5, len(STAGES), STAGES[4])
    try:
        site, record, rendered = guides()
        files = _join(files, site)
    except TemplateError as error:  # a project's template override is code, and has a bug
        where = f"{error.filename}:{error.lineno}：" if isinstance(error, TemplateSyntaxError) else ""
        raise CompileError(f"模板有误（{type(error).__name__}）：{where}{error}") from error
    hashes = {
        path: data.sha256 if isinstance(data, Kept) else sha256(data)
        for path, data in files.items()
    }
    manifest = manifest_of(hashes, catalog_digest(sources, catalog_dir), __version__)
    files[MANIFEST], hashes[MANIFEST] = manifest, sha256(manifest)

    step(6, len(STAGES), STAGES[5])
    paths = tuple(sorted(files))
    if settings.check:
        differences = compare(settings.out, files)
        if probe is not None and not differences:
            remember(probe, hashes, findings, rules, None)
            if pages is not None:
                pages[0].store(record)
        outcome: Outcome = "out-of-date" if differences else "up-to-date"
        outlive(catalog, scenarios, sources, files, hashes)
        return CompileResult(
            outcome, settings.out, findings, rules, paths, (), rendered, differences
        )
    spare = settings.config.cache if probe is not None else None  # a project's cache only
    write = partial(
        write_output, settings.out, catalog=catalog_dir, record=probe is not None, spare=spare
    )
    try:
        try:
            report = write(files, hashes=hashes)
        except StaleOutput:  # a reused page changed on disk meanwhile: render every page
            site, _, _ = render_guides(catalog, scenarios, settings.config)
            files.update(site)
            report = write(files)
    except (OutputLocked, UnsafeOutput) as error:
        raise CompileError(str(error)) from error
    if probe is not None:
        remember(probe, hashes, findings, rules, report.state)
    if pages is not None:
        pages[0].store(record)
    outcome = "written" if report.changed else "unchanged"
    outlive(catalog, scenarios, sources, files, hashes)
    return CompileResult(
        outcome, settings.out, findings, rules, paths, report.written, rendered=rendered
    )
