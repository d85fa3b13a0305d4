"""Rules of the structure, guide, time-fee and lists groups beyond their own examples:
table-driven phone formats and placeholders, cross-record findings, exact places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from compiler.config import load_config
from compiler.diagnostics import Diagnostic
from compiler.lint.checks import load_checks
from compiler.lint.context import LintContext
from compiler.lint.pipeline import ruleset_for
from compiler.lint.rules import Rule, RulebookError
from tests.rule_harness import ROOT, build_catalog, run

RULES = ruleset_for(load_config(ROOT)).rules


def _module(name: str) -> ModuleType:
    # the registry imports every check module only while it is empty: fill it first
    load_checks()
    return import_module(f"compiler.lint.checks.{name}")


def as_text(value: Any) -> str | None:
    result: str | None = _module("text_pattern").as_text(value)
    return result


def offends(text: str, params: Mapping[str, Any]) -> bool:
    return bool(_module("text_pattern").offends(text, params))


def parts(text: str, split: str | None, strip: bool) -> list[str]:
    return list(_module("text_pattern").parts(text, split, strip))


def holds(op: str, left: Any, right: Any) -> bool | None:
    result: bool | None = _module("compare").holds(op, left, right)
    return result


def _params(rule_id: str) -> Mapping[str, Any]:
    return RULES[rule_id].params


def _offending_parts(rule_id: str, value: Any) -> list[str]:
    params = _params(rule_id)
    text = as_text(value)
    assert text is not None
    split = params.get("split")
    return [p for p in parts(text, split, True) if offends(p, params)]


def _lint(tmp: Path, files: dict[str, str], select: list[str]) -> list[Diagnostic]:
    return run(build_catalog(tmp, files), select)


def _places(found: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    return sorted((d.rule, d.file, d.line, d.column) for d in found)


# --- contact-format ------------------------------------------------------------------------

VALID_PHONES = [
    "022-12345678",
    "02212345678",
    "(022)12345678",
    "（022）12345678",
    "022 12345678",
    "0311-1234567",
    "022-12345678转1",
    "022-12345678转123",
    "022-12345678-1234",
    "022-12345678分机8",
    "13812345678",
    "19912345678",
    "12345",
    "12315",
    "12345转1",
    "95598",
    "400-123-4567",
    "4001234567",
    "800-123-4567",
    "022-12345678；13812345678",
    "022-12345678;12345",
    "022-12345678、022-87654321",
    "022-12345678, 12345",
    "022-12345678，12345",
    "022-12345678/022-87654321",
    "  022-12345678  ",
]

INVALID_PHONES = [
    ("12345678", ["12345678"]),  # no area code
    ("24391234", ["24391234"]),
    ("1381234567", ["1381234567"]),  # 10 digits
    ("12812345678", ["12812345678"]),  # not a mobile prefix
    ("138123456789", ["138123456789"]),
    ("022-123", ["022-123"]),
    ("22-12345678", ["22-12345678"]),
    ("电话", ["电话"]),
    ("无", ["无"]),
    ("022-12345678（工作日）", ["022-12345678（工作日）"]),
    ("022-12345678、24391235", ["24391235"]),
    ("12345；1234", ["1234"]),
    ("022-12345678转", ["022-12345678转"]),
]


@pytest.mark.parametrize("phone", VALID_PHONES)
def test_contact_format_accepts(phone: str) -> None:
    assert _offending_parts("contact-format", phone) == []


@pytest.mark.parametrize(("phone", "bad"), INVALID_PHONES)
def test_contact_format_rejects(phone: str, bad: list[str]) -> None:
    assert _offending_parts("contact-format", phone) == bad


def test_contact_format_number_and_empty() -> None:
    # an unquoted hotline is read as a number: still a valid number (the schema rule
    # asks for quotes); an empty phone or a lone separator is no-empty-element's business
    assert _offending_parts("contact-format", 12345) == []
    assert _offending_parts("contact-format", "") == []
    assert _offending_parts("contact-format", "/") == []


# --- no-empty-element ----------------------------------------------------------------------

PLACEHOLDERS = ["", "  ", "无", "无。", "/", "／", "暂无", "-", "－", "—", "——", "…", "见附件",
                "见附件2", "详见附件", "详见《食品经营许可管理办法》", "。"]
REAL_TEXTS = ["无犯罪记录", "无特殊条件，年满18周岁即可", "申请人须提交身份证明（见附件样表除外）",
              "工作日 9:00-17:00", "022-12345678", "12345", "具有经营场所"]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_placeholder_is_empty(text: str) -> None:
    assert offends(text.strip(), _params("no-empty-element"))


@pytest.mark.parametrize("text", REAL_TEXTS)
def test_real_text_is_not_empty(text: str) -> None:
    assert not offends(text.strip(), _params("no-empty-element"))


def test_empty_values_are_tested_as_empty_text() -> None:
    assert as_text(None) == ""
    assert as_text([]) == ""
    assert as_text({}) == ""
    assert as_text(["a"]) is None
    assert as_text(True) is None
    assert as_text(20) == "20"


# --- compare ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("<=", 10, 20, True),
        ("<=", 20, 20, True),
        ("<=", 21, 20, False),
        ("<", 20, 20, False),
        (">", 3, 2, True),
        (">=", 2, 3, False),
        ("==", "a", "a", True),
        ("!=", "022-1", " 022-1 ", False),
        ("!=", "022-1", "12345", True),
        ("<=", "20", 10, None),  # text against number: not judged
        ("<=", True, 10, None),
        ("==", [1], [1], None),
    ],
)
def test_compare_operators(op: str, left: Any, right: Any, expected: bool | None) -> None:
    assert holds(op, left, right) is expected


def _rule(check: str, params: dict[str, Any]) -> Rule:
    base = RULES["consult-not-complaint"]
    return Rule(**{**{f: getattr(base, f) for f in Rule.__dataclass_fields__},
                   "id": "test", "check": check, "params": params})


@pytest.mark.parametrize(
    ("check", "params"),
    [
        ("text-pattern", {"select": ["licensing"], "paths": ["name"]}),
        ("text-pattern", {"select": ["licensing"], "paths": ["name"], "forbid": "x",
                          "require": "y"}),
        ("compare", {"select": ["licensing"], "left": "a", "op": "~", "right": "b"}),
        ("compare", {"select": ["licensing"], "left": "a", "op": "<"}),
    ],
)
def test_bad_parameters_are_rulebook_errors(check: str, params: dict[str, Any]) -> None:
    ctx = LintContext(sources=[], today=dt.date(2025, 6, 1))
    with pytest.raises(RulebookError):
        list(load_checks()[check](ctx, _rule(check, params)))


# --- cross-record findings -----------------------------------------------------------------

CERTIFICATE = """\
items:
  - code: "000117001000"
    name: 无犯罪记录证明
    material: no-criminal-record
    applies_to: ["000117001000", "000117009000"]
    issuer: gaj
