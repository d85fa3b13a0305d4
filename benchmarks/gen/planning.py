"""Which service items each file holds: their types, names, codes and sub-item families."""

from __future__ import annotations

import random

from benchmarks.gen.codes import Counters, new_counters, next_code, next_local_code
from benchmarks.gen.context import Context, weighted
from benchmarks.gen.departments import LIST_DEPARTMENTS, REGION_CODE, department
from benchmarks.gen.model import Planned
from benchmarks.gen.scales import BASE_VERSION
from benchmarks.gen.text import cn_number
from benchmarks.gen.words import ACTIONS, NON_LICENSING_TYPES, QUALIFIERS, TYPE_CODE

FileSpec = tuple[str, str, str, int]  # list, file, department, item count


def plan_files(ctx: Context) -> list[FileSpec]:
    """(list, file, department, item count) for every service-item file, in order."""
    out = []
    for lst, (n_items, n_files) in (("licensing", ctx.scale.licensing),
                                    ("non-licensing", ctx.scale.non_licensing),
                                    ("filing", ctx.scale.filing)):
        depts = LIST_DEPARTMENTS[lst]
        many = n_files > len(depts)
        for f in range(n_files):
            dept = depts[f % len(depts)]
            name = f"{dept}-{f // len(depts) + 1:02d}" if many else dept
            count = n_items // n_files + (1 if f < n_items % n_files else 0)
            out.append((lst, f"{lst}/{name}.yaml", dept, count))
    return out


def plan_items(r: random.Random, idx: int, lst: str, dept: str, family: bool,
               names: dict[str, set[str]], counters: Counters) -> list[Planned]:
    """One single item, or a family (``…00Y`` and three sub-items) when asked and names allow."""
    topics = department(dept)[3]
    if lst == "licensing":
        itype = "行政许可"
    elif lst == "filing":
        itype = "行政备案"
    else:
        itype = weighted(r, NON_LICENSING_TYPES)
    topic = r.choice(topics)
    action = r.choice(ACTIONS[itype])
    used = names[dept]
    if family:
        base = topic + action
        kids = [base + qual for qual in QUALIFIERS[1:4]]
        if base in used or any(k in used for k in kids):
            family = False
    if family:
        counters["01"] += 1
        main = f"12{TYPE_CODE[itype]}{counters['01']:05d}"
        used.add(base)
        out = [Planned(idx, lst, dept, itype, main + "00Y", name=base, topic=topic, family=True)]
        for k, kid in enumerate(kids):
            used.add(kid)
            out.append(Planned(idx + k + 1, lst, dept, itype, f"{main}{k + 1:03d}", name=kid,
                               topic=topic, qualifier=QUALIFIERS[k + 1], parent=main + "00Y",
                               family=True))
        return out
    qualifier = ""
    name = topic + action
    for _ in range(4):
        if name not in used:
            break
        topic = r.choice(topics)
        qualifier = r.choice(QUALIFIERS[1:])
        name = topic + r.choice(ACTIONS[itype]) + qualifier
    n = 1
    while name in used:
        n += 1
        name = f"{topic}{action}（第{cn_number(n % 999 + 1)}类）"
        if n > 999:
            name = f"{topic}{action}（第{cn_number(n // 999)}批第{cn_number(n % 999 + 1)}类）"
    used.add(name)
    plan = Planned(idx, lst, dept, itype, "", name=name, topic=topic, qualifier=qualifier)
    if lst == "filing":
        counters["filing"] += 1
        plan.code = f"{REGION_CODE}-BA-{counters['filing']:06d}"
    elif r.random() < 0.025:
        plan.code = next_local_code(counters, TYPE_CODE[itype])
        counters["natl"] += 1
        plan.national_code = f"00{TYPE_CODE[itype]}{80000 + counters['natl']:05d}000"
    else:
        plan.code = next_code(counters, TYPE_CODE[itype])
    return [plan]


def new_per_year(ctx: Context, file_no: int) -> int:
    """Items a later version adds to a file each year: one per hundred."""
    return (ctx.file_counts[file_no] + 99) // 100


def new_item(ctx: Context, file_no: int, j: int, lst: str, dept: str,
             new_names: dict[str, set[str]]) -> Planned:
    """The j-th item a later version adds to a file; its code and name depend only on
    (file, j, year added), so each version keeps the items the previous one added."""
    per_year = new_per_year(ctx, file_no)
    year = BASE_VERSION + 1 + j // per_year
    idx = 50_000_000 + file_no * 10_000 + j
    r = ctx.rng(1, idx)
    used = new_names.setdefault(f"{dept}:{year}", set())
    plan = plan_items(r, idx, lst, dept, False, {dept: used}, new_counters())[0]
    plan.name += f"（{year}年新设）"
    if lst == "filing":
        plan.code = f"{REGION_CODE}-BA-{900_000 + file_no * 100 + j:06d}"
    else:
        plan.code = f"12{TYPE_CODE[plan.type]}{70000 + file_no * 20 + j:05d}000"
        plan.national_code = ""
    plan.new = True
    return plan
