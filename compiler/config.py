"""Settings from ``[tool.zwfw]`` in pyproject.toml, resolved against the project directory."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.load.limits import Limits


class ConfigError(Exception):
    """The configuration cannot be used (exit 2)."""


#: deepest nesting a configuration may allow: the converter recurses per level, and the JSON
#: Schema validator gives up past 255 levels of a value
MAX_DEPTH_CEILING = 200
_LIMIT_KEYS = {"max_file_bytes": "max_bytes", "max_depth": "max_depth", "max_nodes": "max_nodes"}


def _limits(table: Any) -> Limits:
    """``[tool.zwfw.limits]``: positive integers, known keys only (a misspelt key would
    silently leave the default in force)."""
    if not isinstance(table, dict):
        raise ConfigError("[tool.zwfw.limits] 应为表（table）")
    unknown = sorted(set(table) - set(_LIMIT_KEYS))
    if unknown:
        raise ConfigError(
            f"[tool.zwfw.limits] 没有 {unknown[0]} 这一项（可用：{'、'.join(_LIMIT_KEYS)}）"
        )
    values: dict[str, int] = {}
    for key, attr in _LIMIT_KEYS.items():
        value = table.get(key, getattr(Limits(), attr))
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"[tool.zwfw.limits] {key} 应为正整数，而不是 {value!r}")
        values[attr] = value
    if values["max_depth"] > MAX_DEPTH_CEILING:
        raise ConfigError(
            f"[tool.zwfw.limits] max_depth 不能超过 {MAX_DEPTH_CEILING}（现为 {values['max_depth']}）"
        )
    return Limits(**values)


def _code_paths(base: Path, key: str, value: Any) -> list[Path]:
    """Directories whose files are code (templates, rules): strings naming folders inside the
    project, so a configuration cannot make zwfw load them from elsewhere on the machine."""
    listed = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str) and item for item in listed):
        raise ConfigError(f"[tool.zwfw] {key} 应为项目内的路径字符串")
    paths = [(base / item).resolve() for item in listed]
    for path in paths:
        if not path.is_relative_to(base.resolve()):
            raise ConfigError(f"[tool.zwfw] {key} 须位于项目目录 {base} 之内，而不是 {path}")
    return paths


def _names(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"[tool.zwfw] {key} 应为规则编号或规则组的列表")
    return list(value)


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
    #: the folder whose pyproject.toml holds [tool.zwfw]; None when there is none (then
    #: compile writes its output and nothing else: no cache beside a catalog it was handed)
    project: Path | None = None


def find_project(start: Path) -> Path | None:
    """The nearest directory upwards holding a pyproject.toml with [tool.zwfw]."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.zwfw" in candidate.read_text("utf-8", errors="replace"):
            return folder
    return None


def default_cache(base: Path) -> Path:
    """``.zwfw-cache/`` beside the catalog; where that folder cannot be written (a read-only
    checkout, another user's catalog) a folder of the user's cache named after it, so that a
    second run is still warm."""
    import os

    local = base / ".zwfw-cache"
    if os.access(local if local.is_dir() else base, os.W_OK):
        return local
    import hashlib

    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "zwfw" / hashlib.blake2b(str(base).encode(), digest_size=8).hexdigest()


def bundled_rules() -> Path:
    """The rulebook shipped with the package (used when a project has no rules/ of its own)."""
    return Path(__file__).resolve().parent.parent / "rules"


def load_config(start: Path | None = None) -> Config:
    start = (start or Path.cwd()).resolve()
    root = find_project(start)
    table: Any = {}
    if root is not None:
        try:
            with (root / "pyproject.toml").open("rb") as handle:
                tool = tomllib.load(handle).get("tool", {})
            table = tool.get("zwfw", {}) if isinstance(tool, dict) else None
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"无法读取 {root / 'pyproject.toml'}：{err}") from err
        if not isinstance(table, dict):
            raise ConfigError(f"{root / 'pyproject.toml'}：[tool.zwfw] 应为表（table）")
    base = root or start

    def path(key: str, default: str) -> Path:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise ConfigError(f"[tool.zwfw] {key} 应为路径字符串")
        return (base / value).resolve()

    rules = path("rules", "rules")
    if not rules.is_dir():
        rules = bundled_rules()
    limits = _limits(table.get("limits", {}))
    severity = table.get("severity", {})
    if not isinstance(severity, dict) or not all(
        isinstance(v, str) and v in ("error", "warning", "info", "off") for v in severity.values()
    ):
        raise ConfigError("[tool.zwfw.severity] 的值只能是 error、warning、info 或 off")
    templates = table.get("templates")
    extra_rules = table.get("extra_rules", [])
    return Config(
        root=base,
        catalog=path("catalog", "catalog"),
        rules=rules,
        schemas=path("schemas", "schemas"),
        output=path("output", "generated"),
        extra_rules=_code_paths(base, "extra_rules", extra_rules) if extra_rules else [],
        severity=dict(severity),
        select=_names(table, "select"),
        ignore=_names(table, "ignore"),
        templates=_code_paths(base, "templates", templates)[0] if templates is not None else None,
        cache=path("cache", ".zwfw-cache") if "cache" in table else default_cache(base),
        project=root,
        limits=limits,
    )
