"""A whole run: every list in order, then expected-findings.json and generation.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from benchmarks.gen.benefits import write_benefits
from benchmarks.gen.certificates import write_certificates
from benchmarks.gen.context import Context
from benchmarks.gen.dictionary_files import write_dictionaries
from benchmarks.gen.implementations import write_implementations
from benchmarks.gen.items import write_service_items
from benchmarks.gen.scales import BASE_VERSION, SCALES
from benchmarks.gen.scenarios import write_scenarios
from benchmarks.gen.text import q
from benchmarks.gen.words import VIEWS

FOLDERS = ("licensing", "non-licensing", "filing", "certificate-exemption",
           "no-application-benefits", "scenarios", "implementations", "views")


def generate(scale: str, out: Path | str, seed: int = 1, version: int = BASE_VERSION,
             defects: bool | None = None) -> dict[str, Any]:
    """Write DIR/catalog, DIR/expected-findings.json and DIR/generation.json; return the summary."""
    spec = SCALES[scale]
    out = Path(out)
    root = out / "catalog"
    if root.exists():
        if not (out / "generation.json").exists():
            raise FileExistsError(f"{root} exists and was not written by this generator")
        shutil.rmtree(root)
    out.mkdir(parents=True, exist_ok=True)
    return run(Context(spec, out, seed, version, spec.defects if defects is None else defects))


def run(ctx: Context) -> dict[str, Any]:
    for folder in FOLDERS:
        (ctx.root / folder).mkdir(parents=True, exist_ok=True)
    write_dictionaries(ctx)
    write_service_items(ctx)
    write_certificates(ctx)
    write_benefits(ctx)
    write_scenarios(ctx)
    write_implementations(ctx)
    for slug, name, select in VIEWS:
        ctx.write(f"views/{slug}.yaml", f"name: {q(name)}\nselect: {select}\n")
    return _write_summary(ctx)


def _write_summary(ctx: Context) -> dict[str, Any]:
    findings = sorted({(f.rule, f.item or "", f.file) for f in ctx.cat.findings})
    expected = [{"rule": rule, "item": item or None, "file": path}
                for rule, item, path in findings]
    rows = ",\n ".join(json.dumps(e, ensure_ascii=False) for e in expected)
    (ctx.out / "expected-findings.json").write_text(f"[{rows}]\n" if rows else "[]\n",
                                                    encoding="utf-8")
    by_rule: dict[str, int] = {}
    for rule, _, _ in findings:
        by_rule[rule] = by_rule.get(rule, 0) + 1
    summary = {
        "scale": ctx.scale.name, "seed": ctx.seed, "version": str(ctx.version),
        "defects": ctx.defects, "files": ctx.cat.files, "bytes": ctx.cat.bytes,
        "service_items": len(ctx.cat.items),
        "planted": len(expected), "planted_by_rule": dict(sorted(by_rule.items())),
    }
    (ctx.out / "generation.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    return summary
