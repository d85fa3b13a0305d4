"""What ``benchmarks.run`` measures, one function per row of the table.

Every zwfw command runs through the installed CLI in a fresh process, from the catalog's
directory (as a user or CI would), with ``--today`` fixed inside the catalog's year. The
catalogs live outside any zwfw project (a ``[tool.zwfw]`` above them would be found and its
catalog linted instead), and every run's exit status is checked: a number for a failed run
is worse than none.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.measure import Measured, repeat
from benchmarks.peers import Peers

TODAY = "2025-06-01"
SERVICE_LISTS = ("licensing", "non-licensing", "filing")
ROOT = Path(__file__).resolve().parent.parent


def zwfw() -> str:
    return str(Path(sys.executable).parent / "zwfw")


@dataclass(slots=True)
class Row:
    """One line of the table: a measurement and what it is compared with."""

    name: str
    measured: Measured
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def generate(out: Path, scale: str, *options: str) -> Path:
    """A synthetic catalog under ``out`` (kept when generated before with the same options)."""
    stamp = out / ".bench-options"
    wanted = " ".join((scale, *options))
    if stamp.is_file() and stamp.read_text() == wanted and (out / "catalog").is_dir():
        return out
    subprocess.run(
        [sys.executable, "-m", "benchmarks.generate", "--scale", scale, "--out", str(out), *options],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stamp.write_text(wanted)
    return out


def working_copy(source: Path, target: Path) -> Path:
    """A fresh copy of a generated catalog, to edit without touching the original."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source / "catalog", target / "catalog")
    return target


