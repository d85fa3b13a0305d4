"""zwfw stats: the figures of reports/stats.json, as a table and as JSON, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from compiler.report.stats_table import stats_table
from compiler.workflow.stats import ReformFigures

CATALOG = Path("tests/fixtures/compile/catalog")
runner = CliRunner()


def test_json_is_exactly_what_compile_writes(tmp_path: Path) -> None:
    compiled = runner.invoke(app, ["compile", str(CATALOG), "--out", str(tmp_path / "out"), "-q"])
    assert compiled.exit_code == 0, compiled.output
    written = json.loads((tmp_path / "out" / "reports" / "stats.json").read_text("utf-8"))
    shown = runner.invoke(app, ["stats", str(CATALOG), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == written


def test_table_reads_in_chinese_with_department_names() -> None:
    result = runner.invoke(app, ["stats", str(CATALOG)])
    assert result.exit_code == 0, result.output
    figures = json.loads(runner.invoke(app, ["stats", str(CATALOG), "-f", "json"]).output)
    out = result.output
    for heading in (
        "改革指标",
        "全程网办",
        "零跑动",
        "承诺时限比法定时限压缩",
        "按清单",
        "按主管部门",
        "一件事",
    ):
        assert heading in out
    full = figures["full_online"]
    assert f"{full['count']} 项（{full['share']}%）" in out
    assert "行政许可事项清单（licensing）" in out
    assert "市人社局（rsj）" in out
    for code in figures["scenarios"]:
        assert code in out
    assert "\x1b[" not in out  # no colour codes when not on a terminal


def test_catalog_with_errors_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "catalog"
    shutil.copytree(CATALOG, broken)
    path = broken / "licensing" / "scjgw.yaml"
    path.write_text(
        path.read_text("utf-8").replace("department: scjgw", "department: nowhere", 1), "utf-8"
    )
    result = runner.invoke(app, ["stats", str(broken)])
    assert result.exit_code == 1
    assert "错误" in result.output and "zwfw lint" in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["stats", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    bad_format = runner.invoke(app, ["stats", str(CATALOG), "--format", "xml"])
    assert bad_format.exit_code == 2


def test_table_survives_missing_and_new_figures() -> None:
    figures = ReformFigures(stats={"items": {"total": 3}, "new_figure": {"x": 1}}, region="某区")
    text = stats_table(figures)
    assert "3 项" in text and "—" in text
    assert "其他" in text and "new_figure" in text
