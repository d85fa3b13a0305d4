"""The licensing, non-licensing and filing lists: files of service items, in order; one item
as YAML text, part by part, with what other lists need to know of it."""

from __future__ import annotations

from benchmarks.gen.codes import new_counters
from benchmarks.gen.context import Context
from benchmarks.gen.departments import DEPARTMENTS
from benchmarks.gen.item_defects import ItemDefects, rules_of
from benchmarks.gen.item_handling import add_handling
from benchmarks.gen.item_head import start_item
from benchmarks.gen.item_materials import add_materials
from benchmarks.gen.item_tail import add_tail
from benchmarks.gen.item_time import add_fee_and_result, add_time_limit
from benchmarks.gen.model import ItemMeta, Planned
from benchmarks.gen.planning import new_item, new_per_year, plan_files, plan_items


def write_service_items(ctx: Context) -> None:
    _ItemLists(ctx).write()


class _ItemLists:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.counters = new_counters()
        self.names: dict[str, set[str]] = {d[0]: set() for d in DEPARTMENTS}
        self.new_names: dict[str, set[str]] = {}
        self.defects = ItemDefects(ctx)
        self.spare_count = 0
        self.idx = 0

    def write(self) -> None:
        files = plan_files(self.ctx)
        self.ctx.file_counts = [f[3] for f in files]
        for file_no, (lst, rel, dept, count) in enumerate(files):
            chunks = ["items:\n"]
            self.defects.start_file()
            written = 0
            while written < count:
                r = self.ctx.rng(1, self.idx)
                family = lst == "licensing" and written + 4 <= count and r.random() < 0.04
                plans = plan_items(r, self.idx, lst, dept, family, self.names, self.counters)
                self.defects.place(lst, plans, self.counters)
                for plan in plans:
                    if (not plan.defect and not plan.family and plan.national_code == ""
                            and not r.random() < 0.7):
                        refable = self._spare(plan)
                    else:
                        refable = not plan.defect
                    chunks.append(self._item(plan, refable, rel))
                    self.defects.remember(plan, refable)
                    self.idx += 1
                    written += 1
            # a later version adds a few items at the end of each file
            for j in range(min(20, new_per_year(self.ctx, file_no) * self.ctx.delta)):
                plan = new_item(self.ctx, file_no, j, lst, dept, self.new_names)
                chunks.append(self._item(plan, False, rel))
            self.ctx.write(rel, "".join(chunks))

    def _spare(self, plan: Planned) -> bool:
        """A spare: never referenced by other lists; some are paused or cancelled."""
        self.spare_count += 1
        if self.spare_count % 13 == 6:
            plan.status = "取消"
        elif self.spare_count % 13 == 12:
            plan.status = "暂停"
        return False

    def _item(self, plan: Planned, refable: bool, rel: str) -> str:
        text, meta = render_item(self.ctx, plan, refable)
        self._record(plan, meta, rel)
        return text

    def _record(self, plan: Planned, meta: ItemMeta, rel: str) -> None:
        cat = self.ctx.cat
        pos = len(cat.items)
        cat.items.append(meta)
        if plan.status == "取消" and meta.mats:
            cert = next((m for m in meta.mats if m.startswith("cert-")), "")
            if cert:
                cat.cancelled.append((plan.code, cert))
        if meta.refable:
            for m in meta.mats:
                if m.startswith("cert-"):
                    cat.cert_users.setdefault(m, []).append(pos)
        if plan.defect:
            for rule in rules_of(plan.defect):
                self.ctx.plant(rule, plan.code, rel)


def render_item(ctx: Context, plan: Planned, refable: bool) -> tuple[str, ItemMeta]:
    """The item's lines (the parts draw from one random stream, in this order) and its meta."""
    draft = start_item(ctx, plan)
    add_materials(ctx, draft)
    add_time_limit(ctx, draft)
    add_fee_and_result(draft)
    add_handling(draft)
    add_tail(ctx, draft)
    meta = ItemMeta(plan.code, plan.name, plan.dept, plan.type, draft.kind, draft.legal,
                    draft.base_promised, draft.promised, draft.visits, "区级" in draft.levels,
                    refable and plan.status == "在用" and not plan.new,
                    tuple(draft.keys), tuple(m[1] for m in draft.mats if m[2]))
    return "".join(draft.out), meta
