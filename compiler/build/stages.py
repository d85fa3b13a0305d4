"""The compile stages' small helpers: documents for the model, the merge of every 一件事, the
renderer's call, the inputs of each page, the probe's record and the heap. The order in which
they run, and what runs beside what, is ``compiler.build.pipeline``'s."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.build.output import Output
from compiler.config import Config
from compiler.diagnostics import LintResult, RuleMeta

if TYPE_CHECKING:
    from compiler.build.artifacts import MergedScenario
    from compiler.build.incremental_inputs import ItemInputs
    from compiler.build.incremental_outputs import OutputState
    from compiler.build.incremental_pages import Record, StoredPages
    from compiler.build.incremental_probe import CompileProbe
    from compiler.load.source import SourceFile
    from compiler.model.catalog import Catalog, Document
    from compiler.render.context import SiteContext
    from compiler.render.site import PageInputs

#: the site's pages, their record (page → key digest, sha256), how many were rendered afresh
Rendered = tuple[dict[str, "Output"], "Record", int | None]


def documents_of(sources: list[SourceFile]) -> list[Document]:
    from compiler.model.catalog import Document

    return [
        Document(s.kind, s.display, s.data) for s in sources if s.kind is not None and s.readable
    ]


def catalog_digest(sources: list[SourceFile], catalog_dir: Path) -> str:
    from compiler.build.output import inputs_digest

    return inputs_digest((s.path.relative_to(catalog_dir).as_posix(), s.digest) for s in sources)


def merge_scenarios(catalog: Catalog) -> dict[str, MergedScenario]:
    from compiler.build.merge import merge_scenario

    return {code: merge_scenario(catalog, scenario) for code, scenario in catalog.scenarios.items()}


def render_guides(
    catalog: Catalog,
    scenarios: Mapping[str, MergedScenario],
    config: Config,
    cache: StoredPages | None = None,
) -> Rendered:
    """The renderer's pages (guides/, forms/<code>.html and assets), and with a cache, what
    each page was made from (its record) and how many pages were rendered afresh."""
    from compiler.render.site import render_pages

    files = render_pages(catalog, scenarios, templates=config.templates, cache=cache)
    if cache is None:
        return files, {}, None
    return files, cache.now, cache.rendered


def page_inputs(sources: list[SourceFile], items: ItemInputs, context: SiteContext) -> PageInputs:
    """The key of each guide page's inputs (``incremental_guides``), computed in the renderer."""
    from compiler.build.incremental_guides import page_input_keys

    return page_input_keys(sources, items, context)


def remember(
    probe: CompileProbe,
    hashes: Mapping[str, str],
    findings: LintResult,
    rules: Mapping[str, RuleMeta],
    state: OutputState | None,
) -> None:
    from compiler.build.incremental_outputs import OutputState

    probe.store(hashes, findings, rules, state or OutputState())


def settle_heap() -> None:
    """Move every object alive now out of the collector's sight (``gc.freeze``).

    The parsed catalog and its models are ~400,000 long-lived objects; without this, the next
    full collection (the first allocation-heavy stage, the merge) walks them all (0.3 s on
    the city catalog), and a forked renderer touches their pages (copy-on-write faults).
    Nothing changes but when the collector looks: ``compile_catalog`` unfreezes at the end."""
    gc.freeze()


def template_error(error: Exception) -> Exception:
    """A project's template override is code, and may have a bug: say where (Jinja is imported
    only here, in the parent: the renderer runs in its own process)."""
    from jinja2 import TemplateError, TemplateSyntaxError

    from compiler.build.pipeline import CompileError

    if not isinstance(error, TemplateError):
        return error
    where = f"{error.filename}:{error.lineno}：" if isinstance(error, TemplateSyntaxError) else ""
    return CompileError(f"模板有误（{type(error).__name__}）：{where}{error}")
