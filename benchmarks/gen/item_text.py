"""One service item as YAML text, part by part, with what other lists need to know of it."""

from __future__ import annotations

from benchmarks.gen.context import Context
from benchmarks.gen.item_handling import add_handling
from benchmarks.gen.item_head import start_item
from benchmarks.gen.item_materials import add_materials
from benchmarks.gen.item_tail import add_tail
from benchmarks.gen.item_time import add_fee_and_result, add_time_limit
from benchmarks.gen.model import ItemMeta, Planned


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
