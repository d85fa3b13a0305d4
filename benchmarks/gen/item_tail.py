"""The last parts of a service item: contact, form, 监管实施细则, status, tags, waivers."""

from __future__ import annotations

from benchmarks.gen.context import Context
from benchmarks.gen.departments import DEPT_INDEX
from benchmarks.gen.dictionary import OPTIONAL_ELEMENTS
from benchmarks.gen.item_head import ItemDraft
from benchmarks.gen.text import cn_number, flow_list, flow_map, q
from benchmarks.gen.words import HOURS, SUPERVISION

ENTERPRISE_FORM = ("enterprise.name", "enterprise.uscc", "enterprise.legal_rep",
                   "applicant.mobile")
PERSONAL_FORM = ("applicant.name", "applicant.id_number", "applicant.mobile")
# defect → (rule waived, reason, until)
WAIVERS = {"waiver-expired": ("consult-not-complaint", "热线整合过渡期内咨询与投诉暂用同一号码",
                              "2020-12-31"),
           "waiver-unused": ("promised-within-legal", "承诺时限调整正在报批", "2099-12-31")}


def add_tail(ctx: Context, draft: ItemDraft) -> None:
    _contact(draft)
    _form(ctx, draft)
    _supervision(draft)
    r, out, plan = draft.r, draft.out, draft.plan
    if plan.lst == "filing":
        timing = "事前备案" if draft.d == "filing-after-the-fact" else "事后备案"
        out.append(f"    filing_timing: {q(timing)}\n")
    out.append(f"    status: {q(plan.status)}\n")
    x = r.random()
    if x < 0.05:
        out.append(f"    tags: {flow_list(('天开园',))}\n")
    elif x < 0.08:
        out.append(f"    tags: {flow_list(('绿色石化', '京津冀协同'))}\n")
    if draft.d in WAIVERS:
        rule, reason, until = WAIVERS[draft.d]
        out.append("    waivers:\n")
        out.append(f"      - {{rule: {q(rule)}, reason: {q(reason)}, until: {q(until)}, "
                   f"approved_by: {q(draft.dept_name)}}}\n")


def _contact(draft: ItemDraft) -> None:
    """联系方式"""
    r, d = draft.r, draft.d
    dn = DEPT_INDEX[draft.plan.dept]
    phone = f"022-2{dn:02d}{r.randrange(10000, 99999)}"
    shape = r.random()
    if shape < 0.2:
        phone += f"转{r.randint(1, 9)}"
    elif shape < 0.3:
        phone += f"；022-2{dn:02d}{r.randrange(10000, 99999)}"
    elif shape < 0.35:
        phone = f"1{r.choice('3589')}{r.randrange(100_000_000, 999_999_999)}"
    complaint = "12345" if r.random() < 0.7 else f"022-8{dn:02d}{r.randrange(10000, 99999)}"
    if d == "contact-format":
        phone = f"022-{r.randrange(1000, 9999)}"
    elif d in ("consult-not-complaint", "waiver-expired"):
        complaint = phone
    place = (f"天津市政务服务中心{cn_number(r.randint(1, 4))}楼{r.choice('ABCDEF')}区"
             f"{r.randint(1, 60)}号窗口（河西区水上公园东路68号）"
             if r.random() < 0.7 else f"{draft.dept_name}政务服务窗口")
    contact = [("place", q(place)), ("hours", q(r.choice(HOURS))), ("phone", q(phone)),
               ("complaint_phone", q(complaint))]
    draft.out.append(f"    contact: {flow_map(contact)}\n")


def _form(ctx: Context, draft: ItemDraft) -> None:
    """申请表: the applicant's elements first, then some of the department's and general ones."""
    r, dicts = draft.r, ctx.dicts
    base = list(ENTERPRISE_FORM if draft.enterprise else PERSONAL_FORM)
    extra = r.sample(dicts.dept_elements[draft.plan.dept], 3) + r.sample(dicts.general_elements,
                                                                         13)
    n_form = r.randint(5, 20)
    form = base + [e for e in extra if e not in base][: max(0, n_form - len(base))]
    if draft.d == "ref-data-element":
        form.append("applicant.nickname")
    fields = [f"{{element: {q(e)}, required: false}}" if e in OPTIONAL_ELEMENTS
              else q(e) for e in form]
    draft.out.append("    form: [" + ", ".join(fields) + "]\n")


def _supervision(draft: ItemDraft) -> None:
    """监管实施细则 of an item under 告知承诺 (left out by one defect)."""
    d, out = draft.d, draft.out
    if not draft.commitment or d == "commitment-needs-supervision":
        return
    checks = [*[k for k in draft.keys if not k.startswith("cert-")][:1], draft.conditions[0]]
    if d == "supervision-consistent":
        checks.append("申请人具有相应的专业资质")
    out.append("    supervision:\n")
    out.append(f"      object: {q(f'通过告知承诺方式取得{draft.plan.name}的申请人')}\n")
    out.append(f"      subject: {q(draft.dept_name)}\n")
    for key, text in SUPERVISION:
        out.append(f"      {key}: {q(text.format(t=draft.t))}\n")
    out.append(f"      checks: {flow_list(checks)}\n")
