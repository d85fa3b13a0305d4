"""证明事项告知承诺 entries: a 证明 material, the items that ask for it, how it is checked."""

from __future__ import annotations

import random

from benchmarks.gen.context import Batches, Context
from benchmarks.gen.scales import CERTIFICATE_DEFECTS
from benchmarks.gen.text import cn_number, flow_list, q
from benchmarks.gen.words import CERT_BASIS, CERT_CHECKS, CERT_LIABILITY, CERT_PROMISE


def write_certificates(ctx: Context) -> None:
    items = ctx.cat.items
    users = ctx.cat.cert_users
    n = ctx.scale.certificates
    defects = ctx.side_defects(n, CERTIFICATE_DEFECTS)
    reserved = []  # defect entries naming a cancelled item: (code, cert)
    cancelled = iter(ctx.cat.cancelled)
    for c in range(n):
        if defects[c] == "ref-item":
            pair = next(cancelled, None)
            if pair is None:
                defects[c] = "commitment-excluded-domain"
            else:
                reserved.append(pair)
    reserved_mats = {m for _, m in reserved}
    free = iter([m for m, _, _ in ctx.dicts.cert_mats if m in users and m not in reserved_mats])
    res_iter = iter(reserved)
    refable = [i for i, it in enumerate(items) if it.refable]
    names = {key: (name, issuer) for key, name, issuer in ctx.dicts.cert_mats}
    batches = Batches(ctx, "certificate-exemption/gzcn")
    for c in range(n):
        r = ctx.rng(4, c)
        code = f"CN-{c + 1:04d}"
        defect = defects[c]
        applies: list[str] = []
        if defect == "ref-item":
            cancelled_code, mat = next(res_iter)
            applies = [items[p].code for p in users.get(mat, [])[:2]] + [cancelled_code]
        else:
            found = next(free, None)
            if found is None:
                break
            mat = found
            applies = [items[p].code for p in users[mat][: r.randint(1, 3)]]
            if defect == "certificate-not-required-by-item":
                for p in refable[r.randrange(len(refable)):] + refable:
                    if mat not in items[p].mats:
                        applies.append(items[p].code)
                        break
        rel = batches.file_of(c)
        if defect:
            ctx.plant(defect, code, rel)
        name, issuer = names[mat]
        domain = "公共安全" if defect == "commitment-excluded-domain" else "一般"
        batches.add(_entry(r, code, name, mat, applies, domain, issuer))
    batches.close()


def _entry(r: random.Random, code: str, name: str, mat: str, applies: list[str], domain: str,
           issuer: str) -> str:
    return (
        f"  - code: {q(code)}\n"
        f"    name: {q(name)}\n"
        f"    material: {q(mat)}\n"
        f"    applies_to: {flow_list(applies)}\n"
        f"    domain: {q(domain)}\n"
        f"    basis: [{{title: {q(CERT_BASIS[0])}, article: {q('二')}, "
        f"level: {q('规范性文件')}}}, {{title: {q(CERT_BASIS[1])}, "
        f"article: {q(f'第{cn_number(r.randint(10, 60))}条')}, "
        f"level: {q('地方性法规')}}}]\n"
        f"    issuer: {q(issuer)}\n"
        f"    commitment: {q(CERT_PROMISE.format(name=name))}\n"
        f"    verification: {{method: {q(r.choice(CERT_CHECKS))}, "
        f"days: {r.choice((3, 5, 10, 20))}}}\n"
        f"    liability: {q(CERT_LIABILITY)}\n")
