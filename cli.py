"""zwfw — the command line. Thin: options → settings → a pipeline in ``compiler``; no domain logic."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from compiler import __version__

app = typer.Typer(
    name="zwfw",
    help="政务服务事项目录的检查（lint）、编译（compile）与年度版本比较（diff）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CatalogArg = Annotated[
    Path | None,
    typer.Argument(help="目录文件夹（默认：pyproject.toml 中 [tool.zwfw] catalog 配置的目录）", show_default=False),
]


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"zwfw: {message}", err=True)
    raise typer.Exit(code)


def _catalog_arg(catalog: Path | None) -> Path | None:
    """A project folder given as CATALOG means its catalog (``zwfw lint ../district-repo``):
    the catalog configured in its pyproject.toml, or its ``catalog/`` holding catalog.yaml."""
    if catalog is None or not catalog.is_dir() or (catalog / "catalog.yaml").exists():
        return catalog
    from compiler.config import ConfigError, find_project, load_config

    root = catalog.resolve()
    if find_project(root) == root:
        try:
            return load_config(root).catalog
        except ConfigError as err:
            _fail(str(err))
    inner = catalog / "catalog"
    return inner if (inner / "catalog.yaml").is_file() else catalog


def _config(catalog: Path | None):  # type: ignore[no-untyped-def]
    from compiler.config import ConfigError, load_config

    try:
        start = catalog.resolve().parent if catalog is not None else None
        config = load_config(start)
    except ConfigError as err:
        _fail(str(err))
    return config


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--today 应为 YYYY-MM-DD 格式的日期，而不是 {value!r}")


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


@app.command()
def lint(
    catalog: CatalogArg = None,
    format: Annotated[str, typer.Option("--format", "-f", help="输出格式：text、json、sarif、github、junit")] = "text",
    fail_on: Annotated[str, typer.Option(help="达到此级别即失败：error、warning、info")] = "error",
    select: Annotated[list[str] | None, typer.Option(help="只运行这些规则或规则组（可逗号分隔）")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="不运行这些规则或规则组（可逗号分隔）")] = None,
    today: Annotated[str | None, typer.Option(help="日期类规则使用的“今天”（YYYY-MM-DD），便于复现")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把报告写入文件而不是标准输出")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不使用缓存（.zwfw-cache/），全部重新检查")] = False,
    baseline: Annotated[
        Path | None, typer.Option(help="基线文件：其中的问题照常列出（标为［基线］），但不计入失败")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(help="把本次发现的问题写入基线文件（之后用 --baseline 只看新问题）")
    ] = None,
    statistics: Annotated[bool, typer.Option(help="报告之后列出每条规则的问题数")] = False,
) -> None:
    """检查目录：JSON Schema 与规则库中的全部规则。"""
    from compiler.diagnostics import Severity
    from compiler.lint.pipeline import CatalogMissing, LintSettings
    from compiler.lint.pipeline import lint as run_lint
    from compiler.lint.rules import RulebookError
    from compiler.report import REPORTERS

    if format not in REPORTERS:
        _fail(f"未知的输出格式 {format!r}，可选：{'、'.join(REPORTERS)}")
    if fail_on not in ("error", "warning", "info"):
        _fail(f"--fail-on 应为 error、warning 或 info，而不是 {fail_on!r}")
    catalog = _catalog_arg(catalog)
    config = _config(catalog)
    settings = LintSettings(
        catalog=(catalog or config.catalog).resolve(),
        config=config,
        select=_split(select),
        ignore=_split(ignore),
        today=_today(today),
        use_cache=not no_cache,
    )
    try:
        result, ruleset, _ = run_lint(settings)
    except (RulebookError, CatalogMissing) as err:
        _fail(str(err))
    from compiler.lint.baseline import BaselineError, through_baseline
    from compiler.lint.statistics import statistics_table

    try:
        seen = through_baseline(result, baseline, write_baseline)
    except BaselineError as err:
        _fail(str(err))
    if seen is not None:
        result = seen.result
        if seen.recorded is not None:
            typer.echo(f"已把 {seen.recorded} 个问题写入基线 {write_baseline}", err=True)
    color = output is None and format == "text" and sys.stdout.isatty()
    text = REPORTERS[format](result, ruleset.metas(), color=color)
    text = seen.report(text, format) if seen is not None else text
    if statistics and format == "text":
        text = (text if text.endswith("\n") or not text else text + "\n") + "\n"
        text += statistics_table(result, ruleset.metas())
    elif statistics:  # machine formats stay one document on stdout
        typer.echo(statistics_table(result, ruleset.metas()), err=True, nl=False)
    if output is not None:
        output.write_text(text, "utf-8")
    else:
        if text:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    raise typer.Exit(1 if result.fails(Severity(fail_on)) else 0)


@app.command()
def schema(
    check: Annotated[bool, typer.Option("--check", help="只检查 schemas/ 是否最新，不写文件")] = False,
) -> None:
    """由数据模型重新生成 schemas/ 下的 JSON Schema。"""
    from compiler.model.schemas import check_schemas, write_schemas

    config = _config(None)
    if check:
        stale = check_schemas(config.schemas)
        for name in stale:
            typer.echo(f"过期：{config.schemas / name}")
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(config.schemas):
        typer.echo(f"已更新 {path}")


@app.command()
def rules() -> None:
    """列出规则库中的全部规则。"""
    from compiler.lint.pipeline import ruleset_for
    from compiler.lint.rules import RulebookError
    from compiler.report.rules_table import rules_table

    config = _config(None)
    try:
        ruleset = ruleset_for(config)
    except RulebookError as err:
        _fail(str(err))
    sys.stdout.write(rules_table(ruleset, config.severity, color=sys.stdout.isatty()))


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="规则编号，例如 filing-no-fee")]) -> None:
    """说明一条规则：标题、依据、理由和正反示例。"""
    from compiler.lint.pipeline import ruleset_for
    from compiler.lint.rules import RulebookError
    from compiler.report.rules_table import explain_rule

    config = _config(None)
    try:
        ruleset = ruleset_for(config)
    except RulebookError as err:
        _fail(str(err))
    rule = ruleset.rules.get(rule_id)
    if rule is None:
        _fail(f"没有规则 {rule_id}（用 zwfw rules 查看全部规则）")
    sys.stdout.write(explain_rule(rule, color=sys.stdout.isatty()))


@app.command("compile")
def compile_(
    catalog: CatalogArg = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="输出目录（默认：[tool.zwfw] output）")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="不写文件，只检查输出是否最新（否则退出码 1）")
    ] = False,
    today: Annotated[
        str | None, typer.Option(help="日期类规则使用的“今天”（YYYY-MM-DD）")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="成功时不输出")] = False,
) -> None:
    """编译目录：办事指南、合并申请表、清单、负面清单、一致性与改革数据报告。"""
    import os
    from contextlib import nullcontext

    from compiler.build.pipeline import STAGES, CompileError, CompileSettings, compile_catalog
    from compiler.report import REPORTERS

    catalog = _catalog_arg(catalog)
    config = _config(catalog)
    target = (out or config.output).absolute()
    shown = os.path.relpath(target)
    shown = str(target) if shown.startswith("..") else shown
    bar = None
    if not quiet and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
    with bar or nullcontext():
        task = bar.add_task("编译", total=len(STAGES)) if bar is not None else None

        def progress(step: int, total: int, what: str) -> None:
            if bar is not None and task is not None:
                bar.update(task, completed=step - 1, description=what)

        settings = CompileSettings(
            catalog=(catalog or config.catalog).resolve(),
            out=target,
            config=config,
            today=_today(today),
            check=check,
            progress=progress,
        )
        try:
            result = compile_catalog(settings)
        except CompileError as err:
            _fail(str(err))
    if result.outcome == "refused":
        sys.stdout.write(REPORTERS["text"](result.lint, result.rules, color=sys.stdout.isatty()))
        typer.echo(f"zwfw: 目录有错误，未编译；{shown}/ 保持不变", err=True)
    elif result.outcome == "out-of-date":
        typer.echo(f"{shown}/ 不是最新的（请运行 zwfw compile）：")
        differences = result.differences
        for label, paths in (
            ("已修改", differences.changed),
            ("缺少", differences.missing),
            ("多余", differences.extra),
        ):
            for path in paths:
                typer.echo(f"  {label}：{shown}/{path}")
    elif not quiet:
        count = len(result.files)
        if result.outcome == "up-to-date":
            typer.echo(f"{shown}/ 是最新的（{count} 个文件）")
        # how many guide pages were rendered afresh (the rest reused from the last compile);
        # not said when every page was rendered (outside a project) or nothing was built
        pages = "" if result.rendered is None else f"，重新生成 {result.rendered} 个页面"
        if result.outcome == "unchanged":
            typer.echo(f"已编译到 {shown}/（{count} 个文件，均无变化{pages}）")
        else:
            typer.echo(f"已编译到 {shown}/（{count} 个文件，更新 {len(result.written)} 个{pages}）")
    raise typer.Exit(result.exit_code)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="旧版本：目录文件夹，或 git 引用:路径（如 v2024:catalog）")],
    new: Annotated[str, typer.Argument(help="新版本：目录文件夹，或 git 引用:路径（如 HEAD:catalog）")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="输出格式：text、json、markdown、html")
    ] = "text",
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="有对申请人不利的变化（退步）时退出码为 1")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="把报告写入文件而不是标准输出")] = None,
) -> None:
    """比较两个版本的目录：新增、取消、变更、编码调整、调整清单，以及每处变化对申请人的影响。"""
    from compiler.diff import RENDERERS
    from compiler.diff.pipeline import DiffInputError, DiffSettings, run_diff

    if format not in RENDERERS:
        _fail(f"未知的输出格式 {format!r}，可选：{'、'.join(RENDERERS)}")
    config = _config(None)
    settings = DiffSettings(
        old=old, new=new, cwd=Path.cwd(), limits=config.limits,
        cache=config.cache if config.project is not None else None,  # caches only in a project
    )
    try:
        report = run_diff(settings)
    except DiffInputError as err:
        _fail(str(err))
    color = output is None and format == "text" and sys.stdout.isatty()
    text = RENDERERS[format](report, color=color)
    if output is not None:
        output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    raise typer.Exit(1 if fail_on_regression and report.regressions else 0)


import_app = typer.Typer(help="从电子表格导入事项。", no_args_is_help=True)
app.add_typer(import_app, name="import")
export_app = typer.Typer(help="把清单导出为电子表格。", no_args_is_help=True)
app.add_typer(export_app, name="export")
ListOption = Annotated[str, typer.Option("--list", help="清单：licensing、non-licensing、filing")]


def _busy(what: str):  # type: ignore[no-untyped-def]
    """A spinner on stderr while a long step runs, only on a terminal."""
    from contextlib import nullcontext

    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"{what}…")



CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="目录文件夹（默认：pyproject.toml 中配置的目录）")
]


@import_app.command("xlsx")
def import_xlsx(
    file: Annotated[Path, typer.Argument(help="要导入的 .xlsx 文件，第一行为列标题")],
    list_name: ListOption,
    catalog: CatalogOption = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="工作表名称（默认：第一个）")] = None,
) -> None:
    """把电子表格中的事项按编码合并进清单；无法映射的单元格逐个报告（工作表!C12: 原因）。"""
    from compiler.workflow.xlsx_catalog import CatalogUnusable
    from compiler.workflow.xlsx_import import ImportSettings, SheetUnreadable
    from compiler.workflow.xlsx_import import import_xlsx as run_import

    root = catalog or _config(None).catalog
    try:
        with _busy("正在导入"):
            result = run_import(ImportSettings(file=file, list_name=list_name, catalog=root, sheet=sheet))
    except (SheetUnreadable, CatalogUnusable) as err:
        _fail(str(err))
    for finding in result.findings:
        typer.echo(str(finding), err=True)
    typer.echo(f"已导入到 {root / list_name}：新增 {len(result.added)} 个事项，更新 {len(result.updated)} 个")
    if result.departments:
        names = "、".join(d.get("name", d["id"]) for d in result.departments)
        typer.echo(f"catalog.yaml 新增部门 {len(result.departments)} 个（请补充 level）：{names}")
    if result.findings:
        typer.echo(f"zwfw: {len(result.findings)} 个单元格无法映射（见上），其余内容已写入", err=True)
    raise typer.Exit(1 if result.findings else 0)


@export_app.command("xlsx")
def export_xlsx(
    list_name: ListOption,
    out: Annotated[Path, typer.Option("--out", "-o", help="要写入的 .xlsx 文件")],
    catalog: CatalogOption = None,
) -> None:
    """把一个清单导出为电子表格（列标题与导入相同，另附“申请材料”工作表）。"""
    from compiler.workflow.xlsx_catalog import CatalogUnusable
    from compiler.workflow.xlsx_export import ExportSettings
    from compiler.workflow.xlsx_export import export_xlsx as run_export
    from compiler.workflow.xlsx_import import SERVICE_LIST_NAMES

    if list_name not in SERVICE_LIST_NAMES:
        _fail(f"--list 应为 {'、'.join(SERVICE_LIST_NAMES)} 之一，而不是 {list_name!r}")
    root = catalog or _config(None).catalog
    if not root.is_dir():
        _fail(f"目录不存在：{root}")
    try:
        with _busy("正在导出"):
            count = run_export(ExportSettings(list_name=list_name, catalog=root, out=out))
    except (CatalogUnusable, OSError) as err:
        _fail(str(err))
    typer.echo(f"已导出 {count} 个事项到 {out}")


@app.command("match")
def match_policy(
    policy: Annotated[str, typer.Argument(help="免申即享政策编码，如 MSJX-2025-001")],
    entities: Annotated[Path, typer.Argument(help="对象表（.csv 或 .xlsx）：第一列 id，其余列为数据元标识")],
    catalog: CatalogOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="输出格式：json、csv")] = "json",
) -> None:
    """按免申即享政策的资格条件逐个匹配对象：谁符合，不符合的是哪些条件。"""
    from compiler.workflow.match import MatchSettings, PolicyMissing, TableUnreadable
    from compiler.workflow.match import match as run_match
    from compiler.workflow.xlsx_catalog import CatalogUnusable

    if format not in ("json", "csv"):
        _fail(f"--format 应为 json 或 csv，而不是 {format!r}")
    root = catalog or _config(None).catalog
    try:
        with _busy("正在匹配"):
            result = run_match(MatchSettings(policy=policy, entities=entities, catalog=root))
    except (PolicyMissing, TableUnreadable, CatalogUnusable) as err:
        _fail(str(err))
    if format == "csv":
        sys.stdout.write(result.to_csv())
        for error in result.errors:
            typer.echo(f"{error['id']} {error['column']}: {error['message']}", err=True)
    else:
        sys.stdout.write(result.to_json())


@app.command()
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="要格式化的文件或文件夹（默认：配置的目录）", show_default=False),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="不写文件，只列出需要格式化的文件（否则退出码 1）")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度和成功信息")] = False,
) -> None:
    """格式化目录文件：规范的键顺序、缩进和编码引号，保留注释和空行，绝不改变取值。"""
    from typing import Any

    from compiler.workflow.fmt import FmtSettings, report, run_fmt

    config = _config(paths[0] if paths else None)
    targets = tuple(paths) if paths else (config.catalog,)
    show = not quiet and sys.stderr.isatty()
    bar: Any = None  # a rich progress bar, started once there are many files

    def progress(done: int, total: int, what: str) -> None:
        nonlocal bar
        if not show or total < 20:
            return
        if bar is None:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            bar.add_task("格式化", total=total)
        bar.update(bar.task_ids[0], completed=done, description=f"格式化 {what}")

    settings = FmtSettings(
        paths=targets, schemas=config.schemas, check=check, limits=config.limits, progress=progress
    )
    try:
        result = run_fmt(settings)
    finally:
        if bar is not None:
            bar.stop()
    out, err = report(result, quiet=quiet)
    for line in out:
        typer.echo(line)
    for line in err:
        typer.echo(line, err=True)
    raise typer.Exit(result.exit_code)


@app.command()
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
        _fail(f"未知的输出格式 {format!r}，可选：table、json")
    catalog = _catalog_arg(catalog)
    config = _config(catalog)
    settings = StatsSettings(catalog=(catalog or config.catalog).resolve(), config=config, today=_today(today))
    spinner: AbstractContextManager[Any] = nullcontext()
    if not quiet and sys.stderr.isatty():
        from rich.console import Console

        spinner = Console(stderr=True).status("正在检查目录并计算改革数据…")
    try:
        with spinner:
            result = reform_figures(settings)
    except StatsError as err:
        _fail(str(err))
    if result.figures is None:
        _fail(f"目录有 {result.errors} 个错误，无法统计（运行 zwfw lint 查看）", 1)
    if format == "json":
        import json

        sys.stdout.write(json.dumps(result.figures.stats, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    else:
        from compiler.report.stats_table import stats_table

        sys.stdout.write(stats_table(result.figures, color=sys.stdout.isatty()))


@app.command()
def serve(
    catalog: CatalogArg = None,
    port: Annotated[int, typer.Option("--port", "-p", help="端口（0 表示任选空闲端口）")] = 8000,
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只允许本机访问）")] = "127.0.0.1",
    today: Annotated[str | None, typer.Option(help="日期类规则使用的“今天”（YYYY-MM-DD）")] = None,
) -> None:
    """在本机预览编译结果：编译到临时目录并启动网页服务，目录或模板修改后自动重新编译。"""
    from compiler.report import REPORTERS
    from compiler.workflow.serve import ServeSettings, run_serve

    if not 0 <= port <= 65535:
        _fail(f"--port 应在 0–65535 之间，而不是 {port}")
    catalog = _catalog_arg(catalog)
    config = _config(catalog)
    target = (catalog or config.catalog).resolve()
    if not target.is_dir():
        _fail(f"目录不存在：{target}")
    color = sys.stderr.isatty()
    settings = ServeSettings(catalog=target, config=config, host=host, port=port, today=_today(today))

    def notify(message: str) -> None:
        typer.echo(message, err=True)

    def ready(server: object) -> None:
        typer.echo(f"预览地址：{getattr(server, 'url', '')}（修改目录或模板后自动重新编译；Ctrl+C 退出）", err=True)

    try:
        run_serve(
            settings,
            notify,
            lambda result: REPORTERS["text"](result.lint, result.rules, color=color),
            ready=ready,
        )
    except OSError as err:
        _fail(f"无法在 {host}:{port} 启动网页服务：{err.strerror or err}")


@app.command()
def version() -> None:
    """显示版本。"""
    typer.echo(f"zwfw {__version__}")


def main() -> None:
    """Entry point: a bug in zwfw is reported in one line (set ZWFW_DEBUG=1 for the traceback)."""
    import os

    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        raise SystemExit(130) from None
    except Exception as err:  # a traceback is never the answer a user gets
        if os.environ.get("ZWFW_DEBUG"):
            raise
        typer.echo(f"zwfw: 内部错误：{type(err).__name__}: {err}（设置 ZWFW_DEBUG=1 可查看详细信息）", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
