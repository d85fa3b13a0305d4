"""The output folder is a boundary: no code, name or symlink in a catalog makes zwfw read or
write outside the catalog and output folders.

Each test builds a small project in a temporary directory, runs the real command on it, and
compares every file around the project (and the paths hostile codes aim at) before and after.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from compiler.build.output import MAX_NAME, safe_name
from compiler.load.yaml12 import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "compile" / "catalog"
TODAY = "2025-06-01"
#: compile leaves nothing beside its output; the project's own cache folder is zwfw's
SIBLINGS_OF_OUT: tuple[str, ...] = ()
PROJECT_CACHE = ".zwfw-cache"


def zwfw(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "ZWFW_DEBUG": ""},
    )


def tree(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every path under ``root`` (symlinks not followed): its type, size and mtime."""
    found: dict[str, tuple[str, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            info = path.lstat()
            kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
            if kind == "dir":  # a folder's mtime moves with its entries, which are listed
                found[path.relative_to(root).as_posix()] = (kind, 0, 0)
            else:
                found[path.relative_to(root).as_posix()] = (kind, info.st_size, info.st_mtime_ns)
    return found


def load(path: Path) -> Any:
    return parse(path.read_text("utf-8")).data


def save(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def project(tmp: Path) -> Path:
    """tmp/a/b/c/project: catalog/ (the compile fixture) and a pyproject.toml; deep enough
    that ``../../..`` from any output folder still lands inside ``tmp``."""
    root = tmp / "a" / "b" / "c" / "project"
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.zwfw]\ncatalog = "catalog"\noutput = "generated"\n', "utf-8"
    )
    shutil.copytree(FIXTURE, root / "catalog")
    return root


def assert_only_output_changed(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Nothing new, changed or gone outside generated/, its lock sibling and the cache."""

    def mine(path: str) -> bool:
        top = path.split("/")[4] if path.count("/") >= 4 else ""
        return top in ("generated", *SIBLINGS_OF_OUT, PROJECT_CACHE) or path.startswith(
            "a/b/c/project/generated"
        )

    outside_before = {p: v for p, v in before.items() if not mine(p)}
    outside_after = {p: v for p, v in after.items() if not mine(p)}
    assert outside_after == outside_before


# ---- hostile codes ----------------------------------------------------------------------

HOSTILE_CODES = [
    "../../x",
    "../../../../../../x",
    "a/b",
    "x\x00y",
    "..",
    ".",
    "CON",
    "NUL",
    "com1.txt",
    "a\\b",
    "中" * 50,
    "%2E%2E%2Fx",
    "javascript:alert(1)",
    " leading",
    "trailing.",
    "-rf",
]


def test_hostile_codes_write_nothing_outside_the_output(tmp_path: Path) -> None:
    root = project(tmp_path)
    catalog = root / "catalog"
    victim = Path(f"/tmp/zwfw-victim-{os.getpid()}")  # an absolute code short enough to lint
    licensing = catalog / "licensing" / "scjgw.yaml"
    data = load(licensing)
    for index, code in enumerate([*HOSTILE_CODES, str(victim), "/etc/passwd"]):
        item = copy.deepcopy(data["items"][0])
        item["code"], item["name"] = code, f"{item['name']}{index}"
        data["items"].append(item)
    save(licensing, data)
    scenario = load(catalog / "scenarios" / "zg.yaml")
    scenario["code"] = "../../../../scenario-escape"
    save(catalog / "scenarios" / "zg.yaml", scenario)
    benefits = load(catalog / "no-application-benefits" / "rsj.yaml")
    benefits["items"][0]["code"] = f"{victim}-benefit"
    save(catalog / "no-application-benefits" / "rsj.yaml", benefits)

    before = tree(tmp_path)
    passwd = Path("/etc/passwd").read_bytes() if Path("/etc/passwd").exists() else None
    done = zwfw("compile", "--today", TODAY, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    after = tree(tmp_path)

    assert_only_output_changed(before, after)
    assert not victim.exists() and not Path(f"{victim}.html").exists()
    assert not Path(f"{victim}-benefit.html").exists() and not Path(f"{victim}-benefit").exists()
    assert not Path("/etc/passwd.html").exists() and not Path("/etc/passwd.md").exists()
    if passwd is not None:
        assert Path("/etc/passwd").read_bytes() == passwd
    out = root / "generated"
    names = {p.name for p in out.rglob("*")}
    for code in HOSTILE_CODES:
        assert f"{safe_name(code)}.html" in names
    for path in out.rglob("*"):
        assert not path.is_symlink()
        assert path.resolve().is_relative_to(out.resolve())
        assert len(path.name.encode()) <= MAX_NAME + len(".formily.json")
        assert path.name.split(".")[0].upper() not in ("CON", "NUL", "COM1", "PRN", "AUX")
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for name in manifest["files"]:
        assert not name.startswith("/") and ".." not in name.split("/")


# ---- symlinks in the catalog ------------------------------------------------------------

MARKER = "SECRET-OUTSIDE-THE-CATALOG"


def outside_files(tmp: Path) -> Path:
    """A folder outside the project: a plausible catalog file holding a marker, another folder
    of them, and a FIFO (opening it for reading would block: a read is a hang, not a guess)."""
    outside = tmp / "outside"
    (outside / "scenarios").mkdir(parents=True)
    text = (FIXTURE / "licensing" / "wjw.yaml").read_text("utf-8").replace("卫生", MARKER, 1)
    assert MARKER in text
    (outside / "secret.yaml").write_text(text, "utf-8")
    (outside / "scenarios" / "secret.yaml").write_text(
        (FIXTURE / "scenarios" / "zg.yaml").read_text("utf-8").replace("员工", MARKER), "utf-8"
    )
    os.mkfifo(outside / "fifo.yaml")
    os.mkfifo(outside / "scenarios" / "fifo.yaml")
    return outside


def test_symlinks_out_of_the_catalog_are_findings_never_reads(tmp_path: Path) -> None:
    root = project(tmp_path)
    catalog = root / "catalog"
    outside = outside_files(tmp_path)
    (catalog / "licensing" / "linked.yaml").symlink_to(outside / "secret.yaml")
    (catalog / "licensing" / "pipe.yaml").symlink_to(outside / "fifo.yaml")
    (catalog / "licensing" / "zero.yaml").symlink_to("/dev/zero")
    (catalog / "licensing" / "dangling.yaml").symlink_to(tmp_path / "nothing-here.yaml")
    (catalog / "views" / "loop.yaml").symlink_to(catalog / "views" / "loop.yaml")
    (catalog / "implementations").rename(outside / "implementations")  # a symlinked folder
    (catalog / "implementations").symlink_to(outside / "implementations")
    (catalog / "extra").symlink_to(outside / "scenarios")
    os.mkfifo(catalog / "licensing" / "local-fifo.yaml")

    before = tree(tmp_path)
    linted = zwfw("lint", "--format", "json", "--today", TODAY, cwd=root, timeout=60)
    assert linted.returncode == 1, linted.stderr
    report = json.loads(linted.stdout)
    refused = {d["file"]: d["message"] for d in report["diagnostics"] if d["rule"] == "yaml-syntax"}
    for name in ["linked", "pipe", "zero", "dangling", "local-fifo"]:
        assert f"catalog/licensing/{name}.yaml" in refused
    assert "catalog/views/loop.yaml" in refused
    assert "catalog/implementations" in refused and "catalog/extra" in refused
    assert MARKER not in linted.stdout + linted.stderr
    text = zwfw("lint", "--today", TODAY, cwd=root, timeout=60)
    assert MARKER not in text.stdout + text.stderr  # the text report shows no outside line

    compiled = zwfw("compile", "--today", TODAY, cwd=root, timeout=60)
    assert compiled.returncode == 1  # refused: the symlinks are errors
    assert MARKER not in compiled.stdout + compiled.stderr
    assert not (root / "generated").exists()
    assert_only_output_changed(before, tree(tmp_path))
    formatted = zwfw("fmt", cwd=root, timeout=60)  # may rewrite catalog files, nothing else
    assert "Traceback" not in formatted.stderr and "内部错误" not in formatted.stderr
    assert {p: v for p, v in tree(tmp_path).items() if p.startswith("outside")} == {
        p: v for p, v in before.items() if p.startswith("outside")
    }


def test_a_symlink_inside_the_catalog_is_read(tmp_path: Path) -> None:
    root = project(tmp_path)
    catalog = root / "catalog"
    (catalog / "shared").mkdir()
    (catalog / "views" / "canyin.yaml").rename(catalog / "shared" / "canyin.yaml")
    (catalog / "views" / "canyin.yaml").symlink_to(catalog / "shared" / "canyin.yaml")
    done = zwfw("lint", "--format", "json", "--today", TODAY, cwd=root)
    report = json.loads(done.stdout)
    assert [d for d in report["diagnostics"] if d["file"] == "catalog/views/canyin.yaml"] == []


def test_fmt_never_writes_through_a_symlink_out_of_the_catalog(tmp_path: Path) -> None:
    root = project(tmp_path)
    outside = tmp_path / "outside.yaml"
    # not in canonical form, so fmt would rewrite it if it followed the link
    outside.write_text("items:\n  - name: 事项\n    code: '000117009000'\n", "utf-8")
    (root / "catalog" / "licensing" / "linked.yaml").symlink_to(outside)
    before = outside.read_bytes()
    done = zwfw("fmt", cwd=root)
    assert "Traceback" not in done.stderr
    assert outside.read_bytes() == before
    assert (root / "catalog" / "licensing" / "linked.yaml").is_symlink()


# ---- where the output may go -------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["symlink", "dangling-symlink", "catalog", "inside-catalog", "project", "file", "foreign"],
)
def test_unsafe_output_locations_are_refused(tmp_path: Path, where: str) -> None:
    root = project(tmp_path)
    catalog = root / "catalog"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep", "utf-8")
    out = {
        "symlink": root / "out-link",
        "dangling-symlink": root / "out-dangling",
        "catalog": catalog,
        "inside-catalog": catalog / "generated",
        "project": root,
        "file": root / "pyproject.toml",
        "foreign": elsewhere,
    }[where]
    if where == "symlink":
        out.symlink_to(elsewhere)
    if where == "dangling-symlink":
        out.symlink_to(tmp_path / "nowhere")
    before = tree(tmp_path)
    done = zwfw("compile", "--today", TODAY, "--out", str(out), cwd=root)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("zwfw: ") and "内部错误" not in done.stderr
    after = tree(tmp_path)
    assert {p: v for p, v in after.items() if PROJECT_CACHE not in p} == {
        p: v for p, v in before.items() if PROJECT_CACHE not in p
    }


def test_a_very_long_code_gets_a_bounded_name(tmp_path: Path) -> None:
    """50 Chinese characters are 450 bytes once %-encoded: past the 255-byte file-name limit,
    the write failed (an internal error) until names were bounded."""
    root = project(tmp_path)
    scenario = load(root / "catalog" / "scenarios" / "zg.yaml")
    scenario["code"] = "一件事" * 16
    save(root / "catalog" / "scenarios" / "zg.yaml", scenario)
    done = zwfw("compile", "--today", TODAY, cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    forms = sorted(p.name for p in (root / "generated" / "forms").iterdir())
    assert any("%%" in name for name in forms)
    assert all(len(name.encode()) < 255 for name in forms)


def test_compile_outside_a_project_writes_its_output_and_nothing_else(tmp_path: Path) -> None:
    """Handed a catalog with no [tool.zwfw] project around it, compile writes the output
    folder only: no lock left beside it, no cache beside the catalog."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "base", tmp_path / "catalog")
    before = tree(tmp_path)
    done = zwfw("compile", "catalog", "--out", "out", "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = tree(tmp_path)
    assert {p: v for p, v in after.items() if not p.startswith("out")} == before
    assert (tmp_path / "out" / "manifest.json").is_file()
