"""免申即享 policy guide: eligibility as Chinese sentences, data sources, the prefilled form."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.model.benefits import Benefit
from compiler.render import paths
from compiler.render.context import FieldRow, SiteContext
from compiler.render.eligibility import describe_eligibility


@dataclass(frozen=True, slots=True)
class SourceRow:
    name: str
    department: str


@dataclass(frozen=True)
class BenefitGuide:
    benefit: Benefit
    page: str
    department: str
    eligibility: tuple[str, ...]
    sources: tuple[SourceRow, ...]
    #: 即申即享: the fields of the generated application, prefilled where they have a source
    fields: tuple[FieldRow, ...]

    @property
    def prefilled(self) -> int:
        return sum(1 for field in self.fields if field.source)


def build_benefit_guide(context: SiteContext, benefit: Benefit) -> BenefitGuide:
    catalog = context.catalog
    sources = []
    for ref in benefit.data_sources:
        source = catalog.data_sources.get(ref)
        department = context.department(source.department) if source is not None else ""
        sources.append(SourceRow(context.source(ref), department))
    return BenefitGuide(
        benefit=benefit,
        page=paths.benefit_page(benefit.code),
        department=context.department(benefit.department),
        eligibility=tuple(describe_eligibility(benefit.eligibility, catalog.elements)),
        sources=tuple(sources),
        fields=tuple(context.field_row(key, True) for key in benefit.form),
    )
