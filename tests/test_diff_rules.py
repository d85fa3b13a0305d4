"""Matching, field paths and effects on hand-made records, one rule at a time."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.diff.effects import Effect, Side, classify
from compiler.diff.fields import Ident, compare, format_path
from compiler.diff.match import match_entries
from compiler.diff.snapshot import Entry

MATERIALS = {
    "business-license": {"key": "business-license", "e_license": "营业执照"},
    "site-plan": {"key": "site-plan"},
}


def effects(old: Any, new: Any, city: tuple[Any, Any] | None = None) -> dict[str, str]:
    before, after = Side(old, MATERIALS), Side(new, MATERIALS)
    if city is not None:
        before, after = Side(old, MATERIALS, city[0]), Side(new, MATERIALS, city[1])
    return {
        format_path(change.path): classify(change, before, after).value
        for change in compare(old, new, frozenset({"code"}))
    }


def test_reordering_lists_is_no_change() -> None:
    old = {
        "materials": [{"material": "site-plan", "necessity": "必要"}, {"name": "申请书"}],
        "conditions": ["甲", "乙"],
        "basis": [{"title": "条例", "article": "第一条"}, {"title": "办法"}],
    }
    new = {key: list(reversed(value)) for key, value in old.items()}
    assert compare(old, new) == []


def test_paths_are_stable() -> None:
    old = {"materials": [{"name": "申请书", "necessity": "必要"}], "time_limit": {"promised": 9}}
    new = {"materials": [{"name": "申请书", "necessity": "非必要"}], "time_limit": {"promised": 5}}
    found = compare(old, new)
    assert [format_path(c.path) for c in found] == [
        "materials[申请书].necessity",
        "time_limit.promised",
    ]
    assert found[0].path == ("materials", Ident("申请书"), "necessity")
    # a data element key with dots stays one segment
    assert format_path(("eligibility", "properties", "enterprise.months")) == (
        "eligibility.properties[enterprise.months]"
    )


def test_absent_equals_null_and_empty() -> None:
    assert compare({"supervision": None, "tags": []}, {}) == []


def test_set_semantics_for_strings() -> None:
    found = compare({"process": ["申请", "受理", "申请"]}, {"process": ["受理", "决定"]})
    assert [(format_path(c.path), c.old, c.new) for c in found] == [
        ("process[决定]", None, "决定"),
        ("process[申请]", "申请", None),
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "effect"),
    [
        ({"handling": {"visits": 2}}, {"handling": {"visits": 1}}, "handling.visits", "improved"),
        ({"handling": {"online_depth": 4}}, {"handling": {"online_depth": 3}},
         "handling.online_depth", "regressed"),
        ({"time_limit": {"legal": 20}}, {"time_limit": {"legal": 10}}, "time_limit.legal", "improved"),
        ({"fee": {"charged": True}}, {"fee": {"charged": False}}, "fee.charged", "improved"),
        ({"fee": {"charged": False}}, {"fee": {"charged": True}}, "fee.charged", "regressed"),
        ({"handling": {"commitment": False}}, {"handling": {"commitment": True}},
         "handling.commitment", "improved"),
        ({"handling": {"in_center": {"value": True}}}, {"handling": {"in_center": {"value": False}}},
         "handling.in_center.value", "regressed"),
        ({}, {"handling": {"one_visit": {"value": True}}}, "handling.one_visit.value", "improved"),
        ({"handling": {"tolerance": []}}, {"handling": {"tolerance": ["site-plan"]}},
         "handling.tolerance[site-plan]", "improved"),
        ({"applies_to": ["A", "B"]}, {"applies_to": ["A"]}, "applies_to[B]", "regressed"),
        ({"mode": "即申即享"}, {"mode": "免申即享"}, "mode", "improved"),
        ({"promised_days": 3}, {"promised_days": 5}, "promised_days", "regressed"),
        ({"contact": {"phone": "1"}}, {"contact": {"phone": "2"}}, "contact.phone", "neutral"),
        ({"name": "甲"}, {"name": "乙"}, "name", "neutral"),
        ({"time_limit": {"promised": "十"}}, {"time_limit": {"promised": 5}},
         "time_limit.promised", "neutral"),
    ],
)  # fmt: skip
def test_effects(old: Any, new: Any, path: str, effect: str) -> None:
    assert effects(old, new)[path] == effect


def test_material_effects() -> None:
    required = {"material": "site-plan", "necessity": "必要"}
    exempt = {"material": "business-license", "necessity": "必要"}  # 电子证照: exempt by default
    assert effects({"materials": [required]}, {"materials": []}) == {
        "materials[site-plan]": "improved"
    }
    assert effects({"materials": []}, {"materials": [required]}) == {
        "materials[site-plan]": "regressed"
    }
    assert effects({"materials": []}, {"materials": [exempt]}) == {
        "materials[business-license]": "neutral"
    }
    optional = {**required, "necessity": "非必要"}
    assert effects({"materials": [required]}, {"materials": [optional]}) == {
        "materials[site-plan].necessity": "improved"
    }
    assert effects({"materials": [exempt]}, {"materials": [{**exempt, "necessity": "非必要"}]}) == {
        "materials[business-license].necessity": "neutral"  # not submitted either way
    }
    assert effects({"materials": [exempt]}, {"materials": [{**exempt, "exempt": False}]}) == {
        "materials[business-license].exempt": "regressed"
    }
    assert effects({"materials": [required]}, {"materials": [{**required, "exempt": True}]}) == {
        "materials[site-plan].exempt": "improved"
    }


def test_district_entry_read_against_the_city() -> None:
    city = ({"time_limit": {"promised": 10}}, {"time_limit": {"promised": 10}})
    assert effects({"time_limit": {"promised": 8}}, {}, city) == {
        "time_limit.promised": "regressed"
    }
    assert effects({}, {"time_limit": {"promised": 8}}, city) == {"time_limit.promised": "improved"}


def item(code: str, list_name: str = "licensing", **data: Any) -> Entry:
    record = {"code": code, "name": "食品经营许可", "department": "scjgw", "type": "行政许可"}
    return Entry(list_name, code, {**record, **data})


def kinds(old: list[Entry], new: list[Entry]) -> list[tuple[str, str | None, str | None]]:
    pairs = match_entries({e.code: e for e in old}, {e.code: e for e in new})
    return sorted(
        (p.kind, p.old.code if p.old else None, p.new.code if p.new else None) for p in pairs
    )


def test_recoded_needs_name_department_and_type() -> None:
    assert kinds([item("A")], [item("B")]) == [("recoded", "A", "B")]
    assert kinds([item("A")], [item("B", department="wjw")]) == [
        ("added", None, "B"),
        ("removed", "A", None),
    ]
    assert kinds([item("A")], [item("B", name="食品生产许可")])[0][0] == "added"


def test_moved_by_code_across_lists() -> None:
    moved = item("A", "filing", type="行政备案")
    assert kinds([item("A")], [moved]) == [("moved", "A", "A")]


def test_ambiguous_recodes_pair_in_code_order() -> None:
    old, new = [item("A1"), item("A2")], [item("B2"), item("B1"), item("B3")]
    assert kinds(old, new) == [
        ("added", None, "B3"),
        ("recoded", "A1", "B1"),
        ("recoded", "A2", "B2"),
    ]


def test_policy_recode_by_name() -> None:
    old = Entry("no-application-benefits", "MSJX-2024-001", {"name": "稳岗返还"})
    new = Entry("no-application-benefits", "MSJX-2025-001", {"name": "稳岗返还"})
    assert kinds([old], [new]) == [("recoded", "MSJX-2024-001", "MSJX-2025-001")]


def test_effect_mirror() -> None:
    assert [e.mirror for e in Effect] == [Effect.REGRESSED, Effect.IMPROVED, Effect.NEUTRAL]
