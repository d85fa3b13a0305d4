"""免申即享 benefits: eligibility on shared data, what is granted, for how long."""

from __future__ import annotations

import random

from benchmarks.gen.context import Batches, Context
from benchmarks.gen.departments import department
from benchmarks.gen.dictionary_words import CRITERIA
from benchmarks.gen.scales import BASE_VERSION, BENEFIT_DEFECTS
from benchmarks.gen.text import cn_number, flow_list, flow_map, q
from benchmarks.gen.words import BENEFIT_DEPTS, BENEFIT_KINDS, DOC_ABBR

Criterion = tuple[str, str]  # element key, JSON-schema text
FORM_BASE = {"企业": ["enterprise.name", "enterprise.uscc", "applicant.mobile"],
             "个人": ["applicant.name", "applicant.id_number", "applicant.mobile"]}
DELIVERY = {"企业": "直接拨付至企业对公账户", "个人": "发放至社会保障卡金融账户"}


def write_benefits(ctx: Context) -> None:
    by_target: dict[str, list[Criterion]] = {"企业": [], "个人": []}
    for key, target, schema in CRITERIA:
        by_target[target].append((key, schema))
    source_of = {e[0]: e[5] for e in ctx.dicts.elements}
    n = ctx.scale.benefits
    batches = Batches(ctx, "no-application-benefits/msjx")
    for b, defect in enumerate(ctx.side_defects(n, BENEFIT_DEFECTS)):
        r = ctx.rng(5, b)
        target, title, content, standard = BENEFIT_KINDS[b % len(BENEFIT_KINDS)]
        dept = BENEFIT_DEPTS[r.randrange(len(BENEFIT_DEPTS))]
        dept_name = department(dept)[1].replace("天津市", "")
        crit = r.sample(by_target[target], r.randint(2, 3))
        sources = _sources([source_of[key] for key, _ in crit], defect)
        apply = r.random() < 0.2 or defect == "benefit-apply-form"
        mode = "即申即享" if apply else "免申即享"
        code = f"MJ-{b + 1:04d}"
        batch = b // len(BENEFIT_KINDS) + 1
        name = f"{title}（第{cn_number(batch % 999 or 999)}批）" if batch > 1 else title
        valid = _valid(ctx.version, r, defect)
        rel = batches.file_of(b)
        if defect:
            ctx.plant(defect, code, rel)
        document = f"津{DOC_ABBR[dept]}规〔{BASE_VERSION - 1}〕{r.randint(1, 30)}号"
        batches.add(
            f"  - code: {q(code)}\n",
            f"    name: {q(name)}\n",
            f"    document: {q(document)}\n",
            f"    department: {q(dept)}\n",
            f"    target: {q(target)}\n",
            f"    mode: {q(mode)}\n",
            "    eligibility:\n",
            f"      type: {q('object')}\n",
            f"      required: {flow_list(key for key, _ in crit)}\n",
            "      properties:\n",
            *[f"        {q(key)}: {schema}\n" for key, schema in crit],
            f"    data_sources: {flow_list(sources)}\n")
        ben = [("content", q(f"{dept_name}：{content}"))]
        if defect != "benefit-criteria":
            ben.append(("standard", q(standard)))
        batches.add(f"    benefit: {flow_map(ben)}\n",
                    f"    delivery: {{method: {q(DELIVERY[target])}, "
                    f"days: {r.choice((15, 30, 60))}}}\n",
                    f"    valid: {{from: {q(valid[0])}, to: {q(valid[1])}}}\n")
        if mode == "即申即享" and defect == "benefit-apply-form":
            batches.add("    form: []\n")
        elif mode == "即申即享":
            batches.add(f"    form: {flow_list(FORM_BASE[target] + [key for key, _ in crit])}\n")
    batches.close()


def _sources(of_criteria: list[str], defect: str) -> list[str]:
    """The data sources of the criteria; one left out by the benefit-data-source defect."""
    sources: list[str] = []
    for source in of_criteria:
        if source not in sources:
            sources.append(source)
    if defect == "benefit-data-source":
        dropped = of_criteria[0]
        sources = [s for s in sources if s != dropped] or [
            "xyxx" if dropped != "xyxx" else "tyrz"]
    return sources


def _valid(year: int, r: random.Random, defect: str) -> tuple[str, str]:
    until = max(BASE_VERSION + r.choice((0, 1, 2)), year)  # extended while in force
    if defect == "benefit-expired":
        return f"{year - 2}-01-01", f"{year - 1}-12-31"
    return f"{BASE_VERSION}-01-01", f"{until}-12-31"
