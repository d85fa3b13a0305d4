"""Record digests (``compiler.build.record_digests``): equal digests only for equal values,
remembered per file digest, and a damaged store is recomputed, never trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.build.memo import Memo
from compiler.build.record_digests import RecordDigests, file_records, value_digest
from compiler.load.kinds import FileKind
from compiler.load.source import SourceFile

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
    max_leaves=12,
)


@given(values, values)
def test_equal_digests_mean_equal_values(a: Any, b: Any) -> None:
    if value_digest(a) == value_digest(b):
        assert a == b and repr(a) == repr(b)  # 1, 1.0 and True are told apart


def test_one_and_true_and_one_point_zero_differ() -> None:
    assert len({value_digest(1), value_digest(1.0), value_digest(True)}) == 3


def _source(tmp_path: Path, name: str, data: Any, digest: str) -> SourceFile:
    return SourceFile(tmp_path / name, name, FileKind.LICENSING, digest, data)


def test_records_are_kept_by_file_digest(tmp_path: Path) -> None:
    data = {"department": "d", "items": [{"code": "1", "name": "甲"}, {"code": 2, "name": "乙"}]}
    first = RecordDigests([_source(tmp_path, "a.yaml", data, "d1")], Memo(tmp_path / "cache"))
    first.save()
    found = first.by_file["a.yaml"]
    assert found == file_records(data)
    assert [code for code, _ in found.records] == ["1", None]  # a code that is not a string
    # the same file digest: the stored digests are used (even for different data)
    again = RecordDigests([_source(tmp_path, "a.yaml", {"items": []}, "d1")], Memo(tmp_path / "cache"))
    assert again.by_file["a.yaml"] == found
    fresh = RecordDigests([_source(tmp_path, "a.yaml", {"items": []}, "d2")], Memo(tmp_path / "cache"))
    assert fresh.by_file["a.yaml"] == file_records({"items": []})


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9"])  # b"": a flipped byte
def test_a_damaged_store_is_recomputed(tmp_path: Path, damage: bytes) -> None:
    data = {"items": [{"code": "1"}]}
    RecordDigests([_source(tmp_path, "a.yaml", data, "d1")], Memo(tmp_path)).save()
    (store,) = tmp_path.glob("memo-*/*")
    store.write_bytes(damage or store.read_bytes()[:-1] + b"\x00")  # b"": one byte flipped
    assert RecordDigests([_source(tmp_path, "a.yaml", data, "d1")], Memo(tmp_path)).by_file[
        "a.yaml"
    ] == file_records(data)


def test_a_document_without_items_has_only_its_whole_digest() -> None:
    found = file_records({"code": "S1", "name": "一件事"})
    assert found.head is None and found.records == ()
    assert found.whole == value_digest({"code": "S1", "name": "一件事"})
