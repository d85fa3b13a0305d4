"""Commands about the rulebook and the figures: ``schema``, ``rules``, ``explain``, ``stats``.
Each is registered on the app by :func:`register`; thin, like every command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli_support import CatalogArg, catalog_arg, config_for, fail, today_of


def register(app: typer.Typer) -> None:
    app.command()(schema)
    app.command()(rules)
    app.command()(explain)
    app.command()(stats)


def schema(
    check: Annotated[bool, typer.Option("--check", help="只检查 schemas/ 是否最新，不写文件")] = False,
) -> None:
    """由数据模型重新生成 schemas/ 下的 JSON Schema。"""
    from compiler.model.schemas import check_schemas, write_schemas

    config = config_for(None)
    if check:
        stale = check_schemas(config.schemas)
        for name in stale:
            typer.echo(f"过期：{config.schemas / name}")
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(config.schemas):
        typer.echo(f"已更新 {path}")


def rules() -> None:
    """列出规则库中的全部规则。"""
    from compiler.lint.pipeline import ruleset_for
    from compiler.lint.rules import RulebookError
    from compiler.report.rules_table import rules_table

    config = config_for(None)
    try:
        ruleset = ruleset_for(config)
    except RulebookError as err:
        fail(str(err))
    sys.stdout.write(rules_table(ruleset, config.severity, color=sys.stdout.isatty()))


def explain(rule_id: Annotated[str, typer.Argument(help="规则编号，例如 filing-no-fee")]) -> None:
    """说明一条规则：标题、依据、理由和正反示例。"""
    from compiler.lint.pipeline import ruleset_for
    from compiler.lint.rules import RulebookError
    from compiler.report.rules_table import explain_rule

    config = config_for(None)
    try:
        ruleset = ruleset_for(config)
    except RulebookError as err:
        fail(str(err))
    rule = ruleset.rules.get(rule_id)
    if rule is None:
        fail(f"没有规则 {rule_id}（用 zwfw rules 查看全部规则）")
    sys.stdout.write(explain_rule(rule, color=sys.stdout.isatty()))


def stats(
    catalog: CatalogArg = None,
    format: Annotated[str, typer.Option("--format", "-f", help="输出格式：table（表格）或 json")] = "table",
    today: Annotated[str | None, typer.Option(help="日期类规则使用的“今天”（YYYY-MM-DD）")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度")] = False,
) -> None:
    """显示改革数据（与编译输出的 reports/stats.json 相同）：事项数、全程网办、零跑动、时限压缩、一件事减少比例等。"""
    from contextlib import AbstractContextManager, nullcontext
    from typing import Any

    from compiler.workflow.stats import StatsError, StatsSettings, reform_figures

    if format not in ("table", "json"):
        fail(f"未知的输出格式 {format!r}，可选：table、json")
    catalog = catalog_arg(catalog)
    config = config_for(catalog)
    settings = StatsSettings(catalog=(catalog or config.catalog).resolve(), config=config, today=today_of(today))
    spinner: AbstractContextManager[Any] = nullcontext()
    if not quiet and sys.stderr.isatty():
        from rich.console import Console

        spinner = Console(stderr=True).status("正在检查目录并计算改革数据…")
    try:
        with spinner:
            result = reform_figures(settings)
    except StatsError as err:
        fail(str(err))
    if result.figures is None:
        fail(f"目录有 {result.errors} 个错误，无法统计（运行 zwfw lint 查看）", 1)
    if format == "json":
        import json

        sys.stdout.write(json.dumps(result.figures.stats, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        from compiler.report.stats_table import stats_table

        sys.stdout.write(stats_table(result.figures, color=sys.stdout.isatty()))
