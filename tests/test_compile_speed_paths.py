"""The compile's fast paths give exactly the bytes of the plain ways they replace."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, StrictUndefined, UndefinedError, pass_context
from markupsafe import Markup

from compiler.build import tables
from compiler.build.consistency import uniformity, uniformity_rows
from compiler.build.memo import Memo
from compiler.build.tables import Table, to_xlsx
from compiler.build.xlsx_rows import FastRows, UnexpectedSheet, column_letter, fast_rows
from compiler.model.catalog import CatalogError, build_catalog
from compiler.render import environment
from compiler.render.printing import PrintingEnvironment

NASTY = ["", " ", "  lead", "trail ", " both ", "\tTab", "\rcr", "=SUM(A1)", "+1", "-x", "@a",
         "a&b<c>d\"e'f", "line\nbreak", "\n", "x\x01y\x1f", "\x01", "\x01 ", "#DIV/0!", "=",
         "中文；测试", "a" * 40000, " " + "b" * 32770, "\u2028", "]]>", "&amp;", "\r\n", "x\r"]  # fmt: skip
NUMBERS = [0, 1, -5, 10**17, 2**31 - 1, 2.5, 0.1, 1e20, -0.0, 0.0, 1.0, None]


def _openpyxl_way(table: Table) -> bytes:
    return tables._repack(tables._frame(table, "zwfw", None))


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


def test_remembered_workbook_frames_give_the_same_bytes(tmp_path: Path) -> None:
    memo = Memo(tmp_path)
    first = Table("清单", ("名称", "时限"), (("甲", 1), ("乙", 2)))
    edited = Table("清单", ("名称", "时限"), (("甲", 1), ("丙", 3)))  # same widths: same frame
    wider = Table("清单", ("名称", "时限"), (("甲" * 30, 1),))
    for table in (first, edited, wider, first):
        assert to_xlsx(table, memo=memo) == _openpyxl_way(table)
    assert memo.hits == 2  # the edited table and the last one reuse the first one's frame


def test_column_letters_are_openpyxl_s() -> None:
    from openpyxl.utils import get_column_letter

    assert [column_letter(i) for i in range(1, 18279)] == [
        get_column_letter(i) for i in range(1, 18279)
    ]


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


# --- printing a value in a template -------------------------------------------------------

VALUES = ["plain", "a<b>&'\"", "ctl\x01\x7f\u2028x", "tab\tnew\nline", "\u3000全角空格", "", 0, 7,
          2.5, None, True, Markup("<b>kept</b>"), Markup("x\x01")]  # fmt: skip
TEMPLATE = (
    "{% for v in values %}[{{ v }}|{{ v ~ '!' }}]{% endfor %}"
    "{% autoescape false %}{{ values[1] }}{% endautoescape %}"
    "{% autoescape values[6] == 0 %}{{ values[1] }}{% endautoescape %}"  # decided at run time
)


@pytest.mark.parametrize("autoescape", [True, False])
def test_printing_environment_prints_what_jinja_prints(autoescape: bool) -> None:
    kwargs: dict[str, Any] = {"autoescape": autoescape, "undefined": StrictUndefined}
    plain, printing = Environment(**kwargs), PrintingEnvironment(**kwargs)
    plain.finalize = printing.finalize = environment._finalize
    for _ in range(2):  # the second time from what the printer remembers
        expected = plain.from_string(TEMPLATE).render(values=VALUES)
        assert printing.from_string(TEMPLATE).render(values=VALUES) == expected
    with pytest.raises(UndefinedError):
        printing.from_string("{{ missing }}").render()


def test_every_character_clean_removes_is_unprintable() -> None:
    removed = [chr(c) for c in range(0x110000) if environment._CONTROL.match(chr(c))]
    assert removed and not any(c.isprintable() for c in removed)


@given(st.text(max_size=30))
def test_clean_and_markdown_text_keep_their_meaning(text: str) -> None:
    assert environment.clean(text) == environment._CONTROL.sub("", text)
    assert environment.markdown_text(text) == environment._markdown_text(text)
    assert environment.markdown_text(text) == environment._markdown_text(text)  # remembered


def test_a_finalize_that_needs_the_context_keeps_jinja_s_way() -> None:
    @pass_context
    def finalize(context: Any, value: Any) -> Any:
        return f"{context['prefix']}{value}"

    printing = PrintingEnvironment(autoescape=True)
    printing.finalize = finalize
    assert printing.from_string("{{ v }}").render(prefix="<", v="&") == "&lt;&amp;"
    unfinalized = PrintingEnvironment(autoescape=True)
    assert unfinalized.from_string("{{ v }}{{ n }}").render(v="<&>", n=3) == "&lt;&amp;&gt;3"


# --- the cyclic collector, paused and given back -------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_build_gives_the_collector_back_as_it_found_it(enabled: bool) -> None:
    from tests.test_compile_merge import documents

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        build_catalog(documents())
        assert gc.isenabled() is enabled
        with pytest.raises(CatalogError):
            build_catalog([])  # raising gives it back too
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_the_uniformity_matrix_is_the_same_with_the_city_dumped_once() -> None:
    from tests.test_compile_merge import documents

    catalog = build_catalog(documents())
    seen = set()
    for row in uniformity_rows(catalog):
        item = catalog.items[row.code]
        for district, cell, paths in zip(
            catalog.districts, row.cells, row.differences, strict=True
        ):
            implementation = catalog.implementations.get(district)
            entries = {e.code: e for e in implementation.items} if implementation else {}
            assert uniformity(item, entries.get(row.code)) == (cell, paths)
            seen.add(cell)
    assert {"same", "local"} <= seen  # a district that restates something is among them
