"""A service item's draft, and its first parts: code, name, type, levels, basis, conditions."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.gen.context import Context
from benchmarks.gen.departments import department
from benchmarks.gen.model import Planned
from benchmarks.gen.text import cn_number, flow_list, law_title, q
from benchmarks.gen.words import CONDITIONS, LEVELS

Mat = tuple[str, str, bool]  # (rendered line, key or inline name, may be tolerated)

STRONG_LEVELS = ("法律", "行政法规", "国务院决定", "地方性法规")
FILING_LEVELS = ("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章")
OTHER_LEVELS = (*FILING_LEVELS, "规范性文件")
LATER_LEVELS = ("行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件")


@dataclass
class ItemDraft:
    """One item being written: its random stream, lines so far and what later parts need."""

    plan: Planned
    r: random.Random
    dept_name: str
    domains: tuple[str, str]
    enterprise: bool
    out: list[str] = field(default_factory=list)
    levels: tuple[str, ...] = ()
    first_basis: str = ""
    conditions: list[str] = field(default_factory=list)
    mats: list[Mat] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # dictionary materials named
    tolerance: list[str] = field(default_factory=list)
    legal: int = 0
    kind: str = ""
    promised: int = 0
    base_promised: int = 0  # before a later version cut it
    depth: int = 0
    visits: int = 0
    commitment: bool = False

    @property
    def d(self) -> str:
        """The planted defect, or ""."""
        return self.plan.defect

    @property
    def t(self) -> str:
        """The topic, which most texts name."""
        return self.plan.topic


def start_item(ctx: Context, plan: Planned) -> ItemDraft:
    r = ctx.rng(2, plan.idx)
    _, dept_name, domains, _ = department(plan.dept)
    enterprise = plan.type in ("行政许可", "行政备案") or r.random() < 0.35
    if plan.defect == "gov-issued-material-submitted":
        enterprise = True
    draft = ItemDraft(plan, r, dept_name, domains, enterprise)
    _header(draft)
    _basis(draft)
    _conditions(draft)
    return draft


def _header(draft: ItemDraft) -> None:
    plan, out = draft.plan, draft.out
    out.append(f"  - code: {q(plan.code)}\n")
    if plan.national_code:
        out.append(f"    national_code: {q(plan.national_code)}\n")
    out.append(f"    name: {q(plan.name)}\n")
    if plan.parent:
        out.append(f"    parent: {q(plan.parent)}\n")
    out.append(f"    type: {q(plan.type)}\n")
    out.append(f"    department: {q('wlj' if draft.d == 'ref-department' else plan.dept)}\n")
    draft.levels = draft.r.choice(LEVELS)
    out.append(f"    levels: {flow_list(draft.levels)}\n")


def _basis_levels(draft: ItemDraft) -> list[str]:
    r, d, lst = draft.r, draft.d, draft.plan.lst
    if d == "licensing-basis-level":
        return ["部门规章", "规范性文件"]
    if d == "filing-basis-level":
        return ["规范性文件"]
    if lst == "licensing" or draft.plan.type == "行政许可":
        first = r.choice(STRONG_LEVELS)
    elif lst == "filing":
        first = r.choice(FILING_LEVELS)
    else:
        first = r.choice(OTHER_LEVELS)
    levels = [first]
    for _ in range(r.randrange(3)):
        levels.append(r.choice(LATER_LEVELS))
    return levels


def _basis(draft: ItemDraft) -> None:
    """设定依据"""
    r = draft.r
    draft.out.append("    basis:\n")
    for k, level in enumerate(_basis_levels(draft)):
        title = law_title(level, draft.domains[k % 2])
        if level == "国务院决定":
            article = f"第{cn_number(r.randint(1, 500))}项"
        else:
            article = f"第{cn_number(r.randint(2, 90))}条"
            if r.random() < 0.3:
                article += f"第{cn_number(r.randint(1, 4))}款"
        if not draft.first_basis:
            draft.first_basis = f"《{title}》{article}"
        draft.out.append(
            f"      - {{title: {q(title)}, article: {q(article)}, level: {q(level)}}}\n")


def _conditions(draft: ItemDraft) -> None:
    """受理条件"""
    r = draft.r
    if draft.d == "no-empty-element":
        draft.conditions = ["无"]
    else:
        draft.conditions = [c.format(t=draft.t) for c in r.sample(CONDITIONS, r.randint(3, 6))]
    draft.out.append("    conditions:\n")
    draft.out.extend(f"      - {q(c)}\n" for c in draft.conditions)
