"""One set of materials (一套材料) for a 一件事.

Each materials.yaml entry becomes one line however many items ask for it; an inline material is
one line per item. For each item that asks, a material is either exempt (免提交: 电子证照, 数据共享,
or ``exempt: true``), replaced by a written commitment (a certificate-exemption entry applies to
that item), or submitted. The line is submitted if any item still demands it, else replaced by
the 告知承诺书 if any item replaces it, else exempt. All replaced certificates of a scenario share
ONE 告知承诺书 (``CommitmentLetter``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from compiler.build.artifacts import CommitmentLetter, MaterialLine, MaterialStatus
from compiler.model.catalog import Catalog, ResolvedMaterial
from compiler.model.certificates import CertificateExemption
from compiler.model.items import MaterialEntry, ServiceItem

_NECESSITY_ORDER = ("必要", "容缺后补", "非必要")  # strictest first


@dataclass(frozen=True, slots=True)
class _Ask:
    """One item asking for one material, and what happens to it there."""

    code: str
    entry: MaterialEntry
    status: MaterialStatus
    certificate: CertificateExemption | None
    tolerated: bool


def _exempt_reason(catalog: Catalog, material: ResolvedMaterial) -> str:
    reasons = []
    if material.e_license is not None:
        reasons.append(f"电子证照：{material.e_license}")
    if material.shared_by is not None:
        source = catalog.data_sources.get(material.shared_by)
        reasons.append(f"数据共享：{source.name if source is not None else material.shared_by}")
    return "；".join(reasons) or "事项规定免于提交"


def _ask(catalog: Catalog, item: ServiceItem, entry: MaterialEntry, ref: str) -> _Ask:
    tolerated = entry.necessity == "容缺后补" or ref in item.handling.tolerance
    if catalog.is_exempt(entry):
        return _Ask(item.code, entry, "免提交", None, False)
    for certificate in catalog.certificates_for(item.code):
        if entry.material is not None and certificate.material == entry.material:
            return _Ask(item.code, entry, "告知承诺", certificate, False)
    return _Ask(item.code, entry, "提交", None, tolerated)


def _line(catalog: Catalog, material: ResolvedMaterial, asks: Sequence[_Ask]) -> MaterialLine:
    statuses = {ask.status for ask in asks}
    status: MaterialStatus = next(s for s in ("提交", "告知承诺", "免提交") if s in statuses)
    deciding = [ask for ask in asks if ask.status == status]
    if status == "免提交":
        reason = _exempt_reason(catalog, material)
    elif status == "告知承诺":
        certificate = deciding[0].certificate
        assert certificate is not None
        reason = f"以告知承诺书替代（{certificate.name}，{certificate.code}）"
    else:
        reason = ""
    copies = [ask.entry.copies for ask in deciding if ask.entry.copies is not None]
    return MaterialLine(
        key=material.ref,
        name=material.name,
        status=status,
        reason=reason,
        items=tuple(dict.fromkeys(ask.code for ask in asks)),
        necessity=min((ask.entry.necessity for ask in asks), key=_NECESSITY_ORDER.index),
        tolerance=status == "提交" and all(ask.tolerated for ask in deciding),
        original=max((c.original for c in copies), default=0),
        copy=max((c.copy_ for c in copies), default=0),
        inline=material.inline,
    )


def merge_materials(
    catalog: Catalog, items: Sequence[ServiceItem]
) -> tuple[tuple[MaterialLine, ...], CommitmentLetter | None]:
    """The scenario's one set of materials, in the order the items first ask for them."""
    asks: dict[tuple[str, str], list[_Ask]] = {}
    resolved: dict[tuple[str, str], ResolvedMaterial] = {}
    for item in items:
        for entry in item.materials:
            material = catalog.material_of(entry)
            # a materials.yaml entry is one line for the scenario; an inline one, one per item
            identity = (item.code if material.inline else "", material.ref)
            resolved.setdefault(identity, material)
            line_asks = asks.setdefault(identity, [])
            if all(ask.code != item.code for ask in line_asks):
                line_asks.append(_ask(catalog, item, entry, material.ref))
    lines = tuple(_line(catalog, resolved[key], asks[key]) for key in asks)
    certificates: dict[str, tuple[str, str, str]] = {}
    for key, line in zip(asks, lines, strict=True):
        if line.status == "告知承诺":
            for ask in asks[key]:
                if ask.certificate is not None:
                    cert = ask.certificate
                    certificates.setdefault(cert.code, (cert.code, cert.name, cert.commitment))
    letter = CommitmentLetter(tuple(certificates.values())) if certificates else None
    return lines, letter


def submitted_count(lines: Sequence[MaterialLine], letter: CommitmentLetter | None) -> int:
    """materials_after: lines still submitted, plus one 告知承诺书 if a certificate is replaced."""
    return sum(1 for line in lines if line.status == "提交") + (1 if letter is not None else 0)
