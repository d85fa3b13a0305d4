"""What every page needs to know about the rest of the catalog: names of referenced things,
the reverse indexes (item → scenarios, item → district entries) and links between pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.model.catalog import Catalog
from compiler.model.implementations import ImplementationEntry
from compiler.model.scenarios import Scenario
from compiler.render import paths


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page; an empty ``href`` is shown as plain text (no such page)."""

    text: str
    href: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class FieldRow:
    """A form field as a guide shows it: label from the data-element dictionary."""

    key: str
    label: str
    type: str
    required: bool
    source: str  # the data source's name: prefilled (免填写); "" when the applicant writes it
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteContext:
    catalog: Catalog
    scenarios_by_item: Mapping[str, tuple[Scenario, ...]]
    #: item code → (district, its implementation entry), districts in name order
    districts_by_item: Mapping[str, tuple[tuple[str, ImplementationEntry], ...]]
    #: what builders computed once and reuse (field rows; the last guide, for its twin page)
    memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, catalog: Catalog) -> SiteContext:
        scenarios: defaultdict[str, list[Scenario]] = defaultdict(list)
        for scenario in catalog.scenarios.values():
            for code in dict.fromkeys(entry.code for entry in scenario.items):
                scenarios[code].append(scenario)
        districts: defaultdict[str, list[tuple[str, ImplementationEntry]]] = defaultdict(list)
        for district, implementation in catalog.implementations.items():
            for entry in implementation.items:
                districts[entry.code].append((district, entry))
        return cls(
            catalog=catalog,
            scenarios_by_item={k: tuple(v) for k, v in sorted(scenarios.items())},
            districts_by_item={k: tuple(v) for k, v in sorted(districts.items())},
        )

    def department(self, ref: str) -> str:
        found = self.catalog.departments.get(ref)
        return found.name if found is not None else ref

    def source(self, ref: str | None) -> str:
        if ref is None:
            return ""
        found = self.catalog.data_sources.get(ref)
        return found.name if found is not None else ref

    def material_name(self, ref: str) -> str:
        found = self.catalog.materials.get(ref)
        return found.name if found is not None else ref

    def item_name(self, code: str) -> str:
        found = self.catalog.items.get(code)
        return found.name if found is not None else code

    def item_link(self, code: str, page: str) -> Link:
        if code not in self.catalog.items:
            return Link(code, "", code)
        return Link(self.item_name(code), paths.relative(paths.item_page(code), page), code)

    def scenario_link(self, scenario: Scenario, page: str) -> Link:
        target = paths.scenario_page(scenario.code)
        return Link(scenario.name, paths.relative(target, page), scenario.code)

    def field_row(self, key: str, required: bool) -> FieldRow:
        done: FieldRow | None = self.memo.get((key, required))
        if done is None:
            done = self.memo[(key, required)] = self._field_row(key, required)
        return done

    def _field_row(self, key: str, required: bool) -> FieldRow:
        element = self.catalog.elements.get(key)
        if element is None:
            return FieldRow(key, key, "文本", required, "")
        return FieldRow(
            key=key,
            label=element.label,
            type=element.type,
            required=required,
            source=self.source(element.source),
            options=tuple(element.options or ()),
        )
