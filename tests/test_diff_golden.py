"""Golden files: every `zwfw diff` format on the 2024 → 2025 fixture, byte for byte.

Regenerate after an intended change with ``ZWFW_UPDATE_GOLDEN=1 pytest tests/test_diff_golden.py``
and review the difference in the commit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

GOLDEN = Path("tests/golden/diff")
OLD, NEW = "tests/fixtures/diff/2024", "tests/fixtures/diff/2025"
FORMATS = {
    "text": "report.txt",
    "json": "report.json",
    "markdown": "report.md",
    "html": "report.html",
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_golden(fmt: str) -> None:
    result = CliRunner().invoke(app, ["diff", OLD, NEW, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / FORMATS[fmt]
    if os.environ.get("ZWFW_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, "utf-8")
    assert golden.is_file(), f"{golden} 不存在：用 ZWFW_UPDATE_GOLDEN=1 生成"
    assert result.stdout == golden.read_text("utf-8")


def test_outputs_are_deterministic() -> None:
    runs = {CliRunner().invoke(app, ["diff", OLD, NEW, "--format", "json"]).stdout for _ in "ab"}
    assert len(runs) == 1
