"""zwfw — the command line. Thin: options → settings → a pipeline in ``compiler``; no domain logic."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

import cli_rules
import cli_workflow
from cli_support import CatalogArg, catalog_arg, config_for, fail, split_names, today_of
from compiler import __version__

app = typer.Typer(
    name="zwfw",
    help="政务服务事项目录的检查（lint）、编译（compile）与年度版本比较（diff）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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
        fail(f"未知的输出格式 {format!r}，可选：{'、'.join(REPORTERS)}")
    if fail_on not in ("error", "warning", "info"):
        fail(f"--fail-on 应为 error、warning 或 info，而不是 {fail_on!r}")
    catalog = catalog_arg(catalog)
    config = config_for(catalog)
    settings = LintSettings(
        catalog=(catalog or config.catalog).resolve(),
        config=config,
        select=split_names(select),
        ignore=split_names(ignore),
        today=today_of(today),
        use_cache=not no_cache,
    )
    try:
        result, ruleset, _ = run_lint(settings)
    except (RulebookError, CatalogMissing) as err:
        fail(str(err))
    from compiler.lint.baseline import BaselineError, through_baseline
    from compiler.lint.statistics import statistics_table

    try:
        seen = through_baseline(result, baseline, write_baseline)
    except BaselineError as err:
        fail(str(err))
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

    catalog = catalog_arg(catalog)
    config = config_for(catalog)
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
            today=today_of(today),
            check=check,
            progress=progress,
        )
        try:
            result = compile_catalog(settings)
        except CompileError as err:
            fail(str(err))
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
        # how many guide pages were rendered afresh (the rest reused from the last compile);
        # not said when every page was rendered (outside a project) or nothing was built
        pages = "" if result.rendered is None else f"，重新生成 {result.rendered} 个页面"
        if result.outcome == "up-to-date":
            typer.echo(f"{shown}/ 是最新的（{count} 个文件）")
        elif result.outcome == "unchanged":
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
        fail(f"未知的输出格式 {format!r}，可选：{'、'.join(RENDERERS)}")
    config = config_for(None)
    settings = DiffSettings(
        old=old, new=new, cwd=Path.cwd(), limits=config.limits,
        cache=config.cache if config.project is not None else None,  # caches only in a project
    )
    try:
        report = run_diff(settings)
    except DiffInputError as err:
        fail(str(err))
    color = output is None and format == "text" and sys.stdout.isatty()
    text = RENDERERS[format](report, color=color)
    if output is not None:
        output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    raise typer.Exit(1 if fail_on_regression and report.regressions else 0)


# the other commands, listed by `zwfw --help` after these three
cli_rules.register(app)
cli_workflow.register(app)


@app.command()
def version() -> None:
    """显示版本。"""
    typer.echo(f"zwfw {__version__}")


#: commands that hold no resource past their return (no server, no temporary folder): their
#: process ends without tearing down the parsed catalog, 0.2 s of a compile after an edit
_QUICK_EXIT = frozenset({"lint", "compile", "diff", "stats"})


def main() -> None:
    """Entry point: a bug in zwfw is reported in one line (set ZWFW_DEBUG=1 for the traceback)."""
    import os

    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        raise SystemExit(130) from None
    except SystemExit as done:
        if len(sys.argv) > 1 and sys.argv[1] in _QUICK_EXIT and isinstance(done.code, int | None):
            _quick_exit(done.code or 0)
        raise
    except Exception as err:  # a traceback is never the answer a user gets
        if os.environ.get("ZWFW_DEBUG"):
            raise
        typer.echo(f"zwfw: 内部错误：{type(err).__name__}: {err}（设置 ZWFW_DEBUG=1 可查看详细信息）", err=True)
        raise SystemExit(2) from None


def _quick_exit(code: int) -> None:
    """Flush what was printed and leave without freeing hundreds of thousands of objects one
    by one; a failing flush (a closed pipe) ends the way Python's own exit would."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        os._exit(130)
    except OSError:
        return  # let the normal exit report it
    os._exit(code)


if __name__ == "__main__":
    main()
