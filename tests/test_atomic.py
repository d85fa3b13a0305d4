"""Atomicity: ``zwfw compile`` and ``zwfw fmt`` killed with SIGKILL at any moment leave the
previous state intact, and two compiles into one folder never mix their outputs.

No monkeypatching: the real command runs in a child process on a generated catalog
(``python -m benchmarks.generate``) large enough that a kill lands mid-way, either after a
random delay or right after the staging folder appears, when files are being written.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2025-06-01"
TIMEOUT = 180


def generate(out: Path, version: int) -> Path:
    args = ["--scale", "small", "--out", str(out), "--version", str(version), "--no-defects"]
    subprocess.run(
        [sys.executable, "-m", "benchmarks.generate", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return out / "catalog"


def messy(source: Path, target: Path) -> Path:
    """The catalog with every file rewritten in another key order: fmt must rewrite them all."""
    import yaml

    from compiler.load.yaml12 import parse

    for path in sorted(source.rglob("*.yaml")):
        data = parse(path.read_text("utf-8")).data
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), "utf-8")
    return target


def command(*args: str) -> list[str]:
    return [sys.executable, "-c", "import cli; cli.main()", *args]


def start(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    """A child in its own process group, so that a kill reaches any workers it started."""
    return subprocess.Popen(
        command(*args),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "ZWFW_DEBUG": ""},
    )


def kill(child: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.communicate(timeout=TIMEOUT)


def intact(out: Path) -> str:
    """Assert ``out`` is one complete compile (every file its manifest lists, with that hash,
    and nothing else) and return the manifest's inputs digest."""
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == {*manifest["files"], "manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    inputs: str = manifest["inputs"]
    return inputs


def put_catalog(project: Path, source: Path) -> None:
    shutil.rmtree(project / "catalog", ignore_errors=True)
    shutil.copytree(source, project / "catalog")


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("generated-catalogs")
    return generate(root / "v2025", 2025), generate(root / "v2026", 2026)


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.zwfw]\ncatalog = "catalog"\noutput = "generated"\n', "utf-8"
    )
    yield root


def compile_fully(project: Path) -> str:
    done = subprocess.run(
        command("compile", "--today", TODAY, "--quiet"),
        cwd=project,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return intact(project / "generated")


def staging_appears(project: Path, child: subprocess.Popen[bytes], limit: float) -> bool:
    """Wait until the child writes: a staging folder beside the output appears, or (a project
    keeps a spare tree in its cache, updated in place of a staging copy) the output's lock is
    held in two polls in a row (the probe holds it only for a moment at the start)."""
    deadline = time.monotonic() + limit
    held = 0
    while time.monotonic() < deadline and child.poll() is None:
        if any(project.glob(".generated.tmp-new-*")):
            return True
        held = held + 1 if (project / ".generated.tmp-lock").exists() else 0
        if held >= 2:
            return True
        time.sleep(0.002)
    return False


def test_killed_compiles_leave_the_previous_output(
    project: Path, versions: tuple[Path, Path]
) -> None:
    rng = random.Random(8)
    put_catalog(project, versions[1])
    new = compile_fully(project)
    put_catalog(project, versions[0])
    started = time.monotonic()
    old = compile_fully(project)
    took = time.monotonic() - started  # a switch of version: what each round starts
    assert old != new
    current = old
    kills = 0
    for round_ in range(10):
        # always compile the other version, so every kill interrupts real work
        put_catalog(project, versions[1] if current == old else versions[0])
        child = start(project, "compile", "--today", TODAY, "--quiet")
        if round_ % 2:  # at a random moment of the compile, however fast compiles get
            time.sleep(rng.uniform(0.05, 0.95) * took)
        elif staging_appears(project, child, TIMEOUT):
            time.sleep(rng.uniform(0, 0.1))  # files are being written or swapped now
        finished = child.poll() is not None
        kill(child)
        kills += not finished
        current = intact(project / "generated")
        assert current in (old, new)
    assert kills >= 5
    put_catalog(project, versions[0])
    assert compile_fully(project) == old  # and the next compile cleans up and succeeds
    assert not list(project.glob(".generated.tmp-new-*"))
    assert not list(project.glob(".generated.tmp-old-*"))
    assert list(project.glob(".zwfw-cache/spare-*/tree"))  # the writes went through the spare


def test_two_compiles_into_one_folder_never_mix(
    tmp_path: Path, versions: tuple[Path, Path]
) -> None:
    """Two projects (the two versions) compile into one output folder at once: the loser is
    refused with a message (exit 2) or finds its turn after the other; the folder is always
    one whole compile."""
    projects = []
    for index, version in enumerate(versions):
        root = tmp_path / f"p{index}"
        root.mkdir()
        put_catalog(root, version)
        projects.append(root)
    out = tmp_path / "shared-output"
    digests: set[str] = set()
    for _ in range(4):
        children = [
            start(root, "compile", "--today", TODAY, "--out", str(out)) for root in projects
        ]
        results = [child.communicate(timeout=TIMEOUT) for child in children]
        codes = [child.returncode for child in children]
        assert 0 in codes, results
        for code, (_, err) in zip(codes, results, strict=True):
            text = err.decode("utf-8")
            assert "内部错误" not in text and "Traceback" not in text, text
            assert code in (0, 2), text
            if code == 2:
                assert "正在写入" in text, text
        digests.add(intact(out))
    assert len(digests) <= 2


# ---- fmt ----------------------------------------------------------------------------------


def test_killed_fmt_leaves_every_file_old_or_new(
    tmp_path: Path, versions: tuple[Path, Path]
) -> None:
    """fmt writes each file through a temporary file and a rename: after a kill at any moment
    every catalog file holds either its old bytes or its formatted bytes, never a part."""
    rng = random.Random(11)
    original = messy(versions[0], tmp_path / "messy")
    formatted = tmp_path / "formatted"
    shutil.copytree(original, formatted)
    done = subprocess.run(
        command("fmt", "--quiet", str(formatted)),
        cwd=tmp_path,
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    names = [p.relative_to(original).as_posix() for p in sorted(original.rglob("*.yaml"))]
    old = {name: (original / name).read_bytes() for name in names}
    new = {name: (formatted / name).read_bytes() for name in names}
    assert sum(old[name] != new[name] for name in names) >= len(names) // 2
    work = tmp_path / "work"
    interrupted = 0
    for _ in range(8):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(original, work)
        child = start(tmp_path, "fmt", "--quiet", str(work))
        time.sleep(rng.uniform(0.3, 4.0))
        finished = child.poll() is not None
        kill(child)
        states = {
            name: "old"
            if (work / name).read_bytes() == old[name]
            else "new"
            if (work / name).read_bytes() == new[name]
            else "torn"
            for name in names
        }
        assert "torn" not in states.values(), states
        interrupted += not finished and "new" in states.values() and "old" in states.values()
        leftovers = [p for p in work.rglob("*") if p.is_file() and p.name.endswith(".zwfw-fmt")]
        assert all(p.name.startswith(".") for p in leftovers)  # hidden: lint never reads them
    assert interrupted >= 1, "no kill landed while fmt was writing"
