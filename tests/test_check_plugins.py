"""Checks from plugins (entry point group ``zwfw.checks``) are found when a rule names a
check that is not built in, and the installed distributions are not scanned otherwise."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from typing import Any

import pytest

from compiler.lint import checks


class _Entry:
    name = "my-check"

    def load(self) -> Any:
        return lambda ctx, rule: iter(())


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    seen: list[str] = []

    def entry_points(*, group: str) -> list[_Entry]:
        seen.append(group)
        return [_Entry()]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    monkeypatch.setattr(checks, "_LOADED", set())
    monkeypatch.setattr(checks, "CHECKS", dict(checks.CHECKS))
    yield seen


def test_built_in_checks_need_no_scan(scans: list[str]) -> None:
    found = checks.load_checks(["json-schema", "reference"])
    assert "reference" in found and "my-check" not in found
    assert scans == []


def test_an_unknown_check_is_looked_up_among_plugins_once(scans: list[str]) -> None:
    assert "my-check" in checks.load_checks(["reference", "my-check"])
    assert "my-check" in checks.load_checks(["my-check"])
    assert scans == ["zwfw.checks"]


def test_asking_for_every_check_scans_the_plugins(scans: list[str]) -> None:
    assert "my-check" in checks.load_checks()
    assert scans == ["zwfw.checks"]
