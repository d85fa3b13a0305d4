"""What compile's own files need of each merged 一件事: its name, its figures and its two form
files — remembered by the scenario's input key, so an unchanged scenario is not merged again.

``merge_scenario`` reads the scenario, the dictionaries, the items it names and their
certificates, exactly the inputs of ``GuideInputs.scenario_key`` (the renderer keys the
scenario's pages by it, and tests/test_compile_incremental.py checks every attribute the merge
touches). Merging the 200 scenarios of a city catalog was ≈0.25 s of every compile; after a
one-item edit only the scenarios naming that item are merged. A row (``RowMemo``
"scenario-outputs") holds the name, the figures and the memo entry of the form files; a row
whose form entry has gone (the memo is bounded) is merged again like a new one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from compiler.build.artifacts import ScenarioFigures
from compiler.build.forms import form_bytes
from compiler.build.memo import Memo, RowMemo, plain, through_all, value_key
from compiler.build.merge import merge_scenario
from compiler.build.output import safe_name
from compiler.model.catalog import Catalog
from compiler.model.scenarios import Scenario

_FIGURES = len(dataclasses.fields(ScenarioFigures))


@dataclass(frozen=True, slots=True)
class ScenarioOutputs:
    code: str
    name: str
    figures: ScenarioFigures
    schema: bytes  # forms/<code>.schema.json
    formily: bytes  # forms/<code>.formily.json


def scenario_outputs(
    catalog: Catalog, memo: Memo | None = None, keys: Callable[[str], str | None] | None = None
) -> dict[str, ScenarioOutputs]:
    """Every scenario's outputs; with a memo, form files remembered by the merged form's
    values, and with ``keys`` (scenario code → input key, None: no key) whole rows by key."""
    rows = RowMemo(memo if keys is not None else None, "scenario-outputs")
    found: dict[str, ScenarioOutputs] = {}
    for code, scenario in catalog.scenarios.items():
        key = keys(code) if keys is not None else None
        known = _known(code, rows.get(key), memo) if key is not None else None
        if known is None:
            known, row = _made(catalog, scenario, memo)
            if key is not None and row is not None:
                rows.put(key, row)
        found[code] = known
    rows.save()
    return found


def _made(
    catalog: Catalog, scenario: Scenario, memo: Memo | None
) -> tuple[ScenarioOutputs, tuple[Any, ...] | None]:
    merged = merge_scenario(catalog, scenario)
    form_key = ("forms", plain(merged.form))
    made = partial(form_bytes, merged.form)
    schema, formily = through_all(memo, form_key, made)
    outputs = ScenarioOutputs(merged.code, merged.name, merged.figures, schema, formily)
    name = value_key(*form_key)
    figures = dataclasses.astuple(merged.figures)
    return outputs, None if name is None else (merged.name, figures, name)


def _known(code: str, row: Any, memo: Memo | None) -> ScenarioOutputs | None:
    """A remembered row with its form files, or None (merge it)."""
    if memo is None or type(row) is not tuple or len(row) != 3:
        return None
    name, figures, form = row
    if type(name) is not str or type(figures) is not tuple or len(figures) != _FIGURES:
        return None
    if type(form) is not str:
        return None
    files = memo.value(form)  # the entry through_all wrote for the form files
    if type(files) is not tuple or len(files) != 2 or not all(type(f) is bytes for f in files):
        return None
    return ScenarioOutputs(code, name, ScenarioFigures(*figures), files[0], files[1])


def form_files(outputs: Mapping[str, ScenarioOutputs]) -> dict[str, bytes]:
    """forms/<code>.schema.json and forms/<code>.formily.json for every scenario."""
    files: dict[str, bytes] = {}
    for scenario in outputs.values():
        name = safe_name(scenario.code)
        files[f"forms/{name}.schema.json"] = scenario.schema
        files[f"forms/{name}.formily.json"] = scenario.formily
    return files
