"""申请材料 of a service item: the form, dictionary and inline materials, 容缺后补."""

from __future__ import annotations

from benchmarks.gen.context import Context
from benchmarks.gen.departments import department
from benchmarks.gen.dictionary_words import ENTERPRISE_MATS, PERSONAL_MATS
from benchmarks.gen.item_head import ItemDraft
from benchmarks.gen.text import flow_map_some, q, q_some
from benchmarks.gen.words import INLINE_DOCS, MAT_NOTES

AMENDING = ("（变更）", "（延续）", "（注销）", "（补办）")


def _row(lead: list[tuple[str, str]], necessity: str, copies: tuple[int, int], form: str,
         exempt: str, note: str) -> str:
    return "      - " + flow_map_some([
        *lead, ("necessity", q(necessity)),
        ("copies", f"{{original: {copies[0]}, copy: {copies[1]}}}"), ("form", q(form)),
        ("exempt", exempt), ("note", q_some(note))]) + "\n"


def _dict_mat(draft: ItemDraft, key: str, copies: tuple[int, int], necessity: str = "必要",
              note: str = "", exempt: str = "") -> None:
    form = draft.r.choice(("纸质或电子", "电子", "纸质"))
    draft.mats.append((_row([("material", q(key))], necessity, copies, form, exempt, note),
                       key, True))
    draft.keys.append(key)


def _inline_mat(ctx: Context, draft: ItemDraft, name: str, copies: tuple[int, int],
                tolerable: bool = True, note: str = "") -> None:
    lead = [("name", q(name)), ("origin", q("申请人自备"))]
    draft.mats.append((_row(lead, "必要", copies, "纸质或电子", "", note), name, tolerable))
    assert draft.d or name not in ctx.dicts.dict_names, name


def add_materials(ctx: Context, draft: ItemDraft) -> None:
    r, d, plan = draft.r, draft.d, draft.plan
    target = r.randint(3, 10)
    form_name = plan.name + ("申请表" if r.random() < 0.7 else "申请书")
    _inline_mat(ctx, draft, form_name, (1, 0), tolerable=False,
                note="可在线填写，系统根据共享数据自动预填")
    if draft.enterprise:
        _dict_mat(draft, "business-license", (0, 1), note=MAT_NOTES[1],
                  exempt="false" if d == "gov-issued-material-submitted" else "")
        _dict_mat(draft, "legal-rep-cert", (1, 0), note=MAT_NOTES[2])
    else:
        _dict_mat(draft, "id-card", (0, 1), note=MAT_NOTES[1])
    if plan.qualifier in AMENDING or r.random() < 0.3:
        dkey = ctx.dicts.dept_mats[plan.dept][department(plan.dept)[3].index(draft.t)][0]
        _dict_mat(draft, dkey, (1, 1), note=MAT_NOTES[4])
    _certificate(ctx, draft)
    pool = ENTERPRISE_MATS if draft.enterprise else PERSONAL_MATS
    for key in r.sample(pool, 2):
        if key not in draft.keys and len(draft.mats) < target and not (
                d == "inline-material-duplicates-dictionary" and key == "lease-contract"):
            _dict_mat(draft, key, (0, 1), note=r.choice(MAT_NOTES))
    for doc in r.sample(INLINE_DOCS, 4):
        if len(draft.mats) >= target:
            break
        _inline_mat(ctx, draft, doc.format(t=draft.t), (1, 0), note=r.choice(MAT_NOTES))
    if r.random() < 0.25 and len(draft.mats) < target:
        _dict_mat(draft, "power-of-attorney", (1, 0), necessity="非必要", note=MAT_NOTES[3])
    if d == "inline-material-duplicates-dictionary":
        _inline_mat(ctx, draft, "房屋租赁合同", (0, 1))
    elif d == "newspaper-notice":
        _inline_mat(ctx, draft, "遗失登报声明", (1, 0))
    elif d == "ref-material":
        _dict_mat(draft, "unregistered-material", (1, 0))
    _tolerance(draft)
    draft.out.append("    materials:\n")
    draft.out.extend(m[0] for m in draft.mats)


def _certificate(ctx: Context, draft: ItemDraft) -> None:
    """A 证明 material: always on a cancelled item (for the ref-item defects), else at times."""
    cert_mats = ctx.dicts.cert_mats
    cert = ""
    if draft.plan.status == "取消":
        cert = cert_mats[len(ctx.cat.cancelled) % len(cert_mats)][0]
    elif draft.r.random() < 0.45:
        cert = cert_mats[draft.r.randrange(len(cert_mats))][0]
    if cert:
        _dict_mat(draft, cert, (1, 0), note="可以告知承诺书代替")


def _tolerance(draft: ItemDraft) -> None:
    """容缺后补: one material that may be supplied later."""
    mats = draft.mats
    tolerable = [m for m in mats if m[2] and not m[1].startswith("cert-")
                 and 'necessity: "必要"' in m[0]]
    if tolerable and draft.r.random() < 0.2 and draft.d not in ("supervision-consistent",):
        rendered, ident, _ = tolerable[-1]
        i = mats.index(tolerable[-1])
        mats[i] = (rendered.replace('necessity: "必要"', 'necessity: "容缺后补"'), ident, True)
        draft.tolerance.append(ident)
    if draft.d == "tolerance-material-exists":
        draft.tolerance.append("未列明的补充材料")
