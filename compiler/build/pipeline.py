"""``zwfw compile`` as one function: settings in, a CompileResult out.

    parse ──> lint's rules (forked child) ─────────────────────────errors?──> refused
      └─> build_catalog ──> render the site (forked) ┐                  (nothing written)
                       └──> merge every 一件事 ──> forms ──> lists ─┴─> reports ──> manifest
            ──> --check: compare with disk | write: stage and swap atomically

The stages that need no findings (``beside_lint``) run while the rules still run; only the
reports wait for them. Every stage is a plain function returning typed values or ``relative
path → bytes``; nothing touches the output before the last stage.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from compiler.build.output import Differences
from compiler.build.stages import (
    catalog_digest,
    documents_of,
    remember,
    render_guides,
    settle_heap,
    template_error,
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

    from compiler import __version__
    from compiler.build.beside_lint import join, run_early
    from compiler.build.merge import ScenarioError
    from compiler.build.output import MANIFEST, Kept, compare, manifest_of, sha256
    from compiler.build.reports import report_files
    from compiler.build.row_memos import UniformityMemo
    from compiler.build.swap import OutputLocked, StaleOutput, UnsafeOutput, write_output
    from compiler.model.catalog import CatalogError, build_catalog

    step(2, len(STAGES), STAGES[1])
    try:
        catalog = build_catalog(documents_of(sources))
        failure: Exception | None = None
    except Exception as error:  # a catalog with errors may not build: lint says why
        failure = error
    early = None
    if failure is None:
        settle_heap()
        # the stages that need no findings run while the rules still run (beside_lint)
        step(3, len(STAGES), STAGES[2])
        try:
            early = run_early(settings, probe, sources, catalog)
        except BaseException:  # an interrupt: no child left behind
            pending.cancel()
            raise
    try:
        findings = pending()
    except BaseException as error:
        if early is not None:
            early.cancel()
        if isinstance(error, CatalogMissing | RulebookError):
            raise CompileError(str(error)) from error
        raise
    if findings.fails(Severity.ERROR):
        if early is not None:
            early.cancel()
        return CompileResult("refused", settings.out, findings, rules)
    if failure is not None:
        if isinstance(failure, CatalogError):
            raise CompileError(str(failure)) from failure
        raise failure
    assert early is not None
    if early.failure is not None:
        with suppress(Exception):  # the renderer fails the same way, or not: only wait for it
            if early.guides is not None:
                early.guides()
        if isinstance(early.failure, ScenarioError | CatalogError):
            raise CompileError(str(early.failure)) from early.failure
        raise early.failure
    assert early.guides is not None
    step(4, len(STAGES), STAGES[3])
    rows = UniformityMemo(early.memo, early.items, catalog.districts)
    memo = early.memo
    try:
        files = join(
            early.files,
            report_files(catalog, early.scenarios, findings, rules, catalog_dir, memo=memo, rows=rows),
        )
        early.digests.save()
    except BaseException:  # the renderer is not waited for: kill and reap it
        early.cancel()
        raise
    step(5, len(STAGES), STAGES[4])
    try:
        site, record, rendered = early.guides()
    except Exception as error:
        mapped = template_error(error)
        if mapped is error:
            raise
        raise mapped from error
    files = join(files, site)
    pages = early.pages
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
        outlive(catalog, early, sources, files, hashes)
        return CompileResult(
            outcome, settings.out, findings, rules, paths, (), rendered, differences
        )
    spare = settings.config.cache if probe is not None else None  # a project's cache only
    own = Path(os.path.abspath(settings.out)) == Path(os.path.abspath(settings.config.output))
    write = partial(
        write_output,
        settings.out,
        catalog=catalog_dir,
        record=probe is not None,
        spare=spare,
        seed=own,  # the project's output folder, not a preview's
    )
    try:
        try:
            report = write(files, hashes=hashes)
        except StaleOutput:  # a reused page changed on disk meanwhile: render every page
            from compiler.build.incremental_merge import MergedOnDemand

            site, _, _ = render_guides(catalog, MergedOnDemand(catalog), settings.config)
            files.update(site)
            report = write(files)
    except (OutputLocked, UnsafeOutput) as error:
        raise CompileError(str(error)) from error
    if probe is not None:
        remember(probe, hashes, findings, rules, report.state)
    if pages is not None:
        pages[0].store(record)
    outcome = "written" if report.changed else "unchanged"
    outlive(catalog, early, sources, files, hashes)
    return CompileResult(
        outcome, settings.out, findings, rules, paths, report.written, rendered=rendered
    )
