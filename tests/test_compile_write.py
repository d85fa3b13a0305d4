"""The write stage with a spare tree (compiler/build/incremental_spare.py): generated/ always
holds exactly the files asked for, whatever state the spare in the cache was left in, and the
spare never shows in the catalog repository's git status."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.build import incremental_spare
from compiler.build.incremental_spare import MAX_SPARES, Spare
from compiler.build.output import compare
from compiler.build.swap import write_output

V1 = {"manifest.json": b"{}\n", "a.html": b"one", "sub/b.txt": b"two", "sub/deep/c": b"three"}
V2 = {"manifest.json": b"{ }\n", "a.html": b"uno", "sub/b.txt": b"two", "d.txt": b"four"}


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def spare_tree(cache: Path) -> Path:
    (tree,) = cache.glob("spare-*/tree")
    return tree


def test_writes_alternate_through_the_spare(tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    previous: dict[str, bytes] = {}
    for files in (V1, V2, V1, V2, V2, V1):
        report = write_output(out, files, spare=cache)
        assert snapshot(out) == files and not compare(out, files)
        assert report.written == tuple(sorted(p for p in files if previous.get(p) != files[p]))
        assert report.removed == tuple(sorted(previous.keys() - files.keys()))
        previous = files
    assert write_output(out, V1, spare=cache).changed is False
    assert snapshot(spare_tree(cache)) == V2  # the previous output, kept for the next write
    assert sorted(p.name for p in tmp_path.iterdir()) == [".zwfw-cache", "generated"]


def test_the_first_write_seeds_the_spare_and_the_next_leaves_the_output_s_stats(
    tmp_path: Path,
) -> None:
    """A write into a new folder leaves a spare holding the same files (hard links, made
    then), so the next write changes only what differs: every unchanged file of the output
    keeps its stat, ctime included (known by stat, never read again)."""
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    write_output(tmp_path / "preview", V1, spare=cache)  # a one-off folder: no spare seeded
    assert not list(cache.glob("spare-*/tree"))
    write_output(out, V1, spare=cache, seed=True)
    assert snapshot(spare_tree(cache)) == V1
    before = {p: os.lstat(out / p) for p in V1}
    write_output(out, {**V1, "a.html": b"uno"}, spare=cache)
    after = {p: os.lstat(out / p) for p in V1}
    for path in ("manifest.json", "sub/b.txt", "sub/deep/c"):
        assert (after[path].st_ino, after[path].st_ctime_ns) == (
            before[path].st_ino,
            before[path].st_ctime_ns,
        )
    assert (out / "a.html").read_bytes() == b"uno"


def test_a_tampered_spare_never_reaches_the_output(tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"mine")
    write_output(out, V1, spare=cache)
    write_output(out, V2, spare=cache)
    tree = spare_tree(cache)  # holds V1 now
    (tree / "a.html").write_bytes(b"uno")  # the bytes V2 wants, but not known to be there
    shutil.rmtree(tree / "sub")
    (tree / "sub").write_bytes(b"a file where a folder belongs")
    os.symlink(outside, tree / "d.txt")
    (tree / "stray").mkdir()
    (tree / "stray" / "x").write_bytes(b"x")
    write_output(out, V1, spare=cache)
    assert snapshot(out) == V1
    write_output(out, V2, spare=cache)
    assert snapshot(out) == V2 and not (out / "d.txt").is_symlink()
    assert outside.read_bytes() == b"mine"
    same_size = {**V2, "a.html": b"ONE"}  # same size as the spare's "one": read, not trusted
    write_output(out, same_size, spare=cache)
    assert snapshot(out) == same_size


def test_an_output_file_edited_by_hand_is_restored(tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    write_output(out, V1, spare=cache)
    write_output(out, V2, spare=cache)
    (out / "sub" / "b.txt").write_bytes(b"TWO")
    report = write_output(out, V2, spare=cache)
    assert report.written == ("sub/b.txt",) and snapshot(out) == V2


def test_a_failure_while_filling_the_spare_leaves_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    write_output(out, V1, spare=cache)
    write_output(out, V2, spare=cache)
    real = incremental_spare._write_new
    calls = 0

    def failing(target: Path, data: bytes) -> os.stat_result:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        return real(target, data)

    new = {name: data + b"new" for name, data in V1.items()}
    monkeypatch.setattr(incremental_spare, "_write_new", failing)
    with pytest.raises(OSError):
        write_output(out, new, spare=cache)
    monkeypatch.undo()
    assert snapshot(out) == V2 and calls == 2
    write_output(out, new, spare=cache)
    assert snapshot(out) == new


def test_another_file_system_or_a_busy_spare_falls_back_to_staging(tmp_path: Path) -> None:
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    write_output(out, V1, spare=cache)
    spare = Spare.open(cache, out)
    assert spare is not None
    try:  # a spare held by another process: this write stages a copy instead
        assert Spare.open(cache, out) is None
        write_output(out, V2, spare=cache)
        assert snapshot(out) == V2
    finally:
        spare.close()
    write_output(out, V1, spare=cache)
    assert snapshot(out) == V1


def test_old_spares_are_pruned_but_never_one_in_use(tmp_path: Path) -> None:
    cache = tmp_path / ".zwfw-cache"
    outs = [tmp_path / f"out{i}" for i in range(MAX_SPARES + 3)]
    write_output(outs[0], V1, spare=cache)
    held = Spare.open(cache, outs[0])
    assert held is not None
    os.utime(held.folder, ns=(0, 0))  # the least recently used, but locked
    try:
        for out in outs[1:]:
            write_output(out, V1, spare=cache)
    finally:
        held.close()
    spares = list(cache.glob("spare-*"))
    assert held.folder in spares and len(spares) <= MAX_SPARES + 1
    for out in outs:
        assert snapshot(out) == V1
    fd = os.open(held.folder / "lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released
    os.close(fd)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_spare_does_not_show_in_git_status(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("/generated/\n/.zwfw-cache/*.marshal\n/.zwfw-cache/parsed-*\n")
    out, cache = tmp_path / "generated", tmp_path / ".zwfw-cache"
    write_output(out, V1, spare=cache)
    write_output(out, V2, spare=cache)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    ).stdout
    assert "spare" not in status and "zwfw-cache" not in status, status
