"""一件事 scenarios: a few items done together, faster than one by one."""

from __future__ import annotations

import random

from benchmarks.gen.context import Context
from benchmarks.gen.departments import DEPARTMENTS
from benchmarks.gen.model import ItemMeta
from benchmarks.gen.scales import SCENARIO_DEFECTS
from benchmarks.gen.text import cn_number, flow_list, q
from benchmarks.gen.words import SCENARIO_EVENTS


def write_scenarios(ctx: Context) -> None:
    items = ctx.cat.items
    pool = [i for i, it in enumerate(items) if it.refable]
    slow = [i for i in pool if items[i].base_promised >= 2]
    cancelled = [code for code, _ in ctx.cat.cancelled]
    if not pool or not slow:
        return
    k = 0
    for s, defect in enumerate(ctx.side_defects(ctx.scale.scenarios, SCENARIO_DEFECTS)):
        r = ctx.rng(6, s)
        k += bool(defect)
        its = _choose(r, items, pool, slow, 1 if defect == "scenario-min-items" else 0)
        optional = [j >= 2 and r.random() < 0.4 for j in range(len(its))]
        code = f"YJ-{s + 1:04d}"
        lines = _head(its, s, code, defect)
        situations: list[tuple[str, str]] = []
        for it, opt in zip(its, optional, strict=True):
            if opt:
                question = f"是否同时办理{it.name}"
                situations.append((question, it.code))
                lines.append(f"  - {{code: {q(it.code)}, required: false, "
                             f"when: {q(question)}}}\n")
            else:
                lines.append(f"  - {{code: {q(it.code)}, required: true}}\n")
        if defect == "ref-item":
            missing = cancelled[k % len(cancelled)] if cancelled else "129999999000"
            lines.append(f"  - {{code: {q(missing)}, required: true}}\n")
        if situations:
            lines.append("situations:\n")
            lines += [f"  - {{question: {q(qs)}, adds: {flow_list((c,))}}}\n"
                      for qs, c in situations]
        lines += _promise(its, optional, defect)
        rel = f"scenarios/{code}.yaml"
        if defect:
            ctx.plant(defect, code, rel)
        ctx.write(rel, "".join(lines))


def _choose(r: random.Random, items: list[ItemMeta], pool: list[int], slow: list[int],
            n: int) -> list[ItemMeta]:
    """n items (2–6 when n is 0), the first of them one that takes days."""
    n = n or r.randint(2, 6)
    chosen = [slow[r.randrange(len(slow))]]
    for p in r.sample(pool, min(len(pool), n + 3)):
        if len(chosen) >= n:
            break
        if p not in chosen:
            chosen.append(p)
    return [items[p] for p in chosen]


def _head(its: list[ItemMeta], s: int, code: str, defect: str) -> list[str]:
    event = SCENARIO_EVENTS[s % len(SCENARIO_EVENTS)]
    rnd = s // len(SCENARIO_EVENTS)
    name = f"{event}一件事" + (f"（场景{cn_number(rnd + 1)}）" if rnd else "")
    depts = [it.dept for it in its]
    lead = depts[0]
    if defect == "scenario-lead-involved":
        lead = next(dp[0] for dp in DEPARTMENTS if dp[0] not in depts)
    partners: list[str] = []
    for dp in depts:
        if dp != lead and dp not in partners:
            partners.append(dp)
    kind = "企业" if its[0].type in ("行政许可", "行政备案") else "个人"
    return [f"code: {q(code)}\n", f"name: {q(name)}\n", f"kind: {q(kind)}\n",
            f"lead: {q(lead)}\n", f"partners: {flow_list(partners)}\n", "items:\n"]


def _promise(its: list[ItemMeta], optional: list[bool], defect: str) -> list[str]:
    # below the sum of the required items alone (the first one is required and takes at
    # least a day), so below the sum whichever items a linter adds up
    required = sum(it.promised for it, opt in zip(its, optional, strict=True) if not opt)
    total = sum(it.promised for it in its)
    days = total if defect == "scenario-not-faster" else required * 2 // 5
    visits = 0 if all(it.visits == 0 for it in its) else 1
    return [f"promised_days: {days}\n", f"visits: {visits}\n"]
