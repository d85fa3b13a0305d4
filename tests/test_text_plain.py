"""The text report without colour is joined by hand, not printed through rich: it must be
exactly what rich would print for the same styled lines (tabs, wide characters, controls)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from compiler.diagnostics import Diagnostic, LintResult, Location, Severity
from compiler.report.text import TAB_SIZE, WIDTH, Line, finding_lines, plain, render_text

_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "Cc", "Mn"),
    include_characters="\t名称值😀\u200b\x1b\x07\r",
)
_TEXT = st.text(_CHARS, max_size=40)


def through_rich(lines: list[Line]) -> str:
    """What the report printed before: rich, no colour, one print per line."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=False, force_jupyter=False, color_system=None,
        no_color=True, width=WIDTH, soft_wrap=True, highlight=False, markup=False,
        emoji=False, legacy_windows=False, tab_size=TAB_SIZE,
    )
    for line in lines:
        console.print(Text.assemble(*line))
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_TEXT, st.sampled_from(["", "dim", "bold red"])), max_size=4), max_size=6))
def test_plain_lines_are_what_rich_prints(raw: list[list[tuple[str, str]]]) -> None:
    from compiler.report.text import _clean

    lines: list[Line] = [tuple((_clean(text), style) for text, style in line) for line in raw]
    assert plain(lines) == through_rich(lines)


@settings(max_examples=150, deadline=None)
@given(_TEXT, _TEXT, _TEXT, st.integers(1, 50), st.integers(1, 50), st.booleans())
def test_whole_findings_agree_with_rich(
    message: str, file: str, title: str, line: int, column: int, waived: bool
) -> None:
    finding = Diagnostic(
        "rule-x", Severity.WARNING, message, file or "f.yaml", line, column, basis=title,
        title=title, item="000000000001", waived=waived,
        related=(Location(file, 2, 3),),
    )
    from compiler.report.text import SourceLines

    lines = list(finding_lines(finding, {}, SourceLines()))
    assert plain(lines) == through_rich(lines)
    text = render_text(LintResult([finding], files=1), {})
    assert "\x1b" not in text and "\x07" not in text  # nothing reaches the terminal raw


def test_escape_in_catalog_text_never_reaches_the_terminal() -> None:
    finding = Diagnostic("r", Severity.ERROR, "名称\x1b[31m红", "a\x1b]0;x\x07.yaml", 1, 1)
    text = render_text(LintResult([finding], files=1), {})
    assert "\x1b" not in text
    assert "名称\ufffd[31m红" in text


def test_the_fast_cell_count_agrees_with_rich_on_every_character_it_takes() -> None:
    from rich.cells import cell_len

    from compiler.report.text import _cells

    taken = [*range(0x20, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x300), *range(0x2010, 0x2028), *range(0x2030, 0x205F), *range(0x3000, 0x302A), *range(0x3030, 0x303F), *range(0x4E00, 0xA000), *range(0xFF01, 0xFF61)]
    for code in taken:
        assert _cells(chr(code)) == cell_len(chr(code)), hex(code)
    assert _cells("名称: a“b”😀\u0301") == cell_len("名称: a“b”😀\u0301")


def test_combining_marks_among_cjk_punctuation_go_to_rich() -> None:
    from rich.cells import cell_len

    from compiler.report.text import _cells

    for code in range(0x3000, 0x3040):
        assert _cells(f"名{chr(code)}a") == cell_len(f"名{chr(code)}a"), hex(code)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("a名“—…\u0301😀\t、"), max_size=60), st.integers(0, 70))
def test_head_fits_the_cells_exactly_as_a_character_walk(text: str, cells: int) -> None:
    from rich.cells import cell_len

    from compiler.report.text import _head

    walked, used = text, 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            walked = text[:index]
            break
    assert _head(text, cells) == walked
