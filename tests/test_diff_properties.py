"""Laws of the diff, checked with hypothesis on small generated catalogs.

- a catalog compared with itself has no changes;
- how items are spread over files, and the order of files, items, materials, conditions and
  other list entries, changes nothing;
- diff(b, a) mirrors diff(a, b): added ↔ removed, old ↔ new, improved ↔ regressed.
"""

from __future__ import annotations

import copy
import itertools
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.diff.compare import compare_snapshots
from compiler.diff.model import DiffReport
from compiler.diff.snapshot import LISTS, build_snapshot
from compiler.load.kinds import FileKind
from compiler.load.source import SourceFile

CODES = [f"0001170{n:02d}000" for n in range(14)]
NAMES = ["食品经营许可", "食品生产许可", "出生登记", "护士执业注册"]
DEPARTMENTS = ["scjgw", "wjw"]
TYPES = {
    "licensing": ["行政许可"],
    "filing": ["行政备案"],
    "non-licensing": ["行政确认", "公共服务"],
}
KEYS = ["id-card", "business-license", "site-layout-plan", "power-of-attorney"]
INLINE = ["申请书", "承诺书"]
NECESSITY = ["必要", "非必要", "容缺后补"]
CONDITIONS = ["条件甲", "条件乙", "条件丙"]
DISTRICTS = ["和平区", "东丽区"]
EFFECT_MIRROR = {"improved": "regressed", "regressed": "improved", "neutral": "neutral"}


@dataclass
class Catalog:
    items: dict[str, tuple[str, dict[str, Any]]]  # code → (list, record)
    materials: list[dict[str, Any]] = field(default_factory=list)
    scenarios: list[dict[str, Any]] = field(default_factory=list)
    certificates: list[dict[str, Any]] = field(default_factory=list)
    local: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


material = st.one_of(
    st.builds(
        lambda key, necessity, exempt: {
            "material": key,
            "necessity": necessity,
            **({} if exempt is None else {"exempt": exempt}),
        },
        st.sampled_from(KEYS),
        st.sampled_from(NECESSITY),
        st.none() | st.booleans(),
    ),
    st.builds(
        lambda name, necessity: {"name": name, "origin": "申请人自备", "necessity": necessity},
        st.sampled_from(INLINE),
        st.sampled_from(NECESSITY),
    ),
)


def record(list_name: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "name": st.sampled_from(NAMES),
            "type": st.sampled_from(TYPES[list_name]),
            "department": st.sampled_from(DEPARTMENTS),
            "conditions": st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=3),
            "materials": st.lists(
                material, max_size=4, unique_by=lambda m: m.get("material") or m["name"]
            ),
            "time_limit": st.fixed_dictionaries(
                {"legal": st.integers(0, 20), "promised": st.integers(0, 20)}
            ),
            "fee": st.fixed_dictionaries({"charged": st.booleans()}),
            "handling": st.fixed_dictionaries(
                {
                    "online_depth": st.integers(1, 4),
                    "visits": st.integers(0, 2),
                    "in_center": st.fixed_dictionaries({"value": st.booleans()}),
                    "tolerance": st.lists(st.sampled_from(KEYS), unique=True, max_size=2),
                }
            ),
        }
    )


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    items: dict[str, tuple[str, dict[str, Any]]] = {}
    for code in draw(st.lists(st.sampled_from(CODES), unique=True, max_size=7)):
        list_name = draw(st.sampled_from(sorted(TYPES)))
        items[code] = (list_name, {"code": code, **draw(record(list_name))})
    codes = sorted(items)
    subset = st.lists(st.sampled_from(codes), unique=True, max_size=3) if codes else st.just([])
    catalog = Catalog(items)
    for key in draw(st.lists(st.sampled_from(KEYS), unique=True)):
        exempt = draw(st.booleans())
        catalog.materials.append(
            {"key": key, "name": key, **({"e_license": key} if exempt else {})}
        )
    for number in range(draw(st.integers(0, 2))):
        chosen = draw(subset)
        catalog.scenarios.append(
            {
                "code": f"YJS-{number}",
                "name": f"一件事{number}",
                "lead": "wjw",
                "items": [{"code": c, "required": draw(st.booleans())} for c in chosen],
                "situations": [{"question": "是否", "adds": chosen[:1]}],
                "promised_days": draw(st.integers(0, 9)),
            }
        )
    if draw(st.booleans()):
        catalog.certificates.append(
            {"code": "ZM-1", "name": "无犯罪记录证明", "issuer": "wjw", "applies_to": draw(subset)}
        )
    for district in DISTRICTS:
        catalog.local[district] = [
            {"code": c, "time_limit": {"promised": draw(st.integers(0, 20))}} for c in draw(subset)
        ]
    return catalog


