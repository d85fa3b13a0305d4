"""Rules part 2 (commitment, consistency, scenarios, benefits, waivers): the cases the rules'
own examples do not show — edges of the generic checks they use."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.config import load_config
from compiler.diagnostics import Diagnostic
from compiler.lint.checks import load_checks
from compiler.lint.pipeline import ruleset_for
from compiler.lint.rules import RulebookError
from tests.rule_harness import ROOT, build_catalog, run

RULESET = ruleset_for(load_config(ROOT))

PART_2 = {
    "commitment": [
        "commitment-needs-supervision",
        "supervision-consistent",
        "commitment-excluded-domain",
        "certificate-not-required-by-item",
        "tolerance-material-exists",
        "gov-issued-material-submitted",
        "newspaper-notice",
    ],
    "consistency": ["uniform-elements", "duplicate-name"],
    "scenarios": [
        "scenario-min-items",
        "scenario-lead-involved",
        "scenario-form-conflict",
        "scenario-not-faster",
    ],
    "benefits": [
        "benefit-data-source",
        "benefit-expired",
        "benefit-criteria",
        "benefit-apply-form",
    ],
    "waivers": ["waiver-expired", "waiver-unused"],
}
SEVERITY = {
    "gov-issued-material-submitted": "warning",
    "newspaper-notice": "warning",
    "duplicate-name": "warning",
    "scenario-lead-involved": "warning",
    "scenario-not-faster": "warning",
    "waiver-unused": "warning",
}


def lint(
    tmp_path: Path, files: dict[str, str], rule: str, today: str | None = None
) -> list[Diagnostic]:
    catalog = build_catalog(tmp_path, files)
    return [d for d in run(catalog, [rule], today) if d.rule == rule]


def places(found: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return sorted((d.file, d.line, d.column) for d in found)


# --- the rule table ---------------------------------------------------------------------------


@pytest.mark.parametrize(("group", "ids"), PART_2.items())
def test_groups_hold_the_rulebook_ids(group: str, ids: list[str]) -> None:
    mine = [rule.id for rule in RULESET.rules.values() if rule.group == group]
    assert mine == ids


@pytest.mark.parametrize("rule_id", [r for ids in PART_2.values() for r in ids])
def test_rule_metadata(rule_id: str) -> None:
    rule = RULESET.rules[rule_id]
    assert rule.severity.value == SEVERITY.get(rule_id, "error")
    assert rule.basis and rule.rationale and rule.title
    assert rule.check in load_checks() or rule.check == "waivers"
    assert {"pass", "fail"} <= set(rule.examples)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message)


# --- commitment -------------------------------------------------------------------------------

ITEM = """\
items:
  - code: "000117002000"
    name: 食品生产许可
    department: scjgw
    conditions: [具有生产场所]
    materials:
{materials}
    handling: {handling}