"""


def test_a_code_both_duplicated_and_dangling(tmp_path: Path) -> None:
    found = _lint(
        tmp_path,
        {"certificate-exemption/gaj.yaml": CERTIFICATE},
        ["unique-code", "ref-item"],
    )
    assert _places(found) == [
        ("ref-item", "certificate-exemption/gaj.yaml", 5, 34),
        ("unique-code", "certificate-exemption/gaj.yaml", 2, 5),
    ]
    unique = next(d for d in found if d.rule == "unique-code")
    assert [(r.file, r.line, r.column) for r in unique.related] == [("licensing/scjgw.yaml", 2, 5)]
    assert "licensing/scjgw.yaml 第 2 行" in unique.message
    dangling = next(d for d in found if d.rule == "ref-item")
    assert "000117009000 不存在" in dangling.message
    assert dangling.item == "000117001000"


def test_cancelled_item_is_named_as_such(tmp_path: Path) -> None:
    files = {
        "licensing/old.yaml": 'items:\n  - {code: "000117002000", name: 旧许可, status: 取消}\n',
        "implementations/dongli.yaml": (
            'district: 东丽区\nagency: scjgw\nitems:\n  - code: "000117002000"\n'
        ),
    }
    found = _lint(tmp_path, files, ["ref-item"])
    assert _places(found) == [("ref-item", "implementations/dongli.yaml", 4, 5)]
    assert "000117002000 已取消" in found[0].message


def test_unique_code_across_lists_and_scenarios(tmp_path: Path) -> None:
    files = {
        "filing/a.yaml": 'items:\n  - {code: "000117001000", name: 甲}\n',
        "scenarios/b.yaml": 'code: "000117001000"\nname: 乙一件事\n',
        "no-application-benefits/c.yaml": (
            "items:\n  - {code: TJ-1, name: 丙}\n  - {code: TJ-1, name: 丁}\n"
        ),
    }
    found = _lint(tmp_path, files, ["unique-code"])
    assert _places(found) == [
        ("unique-code", "filing/a.yaml", 2, 6),
        ("unique-code", "no-application-benefits/c.yaml", 3, 6),
        ("unique-code", "scenarios/b.yaml", 1, 1),
    ]


def test_every_department_reference(tmp_path: Path) -> None:
    files = {
        "catalog.yaml": (
            "region: 天津市\ndistricts: [{name: 东丽区, code: \"120110\"}]\n"
            "departments: [{id: gaj, name: 公安局, level: 市级}]\n"
            "data_sources:\n  - {id: hjk, name: 户籍库, department: mzj}\n"
        ),
        "materials.yaml": "materials:\n  - {key: id-card, name: 身份证, issued_by: gaj}\n",
        "certificate-exemption/a.yaml": "items:\n  - {code: ZM-1, name: 证明, issuer: sfj}\n",
        "no-application-benefits/b.yaml": "items:\n  - {code: MS-1, name: 补贴, department: czj}\n",
        "implementations/dongli.yaml": "district: 东丽区\nagency: dl-zwfwb\nitems: []\n",
    }
    found = _lint(tmp_path, files, ["ref-department"])
    assert _places(found) == [
        ("ref-department", "catalog.yaml", 5, 26),
        ("ref-department", "certificate-exemption/a.yaml", 2, 28),
        ("ref-department", "implementations/dongli.yaml", 2, 1),
        ("ref-department", "licensing/scjgw.yaml", 5, 5),  # scjgw is gone from this catalog.yaml
        ("ref-department", "no-application-benefits/b.yaml", 2, 28),
    ]


# --- one defective item in each of the three service lists ---------------------------------

NON_LICENSING = """\
items:
  - code: "002000101000"
    name: 就业登记
    type: 行政许可
    time_limit: {legal: 5, promised: 6}
    handling: {kind: 即办件, online_depth: 4, visits: 2, channels: [窗口办理]}
    contact: {place: 见附件, hours: 工作日, phone: "12345", complaint_phone: "12345"}
    fee: {charged: true}
    result: {name: 就业登记证明}
