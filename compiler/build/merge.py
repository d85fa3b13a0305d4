"""一件事 merge: the scenario's items → one merged form (多表合一), one set of materials, figures.

``merge_scenario`` reads like the contract: resolve the scenario's items, merge their forms,
merge their materials, count the figures (cli-contract.md, "Scenario merge figures").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.build.artifacts import (
    MergedField,
    MergedForm,
    MergedScenario,
    ScenarioFigures,
)
from compiler.build.materials import merge_materials, submitted_count
from compiler.model.catalog import Catalog
from compiler.model.items import FormField, ServiceItem
from compiler.model.scenarios import Scenario

#: section (分组) of a merged form by the first segment of the data-element key, in this order
SECTIONS: dict[str, str] = {
    "applicant": "申请人",
    "agent": "代理人",
    "enterprise": "企业",
    "org": "机构",
    "legal_rep": "法定代表人",
    "business": "经营场所",
    "project": "项目",
    "newborn": "新生儿",
    "mother": "母亲",
    "father": "父亲",
    "spouse": "配偶",
    "child": "子女",
    "family": "家庭",
    "retiree": "退休人员",
    "practitioner": "从业人员",
    "employee": "从业人员",
    "medical": "医疗机构",
    "property": "房屋",
    "vehicle": "车辆",
    "bank": "银行账户",
    "contact": "联系人",
    "person": "个人信息",
    "housing_fund": "住房公积金",
    "utility": "水电气网报装",
    "water": "水电气网报装",
    "power": "水电气网报装",
    "gas": "水电气网报装",
    "broadband": "水电气网报装",
    "fire": "消防",
    "ad": "户外广告",
    "drainage": "排水",
    "pollution": "污染物排放",
    "waste": "废弃物",
    "chemical": "危险化学品",
    "equipment": "设施设备",
    "transport": "运输",
    "activity": "活动",
    "hotel": "旅馆业",
    "eldercare": "养老服务",
    "hr": "人力资源服务",
    "award": "奖励",
    "patent": "专利",
    "dispute": "纠纷",
}
OTHER_SECTION = "其他信息"


class ScenarioError(Exception):
    """A scenario names an item the catalog does not have (lint's ref-item should say so)."""


@dataclass(frozen=True, slots=True)
class ScenarioMember:
    """One of the scenario's items: the item, and the 情形 question when it is optional."""

    item: ServiceItem
    required: bool
    situation: str | None


def scenario_members(catalog: Catalog, scenario: Scenario) -> tuple[ScenarioMember, ...]:
    """The scenario's ``items`` in order, each once; an optional one with its question."""
    questions: dict[str, str] = {}
    for situation in scenario.situations:
        for code in situation.adds:
            questions.setdefault(code, situation.question)
    members: dict[str, ScenarioMember] = {}
    for entry in scenario.items:
        if entry.code in members:
            continue
        item = catalog.items.get(entry.code)
        if item is None:
            raise ScenarioError(f"场景 {scenario.code} 引用的事项 {entry.code} 不在目录中")
        question = None if entry.required else (entry.when or questions.get(entry.code))
        members[entry.code] = ScenarioMember(item, entry.required, question)
    return tuple(members.values())


def form_entries(item: ServiceItem) -> dict[str, bool]:
    """An item's form as data-element key → required, each key once (first mention wins)."""
    entries: dict[str, bool] = {}
    for entry in item.form:
        key, required = (
            (entry.element, entry.required) if isinstance(entry, FormField) else (entry, True)
        )
        entries.setdefault(key, required)
    return entries


def section_of(key: str) -> str:
    return SECTIONS.get(key.split(".", 1)[0], OTHER_SECTION)


def _section_rank(section: str) -> int:
    order = list(dict.fromkeys(SECTIONS.values()))
    return order.index(section) if section in order else len(order)


def merge_form(
    catalog: Catalog, scenario: Scenario, members: Sequence[ScenarioMember]
) -> MergedForm:
    """The union of the items' data elements, each once, grouped in sections."""
    asked: dict[str, list[tuple[ScenarioMember, bool]]] = {}
    for member in members:
        for key, required in form_entries(member.item).items():
            asked.setdefault(key, []).append((member, required))
    fields: list[MergedField] = []
    for key, askers in asked.items():
        element = catalog.elements.get(key)
        mandatory = [member for member, _ in askers if member.required]
        questions = dict.fromkeys(m.situation or "" for m, _ in askers if not m.required)
        source = element.source if element is not None else None
        fields.append(
            MergedField(
                key=key,
                label=element.label if element is not None else key,
                type=element.type if element is not None else "文本",
                section=section_of(key),
                required=any(required for _, required in askers),
                options=tuple(element.options or ()) if element is not None else (),
                max_length=element.max_length if element is not None else None,
                source=source,
                source_name=_source_name(catalog, source),
                asked_by=tuple(member.item.code for member, _ in askers),
                situation=None if mandatory else "；".join(q for q in questions if q) or None,
            )
        )
    sections: dict[str, list[MergedField]] = {}
    for field in fields:
        sections.setdefault(field.section, []).append(field)
    ordered = sorted(sections.items(), key=lambda pair: _section_rank(pair[0]))
    return MergedForm(
        code=scenario.code,
        title=f"{scenario.name}申请表",
        sections=tuple((name, tuple(group)) for name, group in ordered),
    )


def _source_name(catalog: Catalog, source: str | None) -> str | None:
    if source is None:
        return None
    found = catalog.data_sources.get(source)
    return found.name if found is not None else source


def scenario_figures(
    scenario: Scenario, members: Sequence[ScenarioMember], form: MergedForm, materials_after: int
) -> ScenarioFigures:
    """The merge figures exactly as cli-contract.md defines them."""
    items = [member.item for member in members]
    visits = [item.handling.visits for item in items]
    days = [item.time_limit.promised for item in items]
    return ScenarioFigures(
        fields_before=sum(len(form_entries(item)) for item in items),
        fields_after=len(form.fields),
        fields_to_fill=sum(1 for field in form.fields if not field.prefilled),
        materials_before=sum(len(item.materials) for item in items),
        materials_after=materials_after,
        visits_before=sum(visits),
        visits_after=scenario.visits if scenario.visits is not None else max(visits, default=0),
        days_before=sum(days),
        days_after=(
            scenario.promised_days if scenario.promised_days is not None else max(days, default=0)
        ),
    )


def merge_scenario(catalog: Catalog, scenario: Scenario) -> MergedScenario:
    """One 一件事: its merged form, its one set of materials and its figures."""
    members = scenario_members(catalog, scenario)
    form = merge_form(catalog, scenario, members)
    materials, commitment = merge_materials(catalog, [member.item for member in members])
    figures = scenario_figures(scenario, members, form, submitted_count(materials, commitment))
    return MergedScenario(
        code=scenario.code,
        name=scenario.name,
        form=form,
        materials=materials,
        commitment=commitment,
        figures=figures,
    )