def _clear(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


LINTED = (0, 1)  # lint: clean, or findings


def _findings(measured: Measured) -> str:
    summary = json.loads(measured.last.stdout)["summary"]
    found = summary["error"] + summary["warning"] + summary["info"]
    return f"{found} findings in {summary['files']} files, {summary['items']} items"


def lint_cold(city: Path, times: int) -> Row:
    command = [zwfw(), "lint", "catalog", "--no-cache", "--format", "json", "--today", TODAY]
    measured = repeat(command, city, times, lambda: _clear(city / ".zwfw-cache"), LINTED)
    return Row("zwfw lint, cold (--no-cache, no cache dir)", measured, _findings(measured))


def lint_warm(city: Path, times: int) -> Row:
    command = [zwfw(), "lint", "catalog", "--format", "json", "--today", TODAY]
    _clear(city / ".zwfw-cache")
    repeat(command, city, 1, ok=LINTED)  # the first run fills the cache
    measured = repeat(command, city, times, ok=LINTED)
    return Row("zwfw lint, warm (nothing changed)", measured, _findings(measured))


def lint_warm_text(city: Path, times: int) -> Row:
    """The default text report from the cache: what a person or CI log gets."""
    command = [zwfw(), "lint", "catalog", "--today", TODAY]
    repeat(command, city, 1, ok=LINTED)
    measured = repeat(command, city, times, ok=LINTED)
    return Row("zwfw lint, warm, text report", measured)


def lint_after_edit(city: Path, times: int) -> Row:
    """Lint after one item of one file changed: the parse cache and the one-file rules'
    findings serve the other files; cross-record rules run on the whole catalog."""
    command = [zwfw(), "lint", "catalog", "--format", "json", "--today", TODAY]
    repeat(command, city, 1, ok=LINTED)
    measured = repeat(command, city, times, lambda: edit_one_item(city / "catalog"), LINTED)
    return Row("zwfw lint, after a one-item edit", measured, _findings(measured))


def check_jsonschema(city: Path, peers: Peers, times: int) -> Row:
    """check-jsonschema on the three service-item lists against zwfw's own schemas: one
    invocation per list (one schema each), run back to back, timed as one."""
    script = " && ".join(
        f"{peers.check_jsonschema} --schemafile {ROOT / 'schemas' / f'{kind}.schema.json'} "
        f"catalog/{kind}/*.yaml"
        for kind in SERVICE_LISTS
    )
    files = sum(len(list((city / "catalog" / kind).glob("*.yaml"))) for kind in SERVICE_LISTS)
    measured = repeat(["bash", "-c", script], city, times, ok=(0, 1))
    return Row("check-jsonschema, service-item files", measured, f"{files} files")


def yamllint(city: Path, peers: Peers, times: int) -> Row:
    measured = repeat([str(peers.yamllint), "-f", "parsable", "catalog"], city, times, ok=(0, 1))
    return Row("yamllint, whole catalog", measured)


_WRITTEN = re.compile(r"更新 (\d+) 个|均无变化")


def _written(stdout: str) -> str:
    found = _WRITTEN.search(stdout)
    if found is None:
        return "?"
    return found.group(1) or "0"


def _rendered(stdout: str) -> str:
    found = _RENDERED.search(stdout)
    return found.group(1) if found else "all"


def edit_one_item(catalog: Path) -> str:
    """Change one service item's consultation hours (its guide and its list show them) to a
    value it never had before (“；修订1”, “；修订2”, …), so that no output of an earlier state can be
    reused; returns the item's code."""
    path = sorted((catalog / "licensing").glob("*.yaml"))[0]
    text = path.read_text("utf-8")
    code = re.search(r'code: "(\d+)"', text)
    hours = re.search(r'hours: "([^"]*?)(?:；修订(\d+))?"', text)
    assert code is not None and hours is not None, path
    revision = int(hours.group(2) or 0) + 1
    edited = f'hours: "{hours.group(1)}；修订{revision}"'
    path.write_text(text.replace(hours.group(0), edited, 1), "utf-8")
    return code.group(1)


_RENDERED = re.compile(r"重新生成 (\d+) 个页面")


def compile_rows(clean: Path, times: int) -> list[Row]:
    """Compile cold, with nothing changed, and after a one-item edit — in a project (a
    pyproject.toml with ``[tool.zwfw]`` beside the catalog), as a catalog repository's CI does:
    outside a project compile writes its output and nothing else, so it keeps no cache."""
    (clean / "pyproject.toml").write_text('[tool.zwfw]\ncatalog = "catalog"\n', "utf-8")
    out = clean / "generated"
    command = [zwfw(), "compile", "catalog", "--out", str(out), "--today", TODAY]

    def fresh() -> None:
        _clear(clean / ".zwfw-cache")
        _clear(out)

    cold = repeat(command, clean, times, before=fresh)
    noop = repeat(command, clean, times)
    edited: list[str] = []

    def edit() -> None:
        edited.append(edit_one_item(clean / "catalog"))

    # the first edits after a cold compile find 6,991 outputs written less than 2 s before,
    # which no cache may trust by their stats yet (the racy window): they are read again once;
    # the edits after them are those of an editing session
    first = repeat(command, clean, times, before=edit)
    session = repeat(command, clean, times, before=edit)
    files = len(list(out.rglob("*"))) if out.is_dir() else 0
    return [
        Row("zwfw compile, cold", cold, f"{files} paths under generated/"),
        Row("zwfw compile, nothing changed", noop, f"rewrote {_written(noop.last.stdout)}"),
        Row(
            "zwfw compile, first edits right after a cold compile",
            first,
            "each edit a new value; the cold compile's outputs are read again once",
        ),
        Row(
            "zwfw compile, after a one-item edit",
            session,
            f"rewrote {_written(session.last.stdout)} outputs, rendered"
            f" {_rendered(session.last.stdout)} pages (item {edited[-1] if edited else '?'})",
        ),
    ]


def diff_row(old: Path, new: Path, times: int) -> Row:
    command = [zwfw(), "diff", str(old / "catalog"), str(new / "catalog"), "--format", "json"]
    measured = repeat(command, old.parent, times)
    return Row("zwfw diff, city 2025 → 2026", measured)


def nation_row(nation: Path) -> Row:
    command = [zwfw(), "lint", "catalog", "--no-cache", "--format", "json", "--today", TODAY]
    measured = repeat(command, nation, 1, lambda: _clear(nation / ".zwfw-cache"), LINTED)
    return Row("zwfw lint, nation, cold", measured, _findings(measured))
