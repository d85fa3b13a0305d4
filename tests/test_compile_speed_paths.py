"""The compile's fast paths give exactly the bytes of the plain ways they replace."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.build import tables
from compiler.build.tables import Table, to_xlsx
from compiler.build.xlsx_rows import FastRows, UnexpectedSheet, fast_rows

NASTY = ["", " ", "  lead", "trail ", " both ", "\tTab", "\rcr", "=SUM(A1)", "+1", "-x", "@a",
         "a&b<c>d\"e'f", "line\nbreak", "\n", "x\x01y\x1f", "\x01", "\x01 ", "#DIV/0!", "=",
         "中文；测试", "a" * 40000, " " + "b" * 32770, "\u2028", "]]>", "&amp;", "\r\n", "x\r"]  # fmt: skip
NUMBERS = [0, 1, -5, 10**17, 2**31 - 1, 2.5, 0.1, 1e20, -0.0, None]


def _openpyxl_way(table: Table) -> bytes:
    return tables._workbook(table, "zwfw", None)


def test_fast_rows_write_what_openpyxl_writes() -> None:
    rows = tuple(
        (text, NUMBERS[i % len(NUMBERS)], None, text[::-1]) for i, text in enumerate(NASTY)
    )
    table = Table("清单", ("名称", "时限", "空", "倒序"), rows)
    assert fast_rows(table.headings, table.rows) is not None
    assert to_xlsx(table) == _openpyxl_way(table)


@pytest.mark.parametrize(
    "table",
    [
        Table("无行", ("a", "b"), ()),
        Table("布尔", ("a",), ((True,), (False,))),
        Table("NaN", ("a",), ((float("nan"),),)),
        Table("一列", ("a",), (("x",),)),
    ],
)
def test_tables_the_fast_path_skips_or_covers_are_unchanged(table: Table) -> None:
    assert to_xlsx(table) == _openpyxl_way(table)


def test_values_of_other_types_take_openpyxl_s_way() -> None:
    assert fast_rows(("a",), ((True,),)) is None
    assert fast_rows(("a",), ((float("inf"),),)) is None
    assert fast_rows(("a", "b"), (("x",),)) is None  # ragged
    assert fast_rows((), ()) is None


def test_an_unexpected_sheet_is_refused_and_openpyxl_writes_the_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(UnexpectedSheet):
        FastRows(1, (("x",),)).splice(b"<worksheet><sheetData></sheetData></worksheet>")
    table = Table("清单", ("a",), (("x",), (1,)))
    expected = _openpyxl_way(table)

    def refuse(_self: FastRows, _sheet: bytes) -> bytes:
        raise UnexpectedSheet

    monkeypatch.setattr(FastRows, "splice", refuse)
    assert to_xlsx(table) == expected


cells = st.one_of(
    st.none(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.tuples(*[cells] * width), max_size=5).map(
        lambda rows: Table("表", tuple(f"h{i}" for i in range(width)), tuple(rows))
    )
))  # fmt: skip
def test_any_table_gets_the_same_bytes_both_ways(table: Table) -> None:
    assert to_xlsx(table) == _openpyxl_way(table)
