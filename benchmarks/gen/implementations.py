"""Each district's 实施清单: the items it handles, its windows, its own shorter times."""

from __future__ import annotations

from benchmarks.gen.context import Context
from benchmarks.gen.departments import DISTRICTS
from benchmarks.gen.text import cn_number, flow_list, q


def write_implementations(ctx: Context) -> None:
    items = ctx.cat.items
    pool = [i for i, it in enumerate(items) if it.refable and it.district]
    scale = ctx.scale
    counter = 0
    pending = False
    for dn, (dname, _, slug, abbr, road) in enumerate(DISTRICTS[: scale.districts]):
        r = ctx.rng(7, dn)
        chosen = sorted(r.sample(range(len(pool)), min(len(pool), scale.entries)))
        rel = f"implementations/{slug}.yaml"
        lines = [f"district: {q(dname)}\n", f"agency: {q(abbr + '-zwfwb')}\n", "items:\n"]
        phone_base = 20000000 + (dn + 1) * 1_000_000
        for pi in chosen:  # positions in the pool: stable when a later version adds items
            it = items[pool[pi]]
            re = ctx.rng(8, dn, pi)
            if ctx.due(counter, scale.impl_period, scale.impl_offset):
                pending = True
            counter += 1
            place = (f"{dname}政务服务中心{cn_number(re.randint(1, 3))}楼"
                     f"{re.randint(1, 40)}号窗口（{road}{re.randint(1, 200)}号）")
            phone = f"022-{phone_base + re.randrange(100000, 999999)}"
            lines.append(f"  - code: {q(it.code)}\n")
            lines.append(f"    contact: {{place: {q(place)}, phone: {q(phone)}}}\n")
            promised = None
            if pending and it.kind == "承诺件" and it.promised < it.legal:
                promised = it.promised + 1
                pending = False
                ctx.plant("uniform-elements", it.code, rel)
            elif it.kind == "承诺件" and it.base_promised >= 2 and re.random() < 0.5:
                promised = min(it.promised, re.randint(1, it.base_promised - 1))
            if promised is not None:
                lines.append(f"    time_limit: {{promised: {promised}}}\n")
            if it.tolerable and re.random() < 0.1:
                lines.append(f"    handling: {{tolerance: {flow_list(it.tolerable[-1:])}}}\n")
        ctx.write(rel, "".join(lines))
