"""The inputs of the scenario, form and policy pages, as keys, computed without building them.

A scenario's two pages (``guides/scenarios/<code>.html`` and ``forms/<code>.html``) are made by
``build.merge.merge_scenario`` and ``render.scenario_guide.build_scenario_guide`` from, and only
from (``SCENARIO_GUIDE_READS``, checked by tests/test_compile_incremental.py on every attribute
and item they touch):

* the scenario itself (its file: one scenario a file);
* the dictionaries: catalog.yaml (departments, data sources, meta), data-elements, materials;
* each item the scenario names (in ``items`` or a situation's ``adds``), with its list, and the
  certificate-exemption entries that apply to it (``catalog.certificates_for``).

A policy's page (``guides/benefits/<code>.html``, ``render.benefit_guide.build_benefit_guide``)
is made from the policy's record and two dictionaries alone (``BENEFIT_GUIDE_READS``: catalog.yaml
and data-elements, not materials).

As for items (``incremental_inputs``), the key holds digests of the raw records' exact values,
found the way the builders find the models; whenever the records cannot be matched one-to-one
with the models, the page has no key and is built and keyed by its view-model as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from compiler.build.incremental_inputs import (
    ItemInputs,
    Unmatched,
    digest_parts,
    records_of,
)
from compiler.build.record_digests import value_digest
from compiler.load.kinds import FileKind
from compiler.load.source import SourceFile
from compiler.model.scenarios import Scenario

if TYPE_CHECKING:
    from compiler.render.context import SiteContext
    from compiler.render.site import PageInputs

#: what merge_scenario and build_scenario_guide may read of the catalog (besides ``meta``, in
#: every page's key): the dictionaries, the items the scenario names, their certificates
SCENARIO_GUIDE_READS = frozenset(
    {
        "items", "list_of", "departments", "data_sources", "elements", "materials",
        "material", "material_of", "is_exempt", "certificates_for",
    }
)
#: what build_benefit_guide may read of the catalog: the dictionaries only
BENEFIT_GUIDE_READS = frozenset({"departments", "data_sources", "elements"})
#: the files those are read from (catalog.yaml: departments and data sources)
BENEFIT_KINDS = (FileKind.CATALOG, FileKind.DATA_ELEMENTS)


def scenario_codes(scenario: Scenario) -> list[str]:
    """The items a scenario names, in its items or its situations, each once."""
    named = [entry.code for entry in scenario.items]
    named.extend(code for situation in scenario.situations for code in situation.adds)
    return list(dict.fromkeys(named))


class GuideInputs:
    """Scenario code and policy code → key of the inputs of its pages (module docstring)."""

    def __init__(self, sources: Iterable[SourceFile], items: ItemInputs) -> None:
        digests = items.digests
        self.items = items
        self.catalog = items.catalog
        self.scenarios: dict[str, list[bytes]] = defaultdict(list)
        self.benefits: dict[str, list[bytes]] = defaultdict(list)
        self.broken = items.broken
        dictionaries: list[bytes] = []
        try:
            for source in sorted(sources, key=lambda s: s.display):
                if source.kind is None or not source.readable:
                    continue
                if source.kind in BENEFIT_KINDS:
                    dictionaries.append(
                        f"{source.kind.value}\0{source.display}\0{source.digest}".encode()
                    )
                elif source.kind is FileKind.SCENARIOS:
                    data = source.data
                    code = data.get("code") if isinstance(data, dict) else None
                    if not isinstance(code, str):
                        raise Unmatched(source.display)
                    self.scenarios[code].append(digests.of(source).whole)
                elif source.kind is FileKind.NO_APPLICATION_BENEFITS:
                    head, records = records_of(digests, source)
                    for code, record in records:
                        self.benefits[code].append(head + record)
        except Unmatched:
            self.broken = True
        self.dictionaries = digest_parts(dictionaries)
        catalog = self.catalog
        if sum(map(len, self.scenarios.values())) != len(catalog.scenarios) or any(
            len(self.scenarios.get(code, ())) != 1 for code in catalog.scenarios
        ):
            self.broken = True
        if sum(map(len, self.benefits.values())) != len(catalog.benefits) or any(
            len(self.benefits.get(code, ())) != 1 for code in catalog.benefits
        ):
            self.broken = True

    def scenario_key(self, code: str) -> str | None:
        scenario = self.catalog.scenarios.get(code)
        if self.broken or scenario is None or scenario.code != code:
            return None
        items = self.items
        parts = [items.shared.encode(), *self.scenarios[code]]
        for item in scenario_codes(scenario):
            if item not in self.catalog.items:
                parts.append(b"missing" + item.encode())
                continue
            kind = self.catalog.list_of.get(item)
            parts.append(b"item" + value_digest((item, kind.value if kind is not None else None)))
            parts.extend(items.items[item])
            for certificate in self.catalog.certificates_for(item):
                parts.extend([b"certificate", *items.certificates[certificate.code]])
        return digest_parts(parts)

    def benefit_key(self, code: str) -> str | None:
        benefit = self.catalog.benefits.get(code)
        if self.broken or benefit is None or benefit.code != code:
            return None
        return digest_parts([self.dictionaries.encode(), *self.benefits[code]])


def page_input_keys(
    sources: Sequence[SourceFile], items: ItemInputs, context: SiteContext
) -> PageInputs:
    """The key of each item's, scenario's and policy's page inputs (None: build it to know)."""
    catalog = items.catalog
    guides = GuideInputs(sources, items)
    from compiler.render.site import PageInputs

    return PageInputs(
        items={code: items.key(code, context) for code in catalog.items},
        scenarios={code: guides.scenario_key(code) for code in catalog.scenarios},
        benefits={code: guides.benefit_key(code) for code in catalog.benefits},
    )
