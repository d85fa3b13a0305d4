"""Waivers (豁免): what a waiver hides, when it stops hiding, when it is itself a finding — and
the law that a waiver of rule X never changes the findings of any other rule."""

from __future__ import annotations

import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.config import load_config
from compiler.diagnostics import Diagnostic, LintResult, Severity
from compiler.lint.checks import file_schema
from compiler.lint.pipeline import ruleset_for
from tests.rule_harness import ROOT, build_catalog, run

WAIVER_RULES = {"waiver-expired", "waiver-unused"}
TODAY = "2025-06-01"

#: three items that break rules of every part of the rulebook
ITEMS = [
    """\
  - code: "000117002000"
    name: 食品经营许可
    type: 行政许可
    department: scjgw
    levels: [区级]
    basis: [{title: 天津市食品小作坊管理办法, level: 地方政府规章}]
    conditions: [无]
    materials:
      - {material: business-license, necessity: 必要, exempt: false}
      - {name: 营业执照遗失登报声明, origin: 申请人自备, necessity: 必要}
    process: [申请, 受理, 决定]
    time_limit: {legal: 10, promised: 15}
    fee: {charged: true}
    result: {name: 食品经营许可证, electronic: true}
    handling:
      kind: 即办件
      online_depth: 4
      visits: 1
      channels: [窗口办理]
      in_center: {value: false}
      online: {value: true}
      one_visit: {value: true}
      commitment: true
      tolerance: [id-card]
      scope: 全市通办
    contact: {place: 市政务服务中心, hours: 工作日, phone: "123", complaint_phone: "123"}
    form: [applicant.name, applicant.unknown]
    status: 在用
""",
    """\
  - code: "000117003000"
    name: 食品小作坊登记
    type: 行政备案
    department: scjgw
    levels: [区级]
    basis: [{title: 天津市食品小作坊管理办法, level: 规范性文件}]
    conditions: [有固定场所]
    materials:
      - {material: no-such-material, necessity: 必要}
    process: [申请, 受理, 办结]
    time_limit: {legal: 5, promised: 5}
    fee: {charged: false}
    result: {name: 登记证, type: 证照, electronic: true}
    handling:
      kind: 承诺件
      online_depth: 2
      visits: 0
      channels: [窗口办理]
      in_center: {value: true}
      online: {value: false, reason: 其他}
      one_visit: {value: true}
      commitment: false
      scope: 全市通办
    contact: {place: 区政务服务中心, hours: 工作日, phone: 022-12345678, complaint_phone: "12345"}
    form: []
    supervision: {checks: [营业执照]}
    status: 在用
""",
    """\
  - code: "LOCAL-0001"
    name: 食品经营许可
    type: 公共服务
    department: nobody
    levels: [市级]
    basis: [{title: 办法, level: 规范性文件}]
    conditions: [详见附件]
    materials: []
    process: [办结]
    time_limit: {legal: 0, promised: 0}
    fee: {charged: false}
    result: {name: 告知书, type: 其他, electronic: false}
    handling:
      kind: 即办件
      online_depth: 1
      visits: 2
      channels: [窗口办理]
      in_center: {value: true}
      online: {value: true}
      one_visit: {value: false, reason: 法律法规另有规定}
      commitment: false
      scope: 不通办
    contact: {place: 市政务服务中心, hours: 工作日, phone: 022-12345678, complaint_phone: "12345"}
    form: []
    status: 在用
""",
]
CODES = ["000117002000", "000117003000", "LOCAL-0001"]
OTHERS = {
    "scenarios/kdcy.yaml": (
        'code: YJS-KDCY\nname: 开办餐饮店一件事\nkind: 企业\nlead: rsj\nitems:\n  - {code: "000117002000"}\n'
    ),
    "implementations/dongli.yaml": (
        'district: 东丽区\nagency: scjgw\nitems:\n  - code: "000117003000"\n    fee: {charged: true}\n'
    ),
}

RULES = sorted(ruleset_for(load_config(ROOT)).rules)


def waiver_line(rule: str, until: str) -> str:
    return f"    waivers:\n      - {{rule: {rule}, reason: 整改中, until: {until}, approved_by: 市政务服务办}}\n"


def catalog_files(waivers: dict[int, str]) -> dict[str, str]:
    text = "items:\n" + "".join(item + waivers.get(i, "") for i, item in enumerate(ITEMS))
    return {"licensing/x.yaml": text, **OTHERS}


def lint(files: dict[str, str], select: list[str] | None = None) -> list[Diagnostic]:
    # json-schema caches validators by id(schema); a new run's schema dicts may reuse a freed
    # id and pick up another kind's validator. Start each run clean so the law is what is tested.
    file_schema._CACHE.clear()
    with tempfile.TemporaryDirectory() as tmp:
        return run(build_catalog(Path(tmp), files), select, TODAY)


@lru_cache(maxsize=1)
def unwaived() -> tuple[Diagnostic, ...]:
    return tuple(lint(catalog_files({})))


Key = tuple[str, str, str | None, str, Severity, bool]


