"""The typed artifacts compile produces before anything is rendered.

``build`` (merge, lists, reports) fills these; ``render`` (Jinja templates) and the JSON/CSV
writers only read them. Shared by both sides, so change them with care.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MaterialStatus = Literal["提交", "免提交", "告知承诺"]


@dataclass(frozen=True, slots=True)
class MergedField:
    """One field of a merged application form (多表合一): a data element, asked once."""

    key: str  # data-element key, e.g. applicant.name
    label: str
    type: str  # the dictionary's Chinese type (文本, 日期, 枚举, 身份证号, …)
    section: str  # 申请人, 企业, 经营场所, … (from the key's first segment)
    required: bool  # required if any item that asks for it requires it
    options: tuple[str, ...] = ()
    max_length: int | None = None
    source: str | None = None  # data_sources id: prefilled (免填写)
    source_name: str | None = None
    asked_by: tuple[str, ...] = ()  # item codes whose forms ask for it (provenance)
    situation: str | None = None  # only optional items ask for it: the 情形 question

    @property
    def prefilled(self) -> bool:
        return self.source is not None


@dataclass(frozen=True, slots=True)
class MergedForm:
    code: str  # scenario code
    title: str  # e.g. 新生儿出生一件事申请表
    sections: tuple[tuple[str, tuple[MergedField, ...]], ...]

    @property
    def fields(self) -> tuple[MergedField, ...]:
        return tuple(field for _, fields in self.sections for field in fields)


@dataclass(frozen=True, slots=True)
class MaterialLine:
    """One line of a scenario's one set of materials (一套材料)."""

    key: str  # materials.yaml key, or the inline name
    name: str
    status: MaterialStatus
    reason: str  # why exempt (电子证照… / 数据共享…) or replaced (告知承诺); "" when submitted
    items: tuple[str, ...]  # item codes asking for it
    necessity: str  # 必要 / 非必要 / 容缺后补 (the strictest among the items)
    tolerance: bool = False  # 容缺: may be supplied later
    original: int = 0
    copy: int = 0
    inline: bool = False


@dataclass(frozen=True, slots=True)
class CommitmentLetter:
    """The one 告知承诺书 that replaces certificates in a scenario."""

    certificates: tuple[tuple[str, str, str], ...]  # (entry code, certificate name, 承诺内容)


@dataclass(frozen=True, slots=True)
class ScenarioFigures:
    """reports/scenarios.json, exactly as cli-contract.md defines it."""

    fields_before: int
    fields_after: int
    fields_to_fill: int
    materials_before: int
    materials_after: int
    visits_before: int
    visits_after: int
    days_before: int
    days_after: int

    @staticmethod
    def reduce(before: int, after: int) -> int:
        return 0 if before == 0 else round(100 * (before - after) / before)

    @property
    def reduction(self) -> dict[str, int]:
        return {
            "fields": self.reduce(self.fields_before, self.fields_after),
            "materials": self.reduce(self.materials_before, self.materials_after),
            "visits": self.reduce(self.visits_before, self.visits_after),
            "days": self.reduce(self.days_before, self.days_after),
        }


@dataclass(frozen=True, slots=True)
class MergedScenario:
    code: str
    name: str
    form: MergedForm
    materials: tuple[MaterialLine, ...]
    commitment: CommitmentLetter | None
    figures: ScenarioFigures
