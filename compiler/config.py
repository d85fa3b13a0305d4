"""Settings from ``[tool.zwfw]`` in pyproject.toml, resolved against the project directory."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.load.yaml12 import Limits


class ConfigError(Exception):
    """The configuration cannot be used (exit 2)."""


@dataclass(slots=True)
class Config:
    """Where things are and how rules are tuned; paths are absolute."""

    root: Path
    catalog: Path
    rules: Path
    schemas: Path
    output: Path
    extra_rules: list[Path] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # rule id or group → level | "off"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    templates: Path | None = None
    cache: Path | None = None
    limits: Limits = field(default_factory=Limits)


def find_project(start: Path) -> Path | None:
    """The nearest directory upwards holding a pyproject.toml with [tool.zwfw]."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.zwfw" in candidate.read_text("utf-8", errors="replace"):
            return folder
    return None


def bundled_rules() -> Path:
    """The rulebook shipped with the package (used when a project has no rules/ of its own)."""
    return Path(__file__).resolve().parent.parent / "rules"


def load_config(start: Path | None = None) -> Config:
    start = (start or Path.cwd()).resolve()
    root = find_project(start)
    table: dict[str, Any] = {}
    if root is not None:
        try:
            with (root / "pyproject.toml").open("rb") as handle:
                table = tomllib.load(handle).get("tool", {}).get("zwfw", {})
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"无法读取 {root / 'pyproject.toml'}：{err}") from err
    base = root or start

    def path(key: str, default: str) -> Path:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"[tool.zwfw] {key} 应为路径字符串")
        return (base / value).resolve()

    rules = path("rules", "rules")
    if not rules.is_dir():
        rules = bundled_rules()
    limits_table = table.get("limits", {})
    default = Limits()
    try:
        limits = Limits(
            max_bytes=int(limits_table.get("max_file_bytes", default.max_bytes)),
            max_depth=int(limits_table.get("max_depth", default.max_depth)),
            max_nodes=int(limits_table.get("max_nodes", default.max_nodes)),
        )
    except (TypeError, ValueError) as err:
        raise ConfigError(f"[tool.zwfw.limits] 的值应为整数：{err}") from err
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(
        isinstance(v, str) and v in ("error", "warning", "info", "off") for v in severity.values()
    ):
        raise ConfigError("[tool.zwfw.severity] 的值只能是 error、warning、info 或 off")
    templates = table.get("templates")
    return Config(
        root=base,
        catalog=path("catalog", "catalog"),
        rules=rules,
        schemas=path("schemas", "schemas"),
        output=path("output", "generated"),
        extra_rules=[(base / p).resolve() for p in table.get("extra_rules", [])],
        severity=dict(severity),
        select=list(table.get("select", [])),
        ignore=list(table.get("ignore", [])),
        templates=(base / templates).resolve() if isinstance(templates, str) else None,
        cache=path("cache", ".zwfw-cache"),
        limits=limits,
    )