def keyed(found: list[Diagnostic] | tuple[Diagnostic, ...]) -> Counter[Key]:
    """Findings by identity — never by line: the waiver's lines shift what follows it."""
    return Counter((d.rule, d.file, d.item, d.pointer, d.severity, d.waived) for d in found)


def test_the_fixture_breaks_many_rules() -> None:
    fired = {d.rule for d in unwaived()}
    assert len(fired) >= 20
    assert not any(d.waived for d in unwaived())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(ITEMS) - 1),
    rule=st.sampled_from([*RULES, "no-such-rule"]),
    until=st.sampled_from(["2025-05-31", "2025-06-01", "2030-12-31"]),
)
def test_a_waiver_changes_only_its_own_rule(index: int, rule: str, until: str) -> None:
    before = unwaived()
    after = lint(catalog_files({index: waiver_line(rule, until)}))

    def others(found: list[Diagnostic] | tuple[Diagnostic, ...]) -> Counter[Key]:
        return keyed([d for d in found if d.rule != rule and d.rule not in WAIVER_RULES])

    assert others(after) == others(before)

    code = CODES[index]
    expired = until < TODAY
    waiver_findings = sorted(d.rule for d in after if d.rule in WAIVER_RULES)
    if rule in WAIVER_RULES:  # a waiver rule cannot be waived: the waiver is the only change
        assert waiver_findings == ["waiver-expired" if expired else "waiver-unused"]
        return
    mine_before = [d for d in before if d.rule == rule]
    mine_after = [d for d in after if d.rule == rule]

    def elsewhere(found: list[Diagnostic] | tuple[Diagnostic, ...]) -> Counter[Key]:
        return keyed([d for d in found if d.item != code])

    assert elsewhere(mine_after) == elsewhere(mine_before)
    on_item = [d for d in mine_after if d.item == code]
    assert len(on_item) == len([d for d in mine_before if d.item == code])
    assert all(d.waived is (not expired) for d in on_item)
    if expired:
        assert waiver_findings == ["waiver-expired"]
    elif on_item:
        assert waiver_findings == []
    else:
        assert waiver_findings == ["waiver-unused"]


# --- single behaviours ----------------------------------------------------------------------------


def waived_run(rule: str, until: str, select: list[str] | None = None) -> list[Diagnostic]:
    return lint(catalog_files({0: waiver_line(rule, until)}), select)


def test_waived_findings_never_fail_the_run() -> None:
    found = waived_run("promised-within-legal", "2025-12-31", ["promised-within-legal"])
    assert [d.waived for d in found] == [True]
    assert not LintResult(found).fails(Severity.INFO)


def test_a_waiver_is_valid_through_its_last_day() -> None:
    found = waived_run("promised-within-legal", TODAY, ["time-fee", "waivers"])
    assert [(d.rule, d.waived) for d in found if d.rule == "promised-within-legal"] == [
        ("promised-within-legal", True)
    ]
    assert not any(d.rule in WAIVER_RULES for d in found)


def test_an_expired_waiver_waives_nothing_and_is_a_finding() -> None:
    found = waived_run("promised-within-legal", "2025-05-31", ["promised-within-legal", "waivers"])
    rules = sorted((d.rule, d.waived) for d in found)
    assert rules == [("promised-within-legal", False), ("waiver-expired", False)]
    expired = next(d for d in found if d.rule == "waiver-expired")
    assert expired.pointer == "/items/0/waivers/0/until"
    assert "2025-05-31" in expired.message and "promised-within-legal" in expired.message


def test_unused_only_when_the_rule_ran() -> None:
    assert waived_run("filing-no-fee", "2025-12-31", ["waivers"]) == []
    found = waived_run("filing-no-fee", "2025-12-31", ["filing-no-fee", "waivers"])
    assert [(d.rule, d.pointer) for d in found] == [("waiver-unused", "/items/0/waivers/0/rule")]
    assert "没有报告问题" in found[0].message


def test_unknown_rule_and_waiver_rules_are_unused() -> None:
    found = waived_run("promised-within-legl", "2025-12-31", ["waiver-unused"])
    assert [d.rule for d in found] == ["waiver-unused"] and "没有这条规则" in found[0].message
    found = waived_run("waiver-expired", "2025-12-31", ["waivers"])
    assert [d.rule for d in found] == ["waiver-unused"] and "不能被豁免" in found[0].message


def test_a_second_waiver_of_the_same_rule_is_unused() -> None:
    twice = waiver_line("promised-within-legal", "2025-12-31") + (
        "      - {rule: promised-within-legal, reason: 重复, until: 2025-12-31, approved_by: 市政务服务办}\n"
    )
    found = lint(catalog_files({0: twice}), ["promised-within-legal", "waivers"])
    assert sorted((d.rule, d.pointer) for d in found) == [
        ("promised-within-legal", "/items/0/time_limit/promised"),
        ("waiver-unused", "/items/0/waivers/1/rule"),
    ]


def test_a_waiver_covers_the_items_implementation_entries() -> None:
    found = lint(
        catalog_files({1: waiver_line("uniform-elements", "2025-12-31")}),
        ["uniform-elements", "waivers"],
    )
    assert [(d.rule, d.file, d.waived) for d in found] == [
        ("uniform-elements", "implementations/dongli.yaml", True)
    ]
