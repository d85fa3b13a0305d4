"""The benchmark catalog generator: deterministic, valid YAML, the documented layout and counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from benchmarks.generate import SCALES, generate, main

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SMALL = SCALES["small"]
N_ITEMS = SMALL.licensing[0] + SMALL.non_licensing[0] + SMALL.filing[0]
TYPE_CODE = {"行政许可": "01", "行政给付": "05", "行政确认": "07", "行政奖励": "08",
             "行政裁决": "09", "其他行政权力": "10", "公共服务": "20"}
NATIONAL = re.compile(r"[0-9A-HJ-NP-RT-UW-Y]{12}")  # no I O Z S V


def _load(path: Path) -> object:
    return yaml.load(path.read_bytes(), Loader=Loader)  # a safe loader (C if built with libyaml)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    generate("small", out)
    return out


@pytest.fixture(scope="module")
def catalog(small: Path) -> dict[str, object]:
    root = small / "catalog"
    return {p.relative_to(root).as_posix(): _load(p) for p in sorted(root.rglob("*.yaml"))}


def _items(catalog: dict[str, object], *folders: str) -> list[dict]:
    out: list[dict] = []
    for rel, data in catalog.items():
        if rel.split("/")[0] in folders:
            assert isinstance(data, dict)
            out.extend(data["items"])
    return out


def test_small_is_byte_identical_across_runs(small: Path, tmp_path: Path) -> None:
    assert main(["--scale", "small", "--out", str(tmp_path)]) == 0
    assert _tree(tmp_path) == _tree(small)


def test_another_seed_gives_another_catalog(small: Path, tmp_path: Path) -> None:
    generate("small", tmp_path / "seed2", seed=2)
    assert _tree(tmp_path / "seed2") != _tree(small)


def test_layout_of_catalog_format_section_1(small: Path, catalog: dict[str, object]) -> None:
    assert (small / "expected-findings.json").is_file()
    for name in ("catalog.yaml", "data-elements.yaml", "materials.yaml"):
        assert name in catalog
    folders = {rel.split("/")[0] for rel in catalog if "/" in rel}
    assert folders == {"licensing", "non-licensing", "filing", "certificate-exemption",
                       "no-application-benefits", "scenarios", "implementations", "views"}
    for rel, data in catalog.items():
        folder = rel.split("/")[0]
        if folder == "scenarios":  # one scenario per file, named by its code
            assert isinstance(data, dict) and rel == f"scenarios/{data['code']}.yaml"
        elif folder in ("licensing", "non-licensing", "filing", "certificate-exemption",
                        "no-application-benefits", "implementations"):
            assert isinstance(data, dict) and isinstance(data["items"], list)


def test_expected_counts(catalog: dict[str, object]) -> None:
    assert len(_items(catalog, "licensing")) == SMALL.licensing[0]
    assert len(_items(catalog, "non-licensing")) == SMALL.non_licensing[0]
    assert len(_items(catalog, "filing")) == SMALL.filing[0]
    assert len(_items(catalog, "certificate-exemption")) == SMALL.certificates
    assert len(_items(catalog, "no-application-benefits")) == SMALL.benefits
    assert sum(rel.startswith("scenarios/") for rel in catalog) == SMALL.scenarios
    lists = [rel for rel in catalog if rel.startswith("implementations/")]
    assert len(lists) == SMALL.districts
    assert all(len(catalog[rel]["items"]) == SMALL.entries for rel in lists)  # type: ignore[index]
    assert sum(rel.startswith("views/") for rel in catalog) >= 2
    meta = catalog["catalog.yaml"]
    assert isinstance(meta, dict) and len(meta["districts"]) == 16


def test_codes_unique_quoted_and_typed(small: Path, catalog: dict[str, object]) -> None:
    items = _items(catalog, "licensing", "non-licensing", "filing")
    codes = [it["code"] for it in items]
    assert len(codes) == N_ITEMS == len(set(codes))
    assert all(isinstance(c, str) for c in codes)
    for it in items:
        code = it["code"]
        if NATIONAL.fullmatch(code) and it["type"] in TYPE_CODE:
            assert code[2:4] == TYPE_CODE[it["type"]], code
        assert not re.search(r"[IOZSV]", code)
    others = [e["code"] for e in _items(catalog, "certificate-exemption", "no-application-benefits")]
    others += [d["code"] for rel, d in catalog.items() if rel.startswith("scenarios/")]  # type: ignore[index]
    assert len(set(codes + others)) == len(codes) + len(others)
    # every code, and every string, is written double-quoted (YAML 1.2 never reads a number)
    for path in (small / "catalog").rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"\bcode: (.)", line)
            if match:
                assert match.group(1) == '"', (path, line)
    meta = catalog["catalog.yaml"]
    assert isinstance(meta, dict)
    assert meta["region_code"] == "120000" and meta["version"] == "2025"
    assert isinstance(meta["effective_date"], str)


def test_references_resolve(catalog: dict[str, object]) -> None:
    items = {it["code"]: it for it in _items(catalog, "licensing", "non-licensing", "filing")}
    live = {c for c, it in items.items() if it["status"] != "取消"}
    meta = catalog["catalog.yaml"]
    assert isinstance(meta, dict)
    depts = {d["id"] for d in meta["departments"]}
    elements = {e["key"] for e in catalog["data-elements.yaml"]["elements"]}  # type: ignore[index]
    materials = {m["key"] for m in catalog["materials.yaml"]["materials"]}  # type: ignore[index]
    for it in items.values():
        assert it["department"] in depts
        assert all((f if isinstance(f, str) else f["element"]) in elements for f in it["form"])
        assert all(m["material"] in materials for m in it["materials"] if "material" in m)
        tl = it["time_limit"]
        assert tl["promised"] <= tl["legal"]
        assert (it["handling"]["kind"] == "即办件") == (tl["promised"] == 0)
    for entry in _items(catalog, "certificate-exemption"):
        for code in entry["applies_to"]:
            assert code in live
            assert entry["material"] in [m.get("material") for m in items[code]["materials"]]
    for rel, scenario in catalog.items():
        if rel.startswith("scenarios/"):
            assert isinstance(scenario, dict)
            listed = [i["code"] for i in scenario["items"]]
            assert len(listed) >= 2 and set(listed) <= live
            total = sum(items[c]["time_limit"]["promised"] for c in listed)
            assert scenario["promised_days"] < total
            assert scenario["lead"] in {items[c]["department"] for c in listed}
    for entry in _items(catalog, "implementations"):
        assert entry["code"] in live
        city = items[entry["code"]]["time_limit"]["promised"]
        assert entry.get("time_limit", {}).get("promised", city) <= city


def test_small_is_clean_by_default(small: Path) -> None:
    assert json.loads((small / "expected-findings.json").read_text(encoding="utf-8")) == []


def test_defects_are_listed_sorted_and_point_at_records(tmp_path: Path) -> None:
    generate("small", tmp_path, defects=True)
    expected = json.loads((tmp_path / "expected-findings.json").read_text(encoding="utf-8"))
    assert expected, "small --defects plants findings"
    keys = [(e["rule"], e["item"] or "", e["file"]) for e in expected]
    assert keys == sorted(keys)
    for entry in expected:
        text = (tmp_path / entry["file"]).read_text(encoding="utf-8")
        assert f'code: "{entry["item"]}"' in text


def test_later_version_keeps_codes_and_adds_items(small: Path, tmp_path: Path) -> None:
    generate("small", tmp_path, version=2026)
    codes = {p: {it["code"] for it in _load(p)["items"]}  # type: ignore[index]
             for p in (small / "catalog" / "licensing").glob("*.yaml")}
    for path, before in codes.items():
        after = {it["code"] for it in _load(tmp_path / "catalog" / "licensing" / path.name)["items"]}  # type: ignore[index]
        assert before < after


def test_refuses_to_overwrite_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "mine.yaml").write_text("x: 1\n", encoding="utf-8")
    assert main(["--scale", "small", "--out", str(tmp_path)]) == 2
    assert (tmp_path / "catalog" / "mine.yaml").exists()
