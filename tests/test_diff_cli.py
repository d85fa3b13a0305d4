"""`zwfw diff` through the real command on two versions of a small catalog (2024 → 2025).

The 2025 version adds items, removes one, recodes one, moves one from 许可 to 备案, improves
several and makes one thing worse (医疗机构执业登记 promises 30 days instead of 20).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app

FIXTURES = Path("tests/fixtures/diff")
OLD, NEW = str(FIXTURES / "2024"), str(FIXTURES / "2025")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["diff", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> dict[str, Any]:
    code, out, _ = run(*args, "--format", "json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def change(data: dict[str, Any], code: str) -> dict[str, Any]:
    (found,) = [c for c in data["changes"] if c["code"] == code]
    return found


def effects(found: dict[str, Any]) -> dict[str, str]:
    return {f["path"]: f["effect"] for f in found["fields"]}


def test_summary_per_list_is_exact() -> None:
    data = as_json(OLD, NEW)
    assert (data["from"], data["to"]) == ("2024", "2025")
    counts = {name: tuple(s.values()) for name, s in data["summary"].items()}
    assert list(data["summary"]["licensing"]) == [
        "added", "removed", "changed", "recoded", "moved", "unchanged",
    ]  # fmt: skip
    #                          added removed changed recoded moved unchanged
    assert counts == {
        "licensing":               (1, 1, 2, 1, 0, 1),
        "non-licensing":           (1, 0, 1, 0, 0, 1),
        "filing":                  (0, 0, 0, 0, 1, 1),
        "certificate-exemption":   (0, 0, 1, 0, 0, 0),
        "no-application-benefits": (1, 0, 1, 0, 0, 0),
        "scenarios":               (0, 0, 1, 0, 0, 1),
    }  # fmt: skip
    assert data["regressions"] == 1
    keys = [(c["list"], c["code"]) for c in data["changes"]]
    assert keys == sorted(keys)


def test_kinds_recode_and_move() -> None:
    data = as_json(OLD, NEW)
    recoded = change(data, "000117012000")
    assert (recoded["kind"], recoded["old_code"], recoded["fields"]) == (
        "recoded",
        "000117002000",
        [],
    )
    moved = change(data, "000117007000")
    assert (moved["kind"], moved["list"], moved["old_list"]) == ("moved", "filing", "licensing")
    assert effects(moved)["time_limit.promised"] == "improved"
    assert change(data, "000117005000")["kind"] == "removed"
    assert change(data, "000117005000")["fields"] == []
    assert change(data, "000117102000")["kind"] == "added"
    assert "000117103000" not in {c["code"] for c in data["changes"]}  # unchanged


def test_effect_of_each_changed_field() -> None:
    data = as_json(OLD, NEW)
    assert effects(change(data, "000117001000")) == {
        "conditions[具有合理的设备布局和工艺流程]": "neutral",
        "materials[health-certificate-staff]": "improved",
        "materials[site-layout-plan].necessity": "improved",
        "time_limit.promised": "improved",
        "handling.online_depth": "improved",
        "handling.visits": "improved",
        "handling.visit_reason": "neutral",
        "handling.tolerance[site-layout-plan]": "improved",
        "contact.phone": "neutral",
    }
    regression = change(data, "000117101000")["fields"]
    assert regression == [
        {
            "path": "time_limit.promised",
            "old": 20,
            "new": 30,
            "effect": "regressed",
            "label": "承诺办结时限",
        }
    ]
    assert effects(change(data, "ZM-0001")) == {"applies_to[000117102000]": "improved"}
    assert effects(change(data, "MSJX-2024-001"))["mode"] == "improved"
    assert effects(change(data, "YJS-XSECS"))["promised_days"] == "improved"


def test_reach_districts_and_scenarios() -> None:
    data = as_json(OLD, NEW)
    birth = change(data, "000720201000")
    assert birth["districts"] == ["和平区", "东丽区", "西青区"]
    assert birth["scenarios"] == [{"code": "YJS-XSECS", "name": "新生儿出生一件事"}]
    assert (birth["department"], birth["department_name"]) == ("gaj", "市公安局")


def test_dictionaries_and_implementations() -> None:
    data = as_json(OLD, NEW)
    dictionaries = {(d["dictionary"], d["key"]): d for d in data["dictionaries"]}
    register = dictionaries["materials", "household-register"]
    assert [f["effect"] for f in register["fields"]] == ["improved", "neutral"]
    assert register["used_by"] == ["000720201000"]
    assert dictionaries["materials", "nurse-qualification"]["kind"] == "added"
    local = {(i["district"], i["code"]): i for i in data["implementations"]}
    assert effects(local["东丽区", "000117001000"]) == {"time_limit.promised": "improved"}
    assert local["西青区", "000720201000"]["kind"] == "added"
    assert ("西青区", "000117012000") not in local  # followed the recode


def test_fail_on_regression() -> None:
    assert run(OLD, NEW)[0] == 0
    assert run(OLD, NEW, "--fail-on-regression")[0] == 1
    assert run(NEW, NEW, "--fail-on-regression")[0] == 0


def test_same_catalog_is_empty() -> None:
    data = as_json(NEW, NEW)
    assert data["changes"] == data["dictionaries"] == data["implementations"] == []
    assert data["regressions"] == 0
    assert data["summary"]["licensing"]["unchanged"] == 5


def test_markdown_is_a_readable_table() -> None:
    code, out, _ = run(OLD, NEW, "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    start = lines.index("| 清单 | 新增 | 取消 | 变更 | 编码调整 | 调整清单 | 未变 |")
    assert lines[start + 1] == "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    assert lines[start + 2] == "| 行政许可事项清单 | 1 | 1 | 2 | 1 | 0 | 1 |"
    assert lines[start + 8] == "| **合计** | **3** | **1** | **6** | **1** | **1** | **4** |"
    # regressions come before the changes by department
    assert out.index("对申请人不利的变化") < out.index("按部门列出的变化")
    assert out.index("#### 市卫健委") < out.index("#### 市市场监管委")


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "变更说明.md"
    code, out, _ = run(OLD, NEW, "--format", "markdown", "--output", str(target))
    assert (code, out) == (0, "")
    assert target.read_text("utf-8").startswith("## 天津市政务服务事项目录变更说明：2024 → 2025")


NASTY = '<script>alert("x")</script>[red]红[/red] | `码` &amp;'


@pytest.fixture()
def nasty(tmp_path: Path) -> Path:
    catalog = tmp_path / "nasty"
    shutil.copytree(NEW, catalog)
    path = catalog / "licensing" / "wjw.yaml"
    text = path.read_text("utf-8").replace("name: 护士执业注册\n", f"name: '{NASTY}'\n")
    path.write_text(text.replace("phone: 022-23337788", f"phone: '{NASTY}'", 1), "utf-8")
    return catalog


def test_catalog_html_never_unescaped(nasty: Path) -> None:
    code, html, _ = run(NEW, str(nasty), "--format", "html")
    assert code == 0
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&amp;amp;" in html
    _, markdown, _ = run(NEW, str(nasty), "--format", "markdown")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "\\| \\`码\\`" in markdown
    _, text, _ = run(NEW, str(nasty), "--format", "text")
    assert "[/red]" in text  # printed literally, not taken as rich markup


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    catalog = tmp_path / "broken"
    shutil.copytree(NEW, catalog)
    (catalog / "licensing" / "bad.yaml").write_text("items:\n  - code: [\n", "utf-8")
    code, out, err = run(OLD, str(catalog))
    assert (code, out) == (2, "")
    assert err.startswith("zwfw: ")
    assert "licensing/bad.yaml:" in err and "zwfw lint" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-dir", NEW], "目录不存在：no-such-dir"),
        ([f"{OLD}/licensing", NEW], "不是目录文件夹"),
        ([OLD, NEW, "--format", "pdf"], "未知的输出格式"),
    ],
)
def test_unusable_input_exits_2(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err
