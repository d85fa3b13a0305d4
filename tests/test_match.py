"""`zwfw match`: 免申即享 eligibility over a table of entities, through the real command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from cli import app
from compiler.workflow.match import MatchSettings, failed_keys, match

CATALOG = Path(__file__).resolve().parent / "fixtures" / "workflow" / "match"
RETURN = "MSJX-2025-001"  # 稳岗返还: insured_months ≥ 12 and layoff_rate ≤ 0.055
HIGH_TECH = "MSJX-2025-002"  # high_tech true, scale 中/小/微, established 2020s (if given)
HARDSHIP = "MSJX-2025-003"  # anyOf: 低保/特困, or 低收入 and age ≥ 70


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["match", *args, "--catalog", str(CATALOG)])
    return result.exit_code, result.stdout, result.stderr


def _csv(path: Path, rows: list[list[Any]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return path


def test_json_output_lists_who_qualifies_and_which_condition_failed(tmp_path: Path) -> None:
    table = _csv(tmp_path / "firms.csv", [
        ["id", "enterprise.insured_months", "enterprise.layoff_rate", "enterprise.scale"],
        ["A001", "24", "0.01", "小型"],
        ["A002", "6", "0.02", "中型"],
        ["A003", "36", "0.1", "大型"],
        ["A004", "十二", "0.03", "微型"],  # not an integer
        ["A005", "12", "5.5%", "小型"],  # a percentage is a number: 0.055, on the limit
        ["A006", "", "0.01", "小型"],  # missing: the required condition fails
        ["A007", "13", "0.01", "巨型"],  # a bad value in a column the policy does not use
        ["A008", "3", "0.2", "小型"],
    ])
    code, out, _ = _run(RETURN, str(table))
    assert code == 0
    assert json.loads(out) == {
        "policy": RETURN,
        "eligible": ["A001", "A005", "A007"],
        "ineligible": [
            {"id": "A002", "failed": ["enterprise.insured_months"]},
            {"id": "A003", "failed": ["enterprise.layoff_rate"]},
            {"id": "A004", "failed": ["enterprise.insured_months"]},
            {"id": "A006", "failed": ["enterprise.insured_months"]},
            {"id": "A008", "failed": ["enterprise.insured_months", "enterprise.layoff_rate"]},
        ],
        "errors": [
            {"id": "A004", "column": "enterprise.insured_months",
             "message": "“十二”不是整数（enterprise.insured_months 的类型为整数）"},
            {"id": "A007", "column": "enterprise.scale",
             "message": "“巨型”不是可选值（大型、中型、小型、微型）之一（enterprise.scale 的类型为枚举）"},
        ],
    }


def test_csv_output_keeps_row_order_and_errors_go_to_stderr(tmp_path: Path) -> None:
    table = _csv(tmp_path / "firms.csv", [
        ["id", "enterprise.insured_months", "enterprise.layoff_rate"],
        ["B2", "1", "x"],
        ["B1", "12", "0"],
    ])
    code, out, err = _run(RETURN, str(table), "--format", "csv")
    assert code == 0
    assert out == (
        "id,eligible,failed\n"
        "B2,false,enterprise.insured_months;enterprise.layoff_rate\n"
        "B1,true,\n"
    )
    assert "B2 enterprise.layoff_rate: “x”不是数值" in err


def test_xlsx_entities_with_typed_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "enterprise.high_tech", "enterprise.scale", "enterprise.established"])
    sheet.append(["C1", "是", "小型", dt.datetime(2021, 5, 6)])
    sheet.append(["C2", True, "大型", "2022-01-01"])
    sheet.append(["C3", "否", "微型", None])
    sheet.append(["C4", "是", "中型", "2019/12/31"])  # a date, but before 2020
    sheet.append(["C5", "也许", "中型", "31.12.2021"])  # neither yes/no nor a date
    sheet.append([7, 1, "微型", "2023年3月1日"])  # numeric id and 1 as yes
    workbook.save(tmp_path / "firms.xlsx")
    result = match(MatchSettings(HIGH_TECH, tmp_path / "firms.xlsx", CATALOG))
    assert result.eligible == ["C1", "7"]
    assert result.ineligible == [
        {"id": "C2", "failed": ["enterprise.scale"]},
        {"id": "C3", "failed": ["enterprise.high_tech"]},
        {"id": "C4", "failed": ["enterprise.established"]},
        {"id": "C5", "failed": ["enterprise.high_tech", "enterprise.established"]},
    ]
    assert [(e["id"], e["column"]) for e in result.errors] == [
        ("C5", "enterprise.high_tech"), ("C5", "enterprise.established"),
    ]


def test_any_of_names_the_conditions_of_every_branch(tmp_path: Path) -> None:
    table = _csv(tmp_path / "people.csv", [
        ["id", "person.assistance", "person.age"],
        ["P1", "低保", ""],
        ["P2", "低收入", "75"],
        ["P3", "低收入", "60"],
        ["P4", "", "80"],
    ])
    result = match(MatchSettings(HARDSHIP, table, CATALOG))
    assert result.eligible == ["P1", "P2"]
    assert result.ineligible == [
        {"id": "P3", "failed": ["person.assistance", "person.age"]},
        {"id": "P4", "failed": ["person.assistance"]},
    ]


def test_missing_policy_or_file_exits_2_and_bad_headers_too(tmp_path: Path) -> None:
    table = _csv(tmp_path / "t.csv", [["id", "enterprise.insured_months"], ["A", "1"]])
    assert _run("MSJX-NONE", str(table))[0] == 2
    assert _run(RETURN, str(tmp_path / "absent.csv"))[0] == 2
    no_id = _csv(tmp_path / "no-id.csv", [["name", "enterprise.insured_months"], ["A", "1"]])
    code, _, err = _run(RETURN, str(no_id))
    assert code == 2 and "第一列应为 id" in err and "Traceback" not in err


def test_gbk_csv_from_excel_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("id,enterprise.insured_months,enterprise.layoff_rate\n甲公司,20,0.01\n".encode("gbk"))
    assert match(MatchSettings(RETURN, path, CATALOG)).eligible == ["甲公司"]


def test_failed_keys_of_required_and_nested_errors() -> None:
    from jsonschema import Draft202012Validator

    schema = {"required": ["a.b"], "properties": {"c.d": {"minimum": 1}},
              "if": {"required": ["c.d"]}, "then": {"required": ["e.f"]}}
    errors = Draft202012Validator(schema).iter_errors({"c.d": 0})
    assert sorted(failed_keys(errors)) == ["a.b", "c.d", "e.f"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.none() | st.integers(-5, 40),
                          st.none() | st.floats(0, 0.2, allow_nan=False).map(lambda f: round(f, 3))),
                max_size=12))
def test_selects_exactly_the_rows_a_direct_reading_selects(
    tmp_path_factory: Any, rows: list[tuple[int | None, float | None]]
) -> None:
    path = tmp_path_factory.mktemp("m") / "t.csv"
    _csv(path, [["id", "enterprise.insured_months", "enterprise.layoff_rate"]] + [
        [f"R{i}", "" if m is None else m, "" if r is None else repr(r)] for i, (m, r) in enumerate(rows)
    ])
    expected = [f"R{i}" for i, (m, r) in enumerate(rows)
                if m is not None and r is not None and m >= 12 and r <= 0.055]
    assert match(MatchSettings(RETURN, path, CATALOG)).eligible == expected


def test_columns_may_be_headed_by_the_element_label(tmp_path: Path) -> None:
    table = _csv(tmp_path / "labels.csv", [["id", "连续参保月数", "上年度裁员率"], ["L1", "12", "3%"], ["L2", "2", "1%"]])
    result = match(MatchSettings(RETURN, table, CATALOG))
    assert (result.eligible, result.ineligible) == (["L1"], [{"id": "L2", "failed": ["enterprise.insured_months"]}])