"""

FILING = """\
items:
  - code: TJ-BA-001
    name: 某备案
    type: 行政备案
    filing_timing: 事前备案
    basis: [{title: 某通知, level: 规范性文件}]
    fee: {charged: true, items: [{name: 工本费, standard: 10 元}]}
    conditions: []
    contact: {phone: 022-1234}
"""

IMPLEMENTATION = """\
district: 东丽区
agency: scjgw
items:
  - code: "000117001000"
    contact: {place: 无, phone: 无}
    time_limit: {promised: 0}
"""

PART1_RULES = [
    "list-type-mismatch", "promised-within-legal", "instant-item-zero-days",
    "visit-reason-required",
    "full-online-zero-visits", "zero-visits-needs-channel", "no-empty-element", "contact-format",
    "consult-not-complaint", "fee-basis-required", "result-type-required", "filing-no-fee",
    "filing-after-the-fact", "filing-basis-level", "national-code-link", "code-type-mismatch",
    "licensing-basis-level", "negative-list-reason",
]


def test_exact_findings_across_lists(tmp_path: Path) -> None:
    files = {
        "non-licensing/rsj.yaml": NON_LICENSING,
        "filing/sthjj.yaml": FILING,
        "implementations/dongli.yaml": IMPLEMENTATION,
    }
    found = _lint(tmp_path, files, PART1_RULES)
    nl, fi, im = "non-licensing/rsj.yaml", "filing/sthjj.yaml", "implementations/dongli.yaml"
    assert _places(found) == sorted([
        ("code-type-mismatch", nl, 2, 5),
        ("list-type-mismatch", nl, 4, 5),
        ("promised-within-legal", nl, 5, 28),
        ("instant-item-zero-days", nl, 5, 28),
        ("visit-reason-required", nl, 6, 5),
        ("full-online-zero-visits", nl, 6, 44),
        ("no-empty-element", nl, 7, 15),
        ("consult-not-complaint", nl, 7, 55),
        ("fee-basis-required", nl, 8, 5),
        ("result-type-required", nl, 9, 5),
        ("filing-after-the-fact", fi, 5, 5),
        ("filing-basis-level", fi, 6, 5),
        ("filing-no-fee", fi, 7, 11),
        ("fee-basis-required", fi, 7, 34),
        ("no-empty-element", fi, 8, 5),
        ("contact-format", fi, 9, 15),
        # an implementation entry restates only differences: only its phones are checked
        ("contact-format", im, 5, 25),
    ])
    by_rule = {d.rule: d for d in found if d.file == nl}
    promised = by_rule["promised-within-legal"].message
    assert "承诺办结时限 6 个工作日超过了法定办结时限 5 个工作日" in promised
    assert "就业登记" in by_rule["list-type-mismatch"].message
    assert all(d.basis and d.item for d in found)