"""


def item(materials: str, handling: str = "{commitment: false}") -> str:
    return ITEM.format(materials=materials, handling=handling)


def test_tolerance_names_a_dictionary_material_by_its_name(tmp_path: Path) -> None:
    files = {
        "licensing/x.yaml": item(
            "      - {material: business-license, necessity: 容缺后补}",
            "{tolerance: [营业执照]}",
        )
    }
    assert lint(tmp_path, files, "tolerance-material-exists") == []


def test_tolerance_may_not_be_a_dictionary_application_form(tmp_path: Path) -> None:
    files = {
        "materials.yaml": "materials:\n  - {key: apply-form, name: 登记申报表, origin: 申请人自备}\n",
        "licensing/x.yaml": item(
            "      - {material: apply-form, necessity: 必要}", "{tolerance: [apply-form]}"
        ),
    }
    found = lint(tmp_path, files, "tolerance-material-exists")
    assert places(found) == [("licensing/x.yaml", 8, 28)]
    assert "申请表" in found[0].message


def test_gov_issued_by_a_department_outside_the_catalog_is_not_reported(tmp_path: Path) -> None:
    files = {
        "materials.yaml": (
            "materials:\n"
            "  - {key: passport, name: 护照, origin: 政府部门核发, issued_by: nia, e_license: 电子护照}\n"
        ),
        "licensing/x.yaml": item("      - {material: passport, necessity: 必要, exempt: false}"),
    }
    assert lint(tmp_path, files, "gov-issued-material-submitted") == []


def test_newspaper_notice_is_reported_at_each_item_not_at_the_dictionary(tmp_path: Path) -> None:
    files = {
        "materials.yaml": "materials:\n  - {key: notice, name: 减资报纸公告, origin: 申请人自备}\n",
        "licensing/x.yaml": item("      - {material: notice, necessity: 必要}"),
        "licensing/y.yaml": item("      - {material: notice, necessity: 必要}").replace(
            "000117002000", "000117003000"
        ),
    }
    found = lint(tmp_path, files, "newspaper-notice")
    assert sorted(str(d.item) for d in found) == ["000117002000", "000117003000"]
    assert all(d.related and d.related[0].file == "materials.yaml" for d in found)


def test_supervision_checks_may_name_conditions_and_inline_materials(tmp_path: Path) -> None:
    files = {
        "licensing/x.yaml": item(
            "      - {name: 场所平面图, origin: 申请人自备, necessity: 必要}",
            "{commitment: true}",
        )
        + "    supervision: {checks: [具有生产场所, 场所平面图]}\n"
    }
    assert lint(tmp_path, files, "supervision-consistent") == []


def test_certificate_entry_reports_each_item_that_lacks_the_material(tmp_path: Path) -> None:
    files = {
        "licensing/x.yaml": item("      - {material: no-criminal-record, necessity: 必要}"),
        "certificate-exemption/gaj.yaml": (
            "items:\n"
            "  - code: ZM-0001\n"
            "    name: 无犯罪记录证明\n"
            "    material: no-criminal-record\n"
            '    applies_to: ["000117002000", "000117001000", "999999999999"]\n'
        ),
    }
    found = lint(tmp_path, files, "certificate-not-required-by-item")
    assert places(found) == [("certificate-exemption/gaj.yaml", 5, 34)]
    assert "000117001000" in found[0].message
    assert found[0].related[0].file == "licensing/scjgw.yaml"


# --- consistency -------------------------------------------------------------------------------

IMPLEMENTATION = """\
district: 和平区
agency: scjgw
items:
  - code: "000117001000"
{body}
"""


def test_uniform_allows_equal_restatements_and_lower_promised_time(tmp_path: Path) -> None:
    body = (
        "    name: 食品经营许可\n"
        "    time_limit: {legal: 20, promised: 10}\n"
        "    contact: {phone: 022-27311234, hours: 工作日 8:30-17:30}\n"
        "    handling: {tolerance: [business-license], visits: 0}\n"
        "    form: [applicant.name, enterprise.uscc, business.address]\n"
    )
    files = {"implementations/heping.yaml": IMPLEMENTATION.format(body=body)}
    assert lint(tmp_path, files, "uniform-elements") == []


def test_uniform_reports_keys_the_city_item_does_not_have(tmp_path: Path) -> None:
    body = "    tags: [天开园]\n    materials: []\n"
    files = {"implementations/heping.yaml": IMPLEMENTATION.format(body=body)}
    found = lint(tmp_path, files, "uniform-elements")
    assert places(found) == [
        ("implementations/heping.yaml", 5, 5),
        ("implementations/heping.yaml", 6, 5),
    ]
    tags = found[0]
    assert "和平区" in tags.message and "食品经营许可" in tags.message
    assert tags.related[0].file == "licensing/scjgw.yaml"
    assert (tags.related[0].line, tags.related[0].column) == (2, 5)  # the city item itself
    assert (found[1].related[0].line, found[1].related[0].column) == (11, 5)  # its materials


def test_uniform_skips_unknown_codes(tmp_path: Path) -> None:
    files = {
        "implementations/heping.yaml": IMPLEMENTATION.format(
            body="    fee: {charged: true}"
        ).replace("000117001000", "000117999000")
    }
    assert lint(tmp_path, files, "uniform-elements") == []


def test_duplicate_name_across_lists_of_one_department(tmp_path: Path) -> None:
    files = {
        "filing/scjgw.yaml": (
            "items:\n"
            '  - {code: "000117001001", name: 食品经营许可, department: scjgw, status: 在用}\n'
        )
    }
    found = lint(tmp_path, files, "duplicate-name")
    assert [d.item for d in found] == ["000117001001"]


# --- scenarios ------------------------------------------------------------------------------------

GAJ = """\
items:
  - code: "000120001000"
    name: 户外招牌设置备案
    department: gaj
    time_limit: {{legal: 10, promised: {days}}}
    form: {form}
