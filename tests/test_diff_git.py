"""`REF:PATH` inputs read from git without a checkout, alone and mixed with directories."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

FIXTURES = Path("tests/fixtures/diff").resolve()

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose tag v2024 holds the 2024 catalog and whose HEAD holds the 2025 one."""
    root = tmp_path_factory.mktemp("repo")
    git(root, "init", "-q")
    shutil.copytree(FIXTURES / "2024", root / "catalog")
    (root / "catalog" / ".hidden.yaml").write_text("not: [a catalog file\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "2024 年版")
    git(root, "tag", "v2024")
    shutil.rmtree(root / "catalog")
    shutil.copytree(FIXTURES / "2025", root / "catalog")
    # a copied file may get the inode, size and mtime of the one it replaces, which git's index
    # would take for unchanged: drop the index entries so that every file is hashed afresh
    git(root, "rm", "-r", "-q", "--cached", "catalog")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "2025 年版")
    (root / "catalog" / "licensing" / "scjgw.yaml").write_text("items: [broken\n", "utf-8")
    return root  # the working tree is broken on purpose: git inputs must not read it


@pytest.fixture()
def inside(repo: Path) -> Iterator[Path]:
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        yield repo
    finally:
        os.chdir(cwd)


def diff(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def expected(fmt: str = "json") -> str:
    old, new = FIXTURES / "2024", FIXTURES / "2025"
    code, out, _ = diff(str(old), str(new), "--format", fmt)
    assert code == 0
    return out


def test_refs_give_the_same_report(inside: Path) -> None:
    want = expected()
    assert diff("v2024:catalog", "HEAD:catalog", "--format", "json")[1] == want
    assert diff("v2024:catalog", "HEAD:catalog", "--format", "json", "--fail-on-regression")[0] == 1


def test_refs_mixed_with_directories(inside: Path) -> None:
    want = expected()
    assert diff("v2024:catalog", str(FIXTURES / "2025"), "--format", "json")[1] == want
    assert diff(str(FIXTURES / "2024"), "HEAD:catalog", "--format", "json")[1] == want


def test_refs_from_a_subdirectory(inside: Path) -> None:
    sub = inside / "catalog" / "scenarios"
    os.chdir(sub)
    assert diff("v2024:catalog", "HEAD:catalog", "--format", "markdown")[1] == expected("markdown")


def test_same_ref_is_empty(inside: Path) -> None:
    code, out, _ = diff("HEAD:catalog", "HEAD:catalog", "--format", "json", "--fail-on-regression")
    assert code == 0
    assert '"changes": []' in out


@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("v2023:catalog", "找不到 git 引用 v2023"),
        ("v2024:katalog", "v2024 中没有目录 katalog"),
        (":catalog", "缺少 git 引用"),
    ],
)
def test_bad_refs_exit_2(inside: Path, old: str, message: str) -> None:
    code, out, err = diff(old, "HEAD:catalog")
    assert (code, out) == (2, "")
    assert err.startswith("zwfw: ") and message in err


def test_outside_a_repository(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, _, err = diff("HEAD:catalog", str(FIXTURES / "2025"))
    finally:
        os.chdir(cwd)
    assert code == 2 and "不在 git 仓库中" in err
