"""Commands of the daily workflow: ``import xlsx``, ``export xlsx``, ``match``, ``fmt``,
``serve``. Each is registered on the app by :func:`register`; thin, like every command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli_support import (
    CatalogArg,
    CatalogOption,
    ListOption,
    busy,
    catalog_arg,
    config_for,
    fail,
    today_of,
)


def register(app: typer.Typer) -> None:
    importing = typer.Typer(help="从电子表格导入事项。", no_args_is_help=True)
    importing.command("xlsx")(import_xlsx)
    app.add_typer(importing, name="import")
    exporting = typer.Typer(help="把清单导出为电子表格。", no_args_is_help=True)
    exporting.command("xlsx")(export_xlsx)
    app.add_typer(exporting, name="export")
    app.command("match")(match_policy)
    app.command()(fmt)
    app.command()(serve)


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

    root = catalog or config_for(None).catalog
    try:
        with busy("正在导入"):
            result = run_import(ImportSettings(file=file, list_name=list_name, catalog=root, sheet=sheet))
    except (SheetUnreadable, CatalogUnusable) as err:
        fail(str(err))
    for finding in result.findings:
        typer.echo(str(finding), err=True)
    typer.echo(f"已导入到 {root / list_name}：新增 {len(result.added)} 个事项，更新 {len(result.updated)} 个")
    if result.departments:
        names = "、".join(d.get("name", d["id"]) for d in result.departments)
        typer.echo(f"catalog.yaml 新增部门 {len(result.departments)} 个（请补充 level）：{names}")
    if result.findings:
        typer.echo(f"zwfw: {len(result.findings)} 个单元格无法映射（见上），其余内容已写入", err=True)
    raise typer.Exit(1 if result.findings else 0)


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
        fail(f"--list 应为 {'、'.join(SERVICE_LIST_NAMES)} 之一，而不是 {list_name!r}")
    root = catalog or config_for(None).catalog
    if not root.is_dir():
        fail(f"目录不存在：{root}")
    try:
        with busy("正在导出"):
            count = run_export(ExportSettings(list_name=list_name, catalog=root, out=out))
    except (CatalogUnusable, OSError) as err:
        fail(str(err))
    typer.echo(f"已导出 {count} 个事项到 {out}")


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
        fail(f"--format 应为 json 或 csv，而不是 {format!r}")
    root = catalog or config_for(None).catalog
    try:
        with busy("正在匹配"):
            result = run_match(MatchSettings(policy=policy, entities=entities, catalog=root))
    except (PolicyMissing, TableUnreadable, CatalogUnusable) as err:
        fail(str(err))
    if format == "csv":
        sys.stdout.write(result.to_csv())
        for error in result.errors:
            typer.echo(f"{error['id']} {error['column']}: {error['message']}", err=True)
    else:
        sys.stdout.write(result.to_json())


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

    config = config_for(paths[0] if paths else None)
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
        fail(f"--port 应在 0–65535 之间，而不是 {port}")
    catalog = catalog_arg(catalog)
    config = config_for(catalog)
    target = (catalog or config.catalog).resolve()
    if not target.is_dir():
        fail(f"目录不存在：{target}")
    color = sys.stderr.isatty()
    settings = ServeSettings(catalog=target, config=config, host=host, port=port, today=today_of(today))

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
        fail(f"无法在 {host}:{port} 启动网页服务：{err.strerror or err}")