@st.composite
def revised(draw: st.DrawFn, old: Catalog) -> Catalog:
    """A next year's version: some items recoded, moved, retimed; the rest kept."""
    new = copy.deepcopy(old)
    free = [c for c in CODES if c not in old.items]
    renames: dict[str, str] = {}
    for code in sorted(old.items):
        list_name, data = new.items.pop(code)
        action = draw(st.sampled_from(["keep", "recode", "move", "retime", "drop"]))
        if action == "recode" and free:
            renames[code] = free.pop()
            data["code"] = renames[code]
        elif action == "move":
            list_name = draw(st.sampled_from(sorted(TYPES)))
            data["type"] = TYPES[list_name][0]
        elif action == "retime":
            data["time_limit"]["promised"] = draw(st.integers(0, 20))
        elif action == "drop":
            continue
        new.items[data["code"]] = (list_name, data)

    # references follow the recodes, and dropped items are no longer referenced (as lint demands)
    def kept(codes: list[str]) -> list[str]:
        return [renames.get(c, c) for c in codes if renames.get(c, c) in new.items]

    for scenario in new.scenarios:
        scenario["items"] = [
            {**entry, "code": renames.get(entry["code"], entry["code"])}
            for entry in scenario["items"]
            if kept([entry["code"]])
        ]
        for situation in scenario["situations"]:
            situation["adds"] = kept(situation["adds"])
    for certificate in new.certificates:
        certificate["applies_to"] = kept(certificate["applies_to"])
    for district, entries in new.local.items():
        new.local[district] = [
            {**entry, "code": renames.get(entry["code"], entry["code"])}
            for entry in entries
            if kept([entry["code"]])
        ]
    return new


def sources(catalog: Catalog, rnd: random.Random) -> list[SourceFile]:
    """The catalog as files: items spread over files at random, every list shuffled."""

    def shuffled(values: list[Any]) -> list[Any]:
        values = copy.deepcopy(values)
        rnd.shuffle(values)
        for value in values:
            inner = [value, value.get("handling") or {}]
            for part, key in itertools.product(
                inner, ("materials", "conditions", "items", "applies_to", "tolerance")
            ):
                if isinstance(part.get(key), list):
                    rnd.shuffle(part[key])
        return values

    files: list[tuple[str, FileKind, Any]] = [
        ("catalog.yaml", FileKind.CATALOG, {"version": "v", "districts": []}),
        ("materials.yaml", FileKind.MATERIALS, {"materials": shuffled(catalog.materials)}),
    ]
    by_list: dict[str, list[dict[str, Any]]] = {}
    for list_name, data in catalog.items.values():
        by_list.setdefault(list_name, []).append(data)
    for list_name, records in by_list.items():
        records = shuffled(records)
        cut = rnd.randint(0, len(records))
        for part, chunk in enumerate((records[:cut], records[cut:])):
            files.append(
                (
                    f"{list_name}/f{rnd.randint(0, 9)}{part}.yaml",
                    FileKind(list_name),
                    {"items": chunk},
                )
            )
    for scenario in shuffled(catalog.scenarios):
        files.append((f"scenarios/{scenario['code']}.yaml", FileKind.SCENARIOS, scenario))
    if catalog.certificates:
        files.append(("certificate-exemption/a.yaml", FileKind.CERTIFICATE_EXEMPTION,
                      {"items": shuffled(catalog.certificates)}))  # fmt: skip
    for district, entries in catalog.local.items():
        data = {"district": district, "items": shuffled(entries)}
        files.append((f"implementations/{district}.yaml", FileKind.IMPLEMENTATIONS, data))
    rnd.shuffle(files)
    return [
        SourceFile(path=Path(name), display=name, kind=kind, data=data)
        for name, kind, data in files
    ]


def diff(old: Catalog, new: Catalog, rnd: random.Random) -> DiffReport:
    return compare_snapshots(build_snapshot(sources(old, rnd)), build_snapshot(sources(new, rnd)))


def entries(catalog: Catalog) -> int:
    return len(catalog.items) + len(catalog.scenarios) + len(catalog.certificates)


