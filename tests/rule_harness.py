"""Run one rule example: the base catalog plus the example's files, linted with that rule."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

from compiler.config import load_config
from compiler.diagnostics import Diagnostic
from compiler.lint.pipeline import LintSettings, lint

BASE = Path(__file__).parent / "fixtures" / "base"
ROOT = Path(__file__).resolve().parent.parent


def build_catalog(tmp: Path, files: dict[str, str], remove: list[str] | None = None) -> Path:
    catalog = tmp / "catalog"
    shutil.copytree(BASE, catalog)
    for name in remove or []:
        (catalog / name).unlink()
    for name, text in files.items():
        path = catalog / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return catalog


def run(catalog: Path, select: list[str] | None = None, today: str | None = None) -> list[Diagnostic]:
    config = load_config(ROOT)
    settings = LintSettings(
        catalog=catalog,
        config=config,
        select=select or [],
        today=dt.date.fromisoformat(today) if today else dt.date(2025, 6, 1),
    )
    cwd = os.getcwd()
    os.chdir(catalog)
    try:
        result, _, _ = lint(settings)
    finally:
        os.chdir(cwd)
    return result.diagnostics


def run_example(tmp: Path, rule_id: str, example: dict[str, Any]) -> list[Diagnostic]:
    catalog = build_catalog(tmp, dict(example.get("files", {})), list(example.get("remove", [])))
    found = run(catalog, [rule_id], example.get("today"))
    return [d for d in found if d.rule == rule_id]
