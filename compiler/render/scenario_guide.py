"""一件事 guide and printable form of one scenario: the scenario from the catalog joined with
what the merge computed for it (one form, one set of materials, the figures)."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.build.artifacts import MaterialLine, MergedField, MergedScenario
from compiler.model.scenarios import Scenario
from compiler.render import paths
from compiler.render.context import Link, SiteContext


@dataclass(frozen=True, slots=True)
class ScenarioItemRow:
    link: Link
    department: str
    required: bool
    when: str


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the before → after table."""

    title: str
    unit: str
    before: int
    after: int
    reduction: int


@dataclass(frozen=True)
class ScenarioGuide:
    scenario: Scenario
    merged: MergedScenario
    page: str
    form_href: str
    guide_href: str
    lead: str
    partners: tuple[str, ...]
    items: tuple[ScenarioItemRow, ...]
    situations: tuple[tuple[str, tuple[Link, ...]], ...]
    #: item code → item name, for provenance (which items ask for a field or a material)
    item_names: dict[str, str]
    figures: tuple[FigureRow, ...]

    @property
    def to_submit(self) -> tuple[MaterialLine, ...]:
        return tuple(line for line in self.merged.materials if line.status == "提交")

    @property
    def exempt(self) -> tuple[MaterialLine, ...]:
        return tuple(line for line in self.merged.materials if line.status == "免提交")

    @property
    def committed(self) -> tuple[MaterialLine, ...]:
        return tuple(line for line in self.merged.materials if line.status == "告知承诺")

    @property
    def commitment_items(self) -> tuple[str, ...]:
        """The items whose certificates the one 告知承诺书 replaces."""
        return tuple(dict.fromkeys(code for line in self.committed for code in line.items))

    @property
    def prefilled(self) -> tuple[MergedField, ...]:
        return tuple(field for field in self.merged.form.fields if field.prefilled)

    def asked_by(self, codes: tuple[str, ...]) -> str:
        return "、".join(self.item_names.get(code, code) for code in codes)


def build_scenario_guide(
    context: SiteContext, scenario: Scenario, merged: MergedScenario, page: str | None = None
) -> ScenarioGuide:
    page = page or paths.scenario_page(scenario.code)
    items = tuple(
        ScenarioItemRow(
            link=context.item_link(entry.code, page),
            department=_item_department(context, entry.code),
            required=entry.required,
            when=entry.when or "",
        )
        for entry in scenario.items
    )
    situations = tuple(
        (s.question, tuple(context.item_link(code, page) for code in s.adds))
        for s in scenario.situations
    )
    codes = {entry.code for entry in scenario.items}
    codes.update(code for line in merged.materials for code in line.items)
    codes.update(code for field in merged.form.fields for code in field.asked_by)
    figures = merged.figures
    reduction = figures.reduction
    return ScenarioGuide(
        scenario=scenario,
        merged=merged,
        page=page,
        form_href=paths.relative(paths.form_page(scenario.code), page),
        guide_href=paths.relative(paths.scenario_page(scenario.code), page),
        lead=context.department(scenario.lead),
        partners=tuple(context.department(ref) for ref in scenario.partners),
        items=items,
        situations=situations,
        item_names={code: context.item_name(code) for code in sorted(codes)},
        figures=(
            FigureRow(
                "申请表字段", "项", figures.fields_before, figures.fields_after, reduction["fields"]
            ),
            FigureRow(
                "申请材料",
                "份",
                figures.materials_before,
                figures.materials_after,
                reduction["materials"],
            ),
            FigureRow(
                "到现场次数", "次", figures.visits_before, figures.visits_after, reduction["visits"]
            ),
            FigureRow(
                "办理时限", "个工作日", figures.days_before, figures.days_after, reduction["days"]
            ),
        ),
    )


def _item_department(context: SiteContext, code: str) -> str:
    item = context.catalog.items.get(code)
    return context.department(item.department) if item is not None else ""
