"""The dictionaries every record draws from: data elements and materials, with their keys."""

from __future__ import annotations

from benchmarks.gen.departments import DEPARTMENTS
from benchmarks.gen.dictionary_words import (
    CERT_FACTS,
    CERT_PERSONS,
    COMMON_ELEMENTS,
    COMMON_MATERIALS,
    DEPT_ELEMENT_ATTRS,
    Element,
)

CertMaterial = tuple[str, str, str]  # key, name, issuing department


def cert_materials(certificates: int) -> list[CertMaterial]:
    """Enough 证明 materials (person × fact) for the certificate entries and some spare."""
    need = max(certificates + 50, 40)
    out: list[CertMaterial] = []
    for person in CERT_PERSONS:
        for fact, issuer in CERT_FACTS:
            out.append((f"cert-{len(out) + 1:03d}", person + fact, issuer))
            if len(out) == need:
                return out
    return out


def all_elements() -> list[Element]:
    """The common elements, then three of two topics of every department."""
    out = list(COMMON_ELEMENTS)
    for dept, _, _, topics in DEPARTMENTS:
        for k in range(2):
            topic = topics[k]
            for attr, label, etype in DEPT_ELEMENT_ATTRS[:3]:
                opts = ("甲类", "乙类", "丙类") if etype == "枚举" else ()
                out.append((f"{dept}.{attr}_{k + 1}", topic + label, etype, opts,
                            100 if etype == "文本" else 0, ""))
    return out


def _dept_materials() -> dict[str, list[CertMaterial]]:
    """A 批准文书 per topic of every department: (key, name, topic)."""
    return {d[0]: [(f"{d[0]}-{k + 1}", f"{t}批准文书", t) for k, t in enumerate(d[3])]
            for d in DEPARTMENTS}


def _dept_elements() -> dict[str, list[str]]:
    return {d[0]: [f"{d[0]}.{attr}_{k + 1}" for k in range(2)
                   for attr, _, _ in DEPT_ELEMENT_ATTRS[:3]]
            for d in DEPARTMENTS}


def _general_elements() -> list[str]:
    return [e[0] for e in COMMON_ELEMENTS[7:11]] + [
        e[0] for e in COMMON_ELEMENTS if e[0].startswith(("business.", "application.",
                                                          "agent.", "project."))]


OPTIONAL_ELEMENTS = frozenset({"applicant.email", "agent.name", "agent.id_number",
                               "agent.mobile", "application.reason"})


class Dictionaries:
    """Materials and data elements, with the lookups the record builders need."""

    def __init__(self, certificates: int) -> None:
        self.cert_mats = cert_materials(certificates)
        self.dept_mats = _dept_materials()
        self.dict_names = {m[1] for m in COMMON_MATERIALS}  # names of every dictionary material
        self.dict_names.update(name for _, name, _ in self.cert_mats)
        for mats in self.dept_mats.values():
            self.dict_names.update(name for _, name, _ in mats)
        self.elements = all_elements()
        self.dept_elements = _dept_elements()
        self.general_elements = _general_elements()