pairs = catalogs().flatmap(lambda a: st.tuples(st.just(a), st.one_of(catalogs(), revised(a))))


@settings(max_examples=30, deadline=None)
@given(catalogs(), st.randoms(use_true_random=False))
def test_diff_with_itself_is_empty(catalog: Catalog, rnd: random.Random) -> None:
    report = diff(catalog, catalog, rnd)
    assert report.empty and report.regressions == 0
    assert sum(s["unchanged"] for s in report.summary.values()) == entries(catalog)


@settings(max_examples=30, deadline=None)
@given(pairs, st.randoms(use_true_random=False), st.randoms(use_true_random=False))
def test_files_and_order_change_nothing(
    pair: tuple[Catalog, Catalog], first: random.Random, second: random.Random
) -> None:
    old, new = pair
    assert diff(old, new, first).to_json() == diff(old, new, second).to_json()


def _renamed(report: DiffReport) -> dict[str, str]:
    """Each recoded pair of codes → one token, so both directions name it alike."""
    pairs = sorted(
        tuple(sorted((c.code, c.old_code))) for c in report.changes if c.old_code is not None
    )
    tokens: dict[str, str] = {}
    for number, (one, other) in enumerate(pairs):
        tokens[one] = tokens[other] = f"⟨R{number}⟩"
    return tokens


def _normal(value: Any, tokens: dict[str, str]) -> str:
    text = repr(value)
    for code, token in tokens.items():
        text = text.replace(code, token)
    return text


def _fields(fields: list[dict[str, Any]], mirror: bool) -> list[dict[str, Any]]:
    """Fields without their labels (names come from the newer version), read backwards."""
    if not mirror:
        return [{k: v for k, v in f.items() if k != "label"} for f in fields]
    return [
        {"path": f["path"], "old": f["new"], "new": f["old"], "effect": EFFECT_MIRROR[f["effect"]]}
        for f in fields
    ]


@settings(max_examples=50, deadline=None)
@given(pairs, st.randoms(use_true_random=False))
def test_diff_backwards_mirrors_forwards(pair: tuple[Catalog, Catalog], rnd: random.Random) -> None:
    old, new = pair
    forward, backward = diff(old, new, rnd), diff(new, old, rnd)
    assert forward.regressions == sum(
        1 for c in backward.to_json()["changes"] for f in c["fields"] if f["effect"] == "improved"
    ) + sum(
        1
        for section in ("dictionaries", "implementations")
        for c in backward.to_json()[section]
        for f in c["fields"]
        if f["effect"] == "improved"
    )
    swap = {"added": "removed", "removed": "added"}
    for kind in ("added", "removed", "changed", "recoded", "moved", "unchanged"):
        there = sum(s[kind] for s in forward.summary.values())
        back = sum(s[swap.get(kind, kind)] for s in backward.summary.values())
        assert there == back, kind
    for name in LISTS:
        for kind in ("changed", "unchanged"):
            assert forward.summary[name][kind] == backward.summary[name][kind]
    tokens = _renamed(forward)
    assert tokens == _renamed(backward)

    def keyed(report: DiffReport, mirror: bool) -> dict[str, str]:
        found = {}
        for change in report.to_json()["changes"]:
            kind = swap.get(change["kind"], change["kind"]) if mirror else change["kind"]
            fields = _fields(change["fields"], mirror)
            list_name = (change["old_list"] or change["list"]) if mirror else change["list"]
            key = _normal((change["code"], list_name if kind != "moved" else ""), tokens)
            # a recode renames paths, which may sort differently: compare fields as a set
            shown = sorted(_normal(f, tokens) for f in fields)
            found[key] = _normal((kind, shown, change["districts"], change["scenarios"]), tokens)
        return found

    assert keyed(forward, mirror=False) == keyed(backward, mirror=True)
    for section in ("dictionaries", "implementations"):
        there = [
            (
                c.get("district"),
                c.get("key"),
                c.get("code", ""),
                c["kind"],
                _fields(c["fields"], False),
            )
            for c in forward.to_json()[section]
        ]
        back = [
            (c.get("district"), c.get("key"), c.get("code", ""),
             swap.get(c["kind"], c["kind"]), _fields(c["fields"], True))
            for c in backward.to_json()[section]
        ]  # fmt: skip
        assert sorted(_normal(x, tokens) for x in there) == sorted(_normal(x, tokens) for x in back)
