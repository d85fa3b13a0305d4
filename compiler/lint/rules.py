"""The rulebook as data: rules/*.yaml → Rule values, tuned by configuration.

A rule file holds a ``group`` (with its Chinese ``title``) and ``rules``; each rule names its
generic ``check`` and that check's ``params``. Nothing here executes rule text: parameters are
data (JSON Schemas, paths, regular expressions, templates).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.diagnostics import RuleMeta, Severity

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_SHORT = {"E": "error", "W": "warning", "I": "info"}
_REQUIRED = ("id", "title", "severity", "check", "message")


class RulebookError(Exception):
    """A rule file cannot be used (exit 2)."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    group: str
    group_title: str
    basis: str
    check: str
    params: Mapping[str, Any]
    message: str
    rationale: str = ""
    examples: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def meta(self) -> RuleMeta:
        return RuleMeta(
            id=self.id,
            title=self.title,
            severity=self.severity,
            group=self.group,
            basis=self.basis,
            description=self.rationale or self.title,
        )


def _severity(value: Any, where: str) -> Severity:
    text = _SHORT.get(str(value), str(value))
    if text not in _SEVERITIES:
        raise RulebookError(f"{where}: severity 应为 error、warning 或 info，而不是 {value!r}")
    return _SEVERITIES[text]


#: parsed rule files of this process by (path, size, mtime, ctime): the rulebook is read for the
#: run and again for the waivers' list of known ids
_PARSED: dict[tuple[str, int, int, int], list[Rule]] = {}


def _rules_of(path: Path) -> list[Rule]:
    try:
        info = path.stat()
    except OSError as err:
        raise RulebookError(f"{path}: 无法读取（{err.strerror or err}）") from err
    key = (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    if key not in _PARSED:
        _PARSED[key] = _parse_rules(path)
    return list(_PARSED[key])


def _parse_rules(path: Path) -> list[Rule]:
    from compiler.load.decode import decode
    from compiler.load.yaml12 import parse

    text, problem = decode(path.read_bytes())
    if text is None:
        raise RulebookError(f"{path}: {problem.message if problem else '无法读取'}")
    parsed = parse(text)
    if not parsed.ok or parsed.problems:
        first = parsed.problems[0]
        raise RulebookError(f"{path}:{first.line}:{first.column}: {first.message}")
    doc = parsed.data
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise RulebookError(f"{path}: 规则文件应为含 group、title、rules 的映射")
    group = str(doc.get("group", path.stem))
    group_title = str(doc.get("title", group))
    rules: list[Rule] = []
    for index, spec in enumerate(doc["rules"]):
        where = f"{path}: rules[{index}]"
        if not isinstance(spec, dict):
            raise RulebookError(f"{where} 应为映射")
        missing = [key for key in _REQUIRED if key not in spec]
        if missing:
            raise RulebookError(f"{where} 缺少 {', '.join(missing)}")
        params = spec.get("params") or {}
        if not isinstance(params, dict):
            raise RulebookError(f"{where}: params 应为映射")
        rules.append(
            Rule(
                id=str(spec["id"]),
                title=str(spec["title"]),
                severity=_severity(spec["severity"], where),
                group=group,
                group_title=group_title,
                basis=str(spec.get("basis") or ""),
                check=str(spec["check"]),
                params=params,
                message=str(spec["message"]),
                rationale=str(spec.get("rationale") or ""),
                examples=spec.get("examples") or {},
                source=str(path),
            )
        )
    return rules


@dataclass(slots=True)
class RuleSet:
    """All rules by id, in rulebook order."""

    rules: dict[str, Rule]

    @classmethod
    def load(cls, directories: Iterable[Path]) -> RuleSet:
        rules: dict[str, Rule] = {}
        for directory in directories:
            if not directory.is_dir():
                raise RulebookError(f"规则目录不存在：{directory}")
            for path in sorted(directory.glob("*.yaml")):
                for rule in _rules_of(path):
                    if rule.id in rules:
                        raise RulebookError(f"{path}: 规则 {rule.id} 重复定义（见 {rules[rule.id].source}）")
                    rules[rule.id] = rule
        return cls(rules)

    @property
    def groups(self) -> set[str]:
        return {rule.group for rule in self.rules.values()}

    def expand(self, names: Iterable[str]) -> set[str]:
        """Rule ids named directly or through their group; unknown names are an error."""
        chosen: set[str] = set()
        for name in names:
            name = name.strip()
            if not name:
                continue
            if name in self.rules:
                chosen.add(name)
            elif name in self.groups:
                chosen.update(r.id for r in self.rules.values() if r.group == name)
            else:
                raise RulebookError(f"未知的规则或规则组：{name}（用 zwfw rules 查看全部规则）")
        return chosen

    def tuned(
        self,
        overrides: Mapping[str, str],
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> list[Rule]:
        """The rules to run, with configured severities; "off" and --ignore drop a rule."""
        select = list(select)
        wanted = self.expand(select) if select else set(self.rules)
        wanted -= self.expand(ignore)
        result: list[Rule] = []
        for rule in self.rules.values():
            if rule.id not in wanted:
                continue
            level = overrides.get(rule.id, overrides.get(rule.group))
            if level == "off":
                continue
            if level is not None:
                rule = Rule(**{**_fields(rule), "severity": _severity(level, rule.id)})
            result.append(rule)
        return result

    def metas(self) -> dict[str, RuleMeta]:
        return {rule_id: rule.meta for rule_id, rule in self.rules.items()}


def _fields(rule: Rule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in Rule.__dataclass_fields__}
