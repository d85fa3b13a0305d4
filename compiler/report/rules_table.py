"""`zwfw rules` and `zwfw explain`: the rulebook as people read it."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from compiler.lint.rules import Rule, RuleSet


def _console(buffer: io.StringIO, color: bool) -> Console:
    return Console(
        file=buffer,
        force_terminal=color,
        color_system="standard" if color else None,
        width=160,
        soft_wrap=False,
    )


def rules_table(ruleset: RuleSet, overrides: Mapping[str, str], *, color: bool = False) -> str:
    table = Table(title="zwfw 规则库", show_lines=False)
    # an id is what people copy into waivers and --select: never folded across lines
    widest = max((len(rule_id) for rule_id in ruleset.rules), default=4)
    table.add_column("编号", no_wrap=True, min_width=widest)
    for column in ("级别", "标题", "规则组", "依据"):
        table.add_column(column, overflow="fold")
    for rule in ruleset.rules.values():
        level = overrides.get(rule.id, overrides.get(rule.group, rule.severity.value))
        table.add_row(
            rule.id, "关闭" if level == "off" else level, escape(rule.title),
            f"{rule.group}（{escape(rule.group_title)}）", escape(rule.basis),
        )
    buffer = io.StringIO()
    console = _console(buffer, color)
    console.print(table)
    console.print(f"共 {len(ruleset.rules)} 条规则；zwfw explain <编号> 查看说明与示例。")
    return buffer.getvalue()


def _example_text(example: Any) -> str:
    if isinstance(example, Mapping) and isinstance(example.get("files"), Mapping):
        parts = []
        for name, text in example["files"].items():
            parts.append(f"# catalog/{name}\n{str(text).rstrip()}")
        return "\n".join(parts)
    return str(example)


def explain_rule(rule: Rule, *, color: bool = False) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color)
    console.print(f"[bold]{escape(rule.id)}[/bold]  {escape(rule.title)}")
    console.print(f"级别：{rule.severity.value}（{rule.severity.label}）    规则组：{escape(rule.group_title)}")
    console.print(f"依据：{escape(rule.basis or '—')}")
    console.print(f"检查：{escape(rule.check)}")
    if rule.rationale:
        console.print(f"说明：{escape(rule.rationale)}")
    console.print(f"提示信息模板：{escape(rule.message)}")
    for key, title in (("pass", "正确示例"), ("fail", "错误示例")):
        example = rule.examples.get(key)
        if example:
            console.print(f"\n[bold]{title}[/bold]")
            console.print(escape(_example_text(example)), highlight=False)
    return buffer.getvalue()
