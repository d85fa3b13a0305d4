"""办理方式 of a service item: visits, channels, negative-list reasons, 告知承诺, 通办."""

from __future__ import annotations

from benchmarks.gen.item_head import ItemDraft
from benchmarks.gen.text import flow_list, q, yes
from benchmarks.gen.words import ONLINE_NEGATIVE, SCOPES, VISIT_REASONS

DEFECT_VISITS = {"full-online-zero-visits": 1, "zero-visits-needs-channel": 0,
                 "visit-reason-required": 1}


def add_handling(draft: ItemDraft) -> None:
    r, d, depth, out = draft.r, draft.d, draft.depth, draft.out
    x = r.random()  # drawn whatever the depth, so that a later version's depth keeps the rest
    if depth == 4:
        visits = 0
    elif depth == 3:
        visits = 0 if x < 0.5 else 1
    else:
        visits = 1 if x < 0.7 else 2
    draft.visits = visits = DEFECT_VISITS.get(d, visits)
    channels = _channels(draft)
    x = r.random()
    lst = draft.plan.lst
    draft.commitment = (d in ("commitment-needs-supervision", "supervision-consistent")
                        or (not d and lst == "licensing" and x < 0.12)
                        or (not d and lst == "non-licensing" and x < 0.03))
    out.append("    handling:\n")
    out.append(f"      kind: {q(draft.kind)}\n")
    out.append(f"      online_depth: {depth}\n")
    out.append(f"      visits: {visits}\n")
    if visits and d != "visit-reason-required":
        out.append(f"      visit_reason: {q(r.choice(VISIT_REASONS))}\n")
    out.append(f"      channels: {flow_list(channels)}\n")
    out.append(f"      in_center: {_in_center(draft)}\n")
    out.append(f"      online: {_online(draft)}\n")
    if visits <= 1:
        out.append("      one_visit: {value: true}\n")
    else:
        out.append(f"      one_visit: {{value: false, reason: {q('需现场勘验')}, detail: "
                   f"{q('首次申请需现场勘验，勘验后再次到场领取结果')}}}\n")
    out.append(f"      commitment: {yes(draft.commitment)}\n")
    out.append(f"      tolerance: {flow_list(draft.tolerance)}\n")
    scope = r.choice(SCOPES)
    out.append(f"      scope: {q(scope)}\n")
    if scope == "京津冀通办":
        out.append("      same_standard: true\n")


def _channels(draft: ItemDraft) -> list[str]:
    r, depth = draft.r, draft.depth
    channels = ["窗口办理"]
    if depth >= 3:
        channels.append("网上办理")
        if r.random() < 0.6:
            channels.append("移动端办理")
    if r.random() < 0.5 or (draft.visits == 0 and depth < 3):
        channels.append("快递申请")
    if r.random() < 0.15:
        channels.append("自助终端")
    if draft.d == "zero-visits-needs-channel":
        channels = ["窗口办理", "自助终端"]
    return channels


def _in_center(draft: ItemDraft) -> str:
    r = draft.r
    if draft.d == "negative-list-reason":
        return "{value: false}"
    if r.random() < 0.05:
        return r.choice((f"{{value: false, reason: {q('场地限制')}, detail: "
                         f"{q('需配套大型检测设备，在部门专业服务大厅办理')}}}",
                         f"{{value: false, reason: {q('涉及国家秘密')}}}"))
    return "{value: true}"


def _online(draft: ItemDraft) -> str:
    if draft.depth >= 3:
        return "{value: true}"
    reason = draft.r.choice(ONLINE_NEGATIVE)
    online = f"{{value: false, reason: {q(reason)}"
    if reason == "法律法规另有规定":
        online += f", basis: {q(draft.first_basis)}"
    elif reason == "其他":
        online += f", detail: {q(f'{draft.t}须核验实物样品，暂不具备网上办理条件')}"
    return online + "}"
