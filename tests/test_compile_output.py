"""The bytes and the writing of generated/: safe names, cells, XLSX determinism, the atomic swap,
the lock, and recovery after a crash."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.build import output_dir
from compiler.build.output import compare, safe_name, to_json
from compiler.build.swap import OutputLocked, UnsafeOutput, output_lock, write_output
from compiler.build.tables import (
    FIXED_TIME,
    Table,
    markdown_cell,
    neutralize,
    to_csv,
    to_markdown,
    to_xlsx,
)

FILES = {"a.txt": b"one\n", "sub/b.txt": b"two\n", "manifest.json": b"{}\n"}


@given(st.text(min_size=1))
def test_safe_name_is_a_plain_file_name_and_one_to_one(code: str) -> None:
    try:
        code.encode()
    except UnicodeEncodeError:
        return
    name = safe_name(code)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".", "..") and not name.startswith(".")
    assert set(name) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-%")
    assert safe_name(code + "x") != name


def test_safe_name_examples() -> None:
    assert safe_name("000117001000") == "000117001000"
    assert safe_name("../etc/passwd") == "%2E.%2Fetc%2Fpasswd"
    assert safe_name("YJS-新生儿") == "YJS-%E6%96%B0%E7%94%9F%E5%84%BF"
    assert safe_name("50%") == "50%25"
    with pytest.raises(ValueError):
        safe_name("")


def test_json_serializer() -> None:
    assert to_json({"b": 1, "a": "中"}) == '{\n  "a": "中",\n  "b": 1\n}\n'.encode()


def test_cells_defuse_formulas_and_markdown() -> None:
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1"):
        assert neutralize(dangerous) == "'" + dangerous
    assert neutralize("022-12345678") == "022-12345678"
    assert markdown_cell("a|b <script>x</script>\nline") == r"a\|b \<script\>x\</script\> line"
    table = Table("清单", ("名称", "说明"), (("=cmd|' /C calc'!A0", "a|b"), ("正常", None)))
    assert "'=cmd" in to_csv(table).decode("utf-8-sig")
    markdown = to_markdown(table).decode()
    assert r"'=cmd\|' /C calc'!A0" in markdown and r"a\|b" in markdown
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"


def test_xlsx_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    table = Table("行政许可事项清单", ("事项名称", "承诺办结时限"), (("食品经营许可", 10),))
    first = to_xlsx(table)
    later = time.time() + 400 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert to_xlsx(table) == first
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified == FIXED_TIME


def test_write_then_nothing_changed_then_one_file(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    assert write_output(out, FILES).written == ("a.txt", "manifest.json", "sub/b.txt")
    inode = (out / "a.txt").stat().st_ino
    again = write_output(out, FILES)
    assert not again.changed and again.kept == 3
    changed = write_output(out, {**FILES, "sub/b.txt": b"three\n"})
    assert changed.written == ("sub/b.txt",)
    assert (out / "a.txt").stat().st_ino == inode  # kept by hard link, not rewritten
    assert (out / "sub/b.txt").read_bytes() == b"three\n"
    assert not compare(out, {**FILES, "sub/b.txt": b"three\n"})
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []  # nor the lock


def test_extra_files_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, FILES)
    (out / "stray.html").write_text("x")
    assert compare(out, FILES).extra == ("stray.html",)
    assert write_output(out, FILES).removed == ("stray.html",)
    assert not (out / "stray.html").exists()


def test_a_failure_mid_write_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_output(out, FILES)
    calls = 0
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError):
        write_output(out, {name: data + b"new" for name, data in FILES.items()})
    monkeypatch.undo()
    assert not compare(out, FILES)
    assert not list(tmp_path.glob(".generated.tmp-new-*"))


def test_the_two_rename_swap_puts_the_output_back_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "generated"
    write_output(out, FILES)
    monkeypatch.setattr(output_dir, "exchange", lambda a, b: False)
    real = os.rename

    def failing(a: object, b: object) -> None:
        if str(a).find(".tmp-new-") >= 0:
            raise OSError(5, "I/O error")
        real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", failing)
    with pytest.raises(OSError):
        write_output(out, {"a.txt": b"new\n"})
    monkeypatch.undo()
    assert not compare(out, FILES)


def test_an_output_left_aside_by_a_crash_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    write_output(out, FILES)
    os.rename(out, tmp_path / ".generated.tmp-old-12345")  # killed between the two renames
    (tmp_path / ".generated.tmp-new-abc").mkdir()
    report = write_output(out, FILES)
    assert not report.changed and not compare(out, FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


def test_a_concurrent_compile_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    with output_lock(out), pytest.raises(OutputLocked, match=str(os.getpid())):
        write_output(out, FILES)
    write_output(out, FILES)  # released


def test_never_replaces_a_directory_zwfw_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UnsafeOutput):
        write_output(tmp_path, FILES)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    with pytest.raises(ValueError):
        write_output(tmp_path / "out", {"../escape.txt": b""})
