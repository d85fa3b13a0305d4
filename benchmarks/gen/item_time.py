"""办理流程, 办结时限, 收费 and 办理结果 of a service item; a later version's cuts."""

from __future__ import annotations

from benchmarks.gen.context import Context, weighted
from benchmarks.gen.item_head import ItemDraft
from benchmarks.gen.text import flow_list, flow_map, flow_map_some, q, q_some, yes
from benchmarks.gen.words import PROCESSES

LEGAL_DAYS = {"licensing": (20, 20, 15, 30, 45, 60, 10, 5, 0), "filing": (0, 5, 10, 20),
              "non-licensing": (0, 5, 10, 15, 20, 30, 60)}
DEPTHS = ((4, 50), (3, 25), (2, 15), (1, 10))  # online depth, weight
DEFECT_DEPTH = {"full-online-zero-visits": 4, "zero-visits-needs-channel": 2,
                "visit-reason-required": 3}


def add_time_limit(ctx: Context, draft: ItemDraft) -> None:
    r, d = draft.r, draft.d
    draft.out.append(f"    process: {flow_list(r.choice(PROCESSES))}\n")
    legal = r.choice(LEGAL_DAYS[draft.plan.lst])
    if d in ("promised-within-legal", "instant-item-zero-days", "waiver-unused") and legal < 5:
        legal = 10
    if legal == 0 or r.random() < 0.15:
        kind, promised = "即办件", 0
    else:
        kind = "承诺件"
        promised = max(1, round(legal * r.choice((0.2, 0.3, 0.4, 0.5, 0.6))))
    if d == "promised-within-legal":
        kind, promised = "承诺件", legal + 5
    elif d == "instant-item-zero-days":
        kind, promised = "即办件", 3
    draft.base_promised = promised
    depth = DEFECT_DEPTH.get(d, weighted(r, DEPTHS))  # drawn whatever the defect
    evolve = ctx.rng(3, draft.plan.idx, ctx.version).random() if ctx.delta and not d else 1.0
    if evolve < 0.03 * ctx.delta and kind == "承诺件" and promised >= 2:
        promised -= max(1, promised // 4)
    elif evolve < 0.05 * ctx.delta and depth == 3:
        depth = 4
    draft.legal, draft.kind, draft.promised, draft.depth = legal, kind, promised, depth
    note = "不含现场勘验、专家评审和听证时间" if legal and r.random() < 0.3 else ""
    tl = [("legal", str(legal)), ("promised", str(promised)), ("note", q_some(note))]
    draft.out.append(f"    time_limit: {flow_map_some(tl)}\n")


def add_fee_and_result(draft: ItemDraft) -> None:
    r, d, lst, t = draft.r, draft.d, draft.plan.lst, draft.t
    charged = (d in ("fee-basis-required", "filing-no-fee")
               or (lst != "filing" and r.random() < (0.08 if lst == "licensing" else 0.03)))
    if charged:
        fee_item = [("name", q(f"{t}证照工本费")),
                    ("standard", q(f"每件{r.choice((5, 10, 20, 50))}元"))]
        if d != "fee-basis-required":
            number = r.randint(10, 400)
            basis = f"关于{t}收费标准的通知（津发改价费〔2019〕{number}号）"
            fee_item.append(("basis", q(basis)))
        draft.out.append(f"    fee: {{charged: true, items: [{flow_map(fee_item)}]}}\n")
    else:
        draft.out.append("    fee: {charged: false}\n")
    name, itype = draft.plan.name, draft.plan.type
    if lst == "filing":
        result = (f"{t}备案回执", "其他")
    elif itype == "行政许可":
        result = r.choice(((f"{t}许可证", "证照"), (f"准予{name}决定书", "批文")))
    elif itype == "行政确认":
        result = r.choice(((f"{t}登记证明", "证照"), (f"{name}结果通知书", "其他")))
    else:
        result = (f"{name}办理结果告知书", "其他")
    res = [("name", q(result[0]))]
    if d != "result-type-required":
        res.append(("type", q(result[1])))
    res.append(("electronic", yes(r.random() < 0.8)))
    draft.out.append(f"    result: {flow_map(res)}\n")
