"""The merged scenarios as the renderer asks for them: each merged when first asked for.

With the scenario and form pages keyed by their raw inputs (``incremental_guides``), a compile
after a small edit renders few of them, and needs few merges. So the renderer is started before
the merge and gets this mapping: it merges a scenario (``build.merge.merge_scenario``, a
function of the catalog alone) only when a page of it has to be built, beside the parent's own
merge, which the lists, forms and reports need. Same catalog, same merge: the bytes are the
same either way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from compiler.build.artifacts import MergedScenario
from compiler.build.merge import merge_scenario
from compiler.model.catalog import Catalog


class MergedOnDemand(Mapping[str, MergedScenario]):
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.done: dict[str, MergedScenario] = {}

    def __getitem__(self, code: str) -> MergedScenario:
        found = self.done.get(code)
        if found is None:
            found = self.done[code] = merge_scenario(self.catalog, self.catalog.scenarios[code])
        return found

    def __contains__(self, code: object) -> bool:
        return code in self.catalog.scenarios

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalog.scenarios)

    def __len__(self) -> int:
        return len(self.catalog.scenarios)