"""
SCENARIO = """\
code: YJS-KDCY
name: 开办餐饮店一件事
kind: 企业
lead: scjgw
items:
  - {{code: "000117001000"}}
  - {{code: "000120001000"}}
{extra}"""


def scenario(days: int = 5, form: str = "[]", extra: str = "") -> dict[str, str]:
    return {
        "non-licensing/gaj.yaml": GAJ.format(days=days, form=form),
        "scenarios/kdcy.yaml": SCENARIO.format(extra=extra),
    }


def test_required_differences_are_reconciled(tmp_path: Path) -> None:
    files = scenario(form="[{element: applicant.name, required: false}, business.address]")
    assert lint(tmp_path, files, "scenario-form-conflict") == []


def test_same_label_same_type_is_not_a_conflict(tmp_path: Path) -> None:
    files = scenario(form="[enterprise.phone]")
    files["data-elements.yaml"] = (
        "elements:\n"
        "  - {key: applicant.phone, label: 联系电话, type: 手机号}\n"
        "  - {key: enterprise.phone, label: 联系电话, type: 手机号}\n"
    )
    files["licensing/scjgw.yaml"] = (
        'items:\n  - {code: "000117001000", name: 食品经营许可, department: scjgw, form: [applicant.phone]}\n'
    )
    assert lint(tmp_path, files, "scenario-form-conflict") == []


def test_enum_options_differ_under_one_label(tmp_path: Path) -> None:
    files = scenario(form="[business.kind]")
    files["data-elements.yaml"] = (
        "elements:\n"
        "  - {key: enterprise.kind, label: 经营类别, type: 枚举, options: [餐饮, 零售]}\n"
        "  - {key: business.kind, label: 经营类别, type: 枚举, options: [餐饮, 零售, 批发]}\n"
    )
    files["licensing/scjgw.yaml"] = (
        'items:\n  - {code: "000117001000", name: 食品经营许可, department: scjgw, form: [enterprise.kind]}\n'
    )
    found = lint(tmp_path, files, "scenario-form-conflict")
    assert places(found) == [("scenarios/kdcy.yaml", 7, 6)]
    assert "经营类别" in found[0].message


@pytest.mark.parametrize(
    ("days", "extra", "expected"),
    [
        (5, "promised_days: 14\n", []),  # 14 < 10 + 5: faster
        (5, "promised_days: 15\n", [("scenarios/kdcy.yaml", 8, 1)]),
        (0, "", [("scenarios/kdcy.yaml", 1, 1)]),  # absent: max 10, not below the sum 10
        (5, "", []),  # absent: max 10 < sum 15
    ],
)
def test_scenario_not_faster(
    tmp_path: Path, days: int, extra: str, expected: list[tuple[str, int, int]]
) -> None:
    found = lint(tmp_path, scenario(days=days, extra=extra), "scenario-not-faster")
    assert places(found) == expected


def test_scenario_not_faster_skips_unknown_items(tmp_path: Path) -> None:
    files = scenario(extra='  - {code: "000199999000"}\npromised_days: 30\n')
    assert lint(tmp_path, files, "scenario-not-faster") == []


def test_scenario_not_faster_skips_all_instant_items(tmp_path: Path) -> None:
    files = scenario(days=0)
    files["licensing/scjgw.yaml"] = (
        'items:\n  - {code: "000117001000", name: 食品经营许可, department: scjgw, '
        "time_limit: {legal: 0, promised: 0}}\n"
    )
    assert lint(tmp_path, files, "scenario-not-faster") == []


def test_lead_owning_an_optional_item_is_involved(tmp_path: Path) -> None:
    files = scenario()
    files["scenarios/kdcy.yaml"] = files["scenarios/kdcy.yaml"].replace("lead: scjgw", "lead: gaj")
    assert lint(tmp_path, files, "scenario-lead-involved") == []


# --- benefits -------------------------------------------------------------------------------------

BENEFIT = """\
items:
  - code: MSJX-2025-001
    name: 失业保险稳岗返还
{body}
"""


def test_benefit_elements_in_all_of_and_once_per_element(tmp_path: Path) -> None:
    body = (
        "    eligibility:\n"
        "      required: [applicant.phone]\n"
        "      allOf:\n"
        "        - properties: {applicant.phone: {minLength: 11}}\n"
        "    data_sources: [tysfrz]\n"
    )
    found = lint(
        tmp_path,
        {"no-application-benefits/rsj.yaml": BENEFIT.format(body=body)},
        "benefit-data-source",
    )
    assert places(found) == [("no-application-benefits/rsj.yaml", 5, 18)]
    assert "没有共享来源" in found[0].message


def test_benefit_unknown_element_is_left_to_the_reference_rule(tmp_path: Path) -> None:
    body = "    eligibility:\n      required: [applicant.shoe_size]\n    data_sources: []\n"
    files = {"no-application-benefits/rsj.yaml": BENEFIT.format(body=body)}
    assert lint(tmp_path, files, "benefit-data-source") == []


@pytest.mark.parametrize(
    ("valid", "today", "hits"),
    [
        ("{from: 2025-03-01, to: 2025-03-01}", None, 0),  # both ends inclusive
        ("{from: 2025-03-02}", None, 1),
        ("{from: 2024-01-01, to: 2025-02-28}", None, 1),
    ],
)
def test_benefit_validity_against_the_effective_date(
    tmp_path: Path, valid: str, today: str | None, hits: int
) -> None:
    files = {"no-application-benefits/rsj.yaml": BENEFIT.format(body=f"    valid: {valid}")}
    assert len(lint(tmp_path, files, "benefit-expired", today)) == hits


def test_benefit_validity_without_effective_date_uses_today(tmp_path: Path) -> None:
    meta = (ROOT / "tests/fixtures/base/catalog.yaml").read_text("utf-8")
    files = {
        "catalog.yaml": meta.replace("effective_date: 2025-03-01\n", ""),
        "no-application-benefits/rsj.yaml": BENEFIT.format(
            body="    valid: {from: 2025-01-01, to: 2025-05-31}"
        ),
    }
    assert len(lint(tmp_path, files, "benefit-expired", "2025-06-01")) == 1
    assert lint(tmp_path / "b", files, "benefit-expired", "2025-05-01") == []


# --- checks refuse parameters they cannot use ------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "params"),
    [
        ("member", {"select": ["licensing"], "path": "name"}),
        ("member", {"select": ["licensing"], "path": "name", "among": ["x"], "via": "code"}),
        ("lookup", {"select": ["licensing"], "path": "materials[*]"}),
        ("aggregate", {"select": ["scenarios"], "via": "items[*].code", "op": "<"}),
        ("date-range", {"select": ["licensing"], "date": "tomorrow", "from": "a"}),
    ],
)
def test_checks_reject_incomplete_parameters(
    tmp_path: Path, check: str, params: dict[str, object]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    import json

    (rules / "x.yaml").write_text(
        "group: x\nrules:\n  - id: x-rule\n    title: 测试\n    severity: error\n"
        f"    check: {check}\n    params: {json.dumps(params)}\n    message: 测试\n",
        "utf-8",
    )
    from compiler.lint.context import LintContext
    from compiler.lint.engine import run_rules
    from compiler.lint.rules import RuleSet

    ruleset = RuleSet.load([rules])
    with pytest.raises(RulebookError):
        run_rules(
            LintContext(sources=[], today=__import__("datetime").date(2025, 6, 1)),
            list(ruleset.rules.values()),
        )
