"""The compile stages that need no lint findings, run while the rules still run in their child.

Everything from the built catalog to the lists — the record digests, the renderer (forked),
the scenarios' outputs (``scenario_outputs``), the forms, lists, negative lists and views — is
a function of the catalog alone; only the reports read the findings. Running these before
waiting for the rules hides most of the rules' time after a one-item edit. Nothing here
touches the output: when lint refuses the catalog, the renderer is cancelled and the values
are dropped; a stage that fails on a catalog lint refuses fails quietly (``Early.failure``),
and is raised only when lint passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from compiler.build.output import Output
from compiler.build.stages import page_inputs, render_guides, settle_heap
from compiler.forked import Pending, in_background

if TYPE_CHECKING:
    from compiler.build.incremental_inputs import ItemInputs
    from compiler.build.incremental_pages import PageRecords, StoredPages
    from compiler.build.incremental_probe import CompileProbe
    from compiler.build.memo import Memo
    from compiler.build.pipeline import CompileSettings
    from compiler.build.record_digests import RecordDigests
    from compiler.build.scenario_outputs import ScenarioOutputs
    from compiler.build.stages import Rendered
    from compiler.load.source import SourceFile
    from compiler.model.catalog import Catalog


@dataclass(slots=True)
class Early:
    """What the stages beside lint made: the keys the reports reuse, the renderer still at
    work, the scenarios' outputs and the files made so far — or the first failure."""

    digests: RecordDigests
    items: ItemInputs
    memo: Memo | None
    pages: tuple[PageRecords, StoredPages] | None = None
    guides: Pending[Rendered] | None = None
    scenarios: dict[str, ScenarioOutputs] = field(default_factory=dict)
    files: dict[str, Output] = field(default_factory=dict)
    failure: Exception | None = None

    def cancel(self) -> None:
        if self.guides is not None:
            self.guides.cancel()


def join(*parts: Mapping[str, Output]) -> dict[str, Output]:
    """The parts' files in one mapping; two parts making the same file is a bug (raises)."""
    from compiler.build.pipeline import CompileError

    files: dict[str, Output] = {}
    for part in parts:
        clash = files.keys() & part.keys()
        if clash:
            raise CompileError(f"两个阶段生成了同一输出文件：{sorted(clash)[0]}")
        files.update(part)
    return files


def run_early(
    settings: CompileSettings,
    probe: CompileProbe | None,
    sources: list[SourceFile],
    catalog: Catalog,
) -> Early:
    """Start the renderer, then make the scenarios' outputs, the forms and every list."""
    from compiler.build.incremental_guides import GuideInputs
    from compiler.build.incremental_inputs import ItemInputs
    from compiler.build.incremental_merge import MergedOnDemand
    from compiler.build.incremental_session import page_cache
    from compiler.build.lists import ITEM_COLUMNS, list_files
    from compiler.build.memo import Memo
    from compiler.build.negative import negative_and_view_files
    from compiler.build.record_digests import RecordDigests
    from compiler.build.row_memos import ItemRowMemo
    from compiler.build.scenario_outputs import form_files, scenario_outputs

    config = settings.config
    project = config.cache if config.project is not None else None
    # lists, forms and reports remembered by the values they are made from (.zwfw-cache/memo-*):
    # in a project only, like every cache of compile
    memo = Memo(project) if project is not None else None
    # the raw records' digests key the pages and the remembered rows (kept per file)
    digests = RecordDigests(sources, memo)
    early = Early(digests, ItemInputs(sources, catalog, digests), memo)
    items = early.items
    try:
        early.pages = page_cache(probe, settings)
        cache = early.pages[1] if early.pages is not None else None
        if cache is not None:
            cache.inputs = partial(page_inputs, sources, items)
        # with its pages keyed by their inputs the renderer merges only the scenarios whose
        # pages it builds (MergedOnDemand)
        early.guides = in_background(
            lambda: render_guides(catalog, MergedOnDemand(catalog), config, cache)
        )
        keys = GuideInputs(sources, items).scenario_key if memo is not None else None
        early.scenarios = scenario_outputs(catalog, memo, keys)
        settle_heap()  # the merge's results too
        rows = ItemRowMemo(memo, items, "list-rows", len(ITEM_COLUMNS))
        early.files = join(
            form_files(early.scenarios),
            list_files(catalog, memo=memo, rows=rows),
            negative_and_view_files(catalog, memo=memo),
        )
    except Exception as error:  # raised by the caller once lint has passed
        early.failure = error
    except BaseException:  # an interrupt: no renderer left behind
        early.cancel()
        raise
    return early
