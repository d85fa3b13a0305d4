"""catalog.yaml, data-elements.yaml and materials.yaml."""

from __future__ import annotations

from benchmarks.gen.codes import uscc
from benchmarks.gen.context import Context
from benchmarks.gen.departments import DATA_SOURCES, DEPARTMENTS, DISTRICTS, REGION, REGION_CODE
from benchmarks.gen.dictionary_words import COMMON_MATERIALS, Material
from benchmarks.gen.text import flow_list, flow_map_some, q, q_some


def write_dictionaries(ctx: Context) -> None:
    ctx.write("catalog.yaml", _catalog_text(ctx))
    ctx.write("data-elements.yaml", _elements_text(ctx))
    ctx.write("materials.yaml", _materials_text(ctx))


def _catalog_text(ctx: Context) -> str:
    lines = [f"region: {q(REGION)}", f"region_code: {q(REGION_CODE)}",
             f"version: {q(str(ctx.version))}", f"effective_date: {q(ctx.effective_date)}",
             "districts:"]
    lines += [f"  - {{name: {q(d[0])}, code: {q(d[1])}}}" for d in DISTRICTS]
    lines.append("departments:")
    for i, (dept, name, _, _) in enumerate(DEPARTMENTS):
        lines.append(f"  - {{id: {q(dept)}, name: {q(name)}, level: {q('市级')}, "
                     f"uscc: {q(uscc(i + 1))}}}")
    for d in DISTRICTS:
        lines.append(f"  - {{id: {q(d[3] + '-zwfwb')}, name: {q(d[0] + '政务服务办公室')}, "
                     f"level: {q('区级')}}}")
    lines.append("data_sources:")
    lines += [f"  - {{id: {q(s[0])}, name: {q(s[1])}, department: {q(s[2])}}}"
              for s in DATA_SOURCES]
    return "\n".join(lines) + "\n"


def _elements_text(ctx: Context) -> str:
    lines = ["elements:"]
    for key, label, etype, opts, max_len, source in ctx.dicts.elements:
        lines.append("  - " + flow_map_some([
            ("key", q(key)), ("label", q(label)), ("type", q(etype)),
            ("options", flow_list(opts) if opts else ""),
            ("max_length", str(max_len) if max_len else ""), ("source", q_some(source))]))
    return "\n".join(lines) + "\n"


def _material_rows(ctx: Context) -> list[Material]:
    """The common materials, then every department's 批准文书, then the 证明 materials."""
    rows: list[Material] = list(COMMON_MATERIALS)
    for dept, _, _, _ in DEPARTMENTS:
        for k, (key, name, _) in enumerate(ctx.dicts.dept_mats[dept]):
            rows.append((key, name, "政府部门核发", dept,
                         name.replace("批准文书", "电子批准文书") if k % 2 == 0 else "", ""))
    for key, name, issuer in ctx.dicts.cert_mats:
        n = int(key[5:])
        shared = "xyxx" if n % 7 == 0 else ""
        rows.append((key, name, "政府部门核发", issuer, "", shared))
    return rows


def _materials_text(ctx: Context) -> str:
    lines = ["materials:"]
    cert_keys = {k for k, _, _ in ctx.dicts.cert_mats}
    for key, name, origin, issued_by, e_license, shared_by in _material_rows(ctx):
        lines.append("  - " + flow_map_some([
            ("key", q(key)), ("name", q(name)), ("origin", q(origin)),
            ("issued_by", q_some(issued_by)), ("e_license", q_some(e_license)),
            ("shared_by", q_some(shared_by)), ("certificate", "true" if key in cert_keys else "")]))
    return "\n".join(lines) + "\n"
