"""What the command modules share: the catalog argument, failing with a message, the
configuration and the option parsers. No command lives here."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from compiler.config import Config

CatalogArg = Annotated[
    Path | None,
    typer.Argument(help="目录文件夹（默认：pyproject.toml 中 [tool.zwfw] catalog 配置的目录）", show_default=False),
]


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"zwfw: {message}", err=True)
    raise typer.Exit(code)


def catalog_arg(catalog: Path | None) -> Path | None:
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
            fail(str(err))
    inner = catalog / "catalog"
    return inner if (inner / "catalog.yaml").is_file() else catalog


def config_for(catalog: Path | None) -> Config:
    """The configuration of the project around ``catalog`` (or the working directory)."""
    from compiler.config import ConfigError, load_config

    try:
        start = catalog.resolve().parent if catalog is not None else None
        config = load_config(start)
    except ConfigError as err:
        fail(str(err))
    return config


def today_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--today 应为 YYYY-MM-DD 格式的日期，而不是 {value!r}")


def split_names(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def busy(what: str) -> AbstractContextManager[Any]:
    """A spinner on stderr while a long step runs, only on a terminal."""
    from contextlib import nullcontext

    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"{what}…")


CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="目录文件夹（默认：pyproject.toml 中配置的目录）")
]

ListOption = Annotated[str, typer.Option("--list", help="清单：licensing、non-licensing、filing")]
