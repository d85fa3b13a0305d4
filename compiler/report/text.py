"""The text report: what people read in a terminal and in CI logs, in Chinese.

Findings are grouped by file; each shows its place, 严重级别, rule id and title, the message, the
依据, the offending YAML line with a caret under the column, and the other places it concerns.
A closing line sums the run up. Catalog text is always printed literally: it goes into ``rich``
as ``Text`` objects, never as markup, so ``[red]`` in a message stays ``[red]``.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from compiler.diagnostics import Diagnostic, LintResult, RuleMeta, Severity
from compiler.report.json_report import rule_basis, rule_title

WIDTH = 120
TAB_SIZE = 4
SNIPPET_CELLS = 160  # longer source lines are shown as a window around the column
INDENT = "  "

# The YAML scanner (libyaml) counts a line at each of these, so marks agree with this split.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# Control characters would move the caret or drive the terminal: show them as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class SourceLines:
    """The catalog files' lines, each file read once; ``None`` for what cannot be read."""

    def __init__(self) -> None:
        self._files: dict[str, list[bytes] | list[str] | None] = {}

    def line(self, file: str, number: int) -> str | None:
        if file not in self._files:
            self._files[file] = _read_lines(file)
        lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        line = lines[number - 1]
        if isinstance(line, str):
            return line
        # A line of the byte split: decoded alone (a UTF-8 sequence never contains a newline
        # byte, so this is the same text as decoding the whole file), BOM dropped from line 1.
        return line.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace")


#: larger files are not read to show a line (the loader refuses them anyway)
_MAX_SHOWN_BYTES = 64 * 1024 * 1024
#: the line breaks other than LF, as UTF-8 bytes (CR, NEL, LS, PS)
_OTHER_BREAKS = (b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")


def _read_lines(file: str) -> list[bytes] | list[str] | None:
    """The file's lines, to show the offending one; never through a symlink (it may lead out
    of the catalog) and never from anything but a regular file of bounded size.

    Files with LF breaks only (nearly all) are split as bytes and a line is decoded when shown:
    decoding and splitting a 400 KB district list to show one line was a third of a warm lint.
    """
    try:
        info = os.lstat(file)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_SHOWN_BYTES:
            return None
        raw = Path(file).read_bytes()
    except (OSError, ValueError):  # missing, unreadable, a directory, a NUL in the name
        return None
    if not any(mark in raw for mark in _OTHER_BREAKS):
        return raw.split(b"\n")
    return _LINE_BREAK.split(raw.decode("utf-8-sig", errors="replace"))


def render_text(result: LintResult, rules: Mapping[str, RuleMeta], *, color: bool = False) -> str:
    """The findings grouped by file, then the summary line."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        force_jupyter=False,
        color_system="standard" if color else None,
        no_color=not color,
        width=WIDTH,
        soft_wrap=True,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        tab_size=TAB_SIZE,
    )
    sources = SourceLines()
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in result.diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    lines: list[Text] = []
    for file, diagnostics in by_file.items():
        lines.append(Text(file, style="bold underline"))
        for diagnostic in diagnostics:
            lines.extend(finding_lines(diagnostic, rules, sources))
            lines.append(Text())
    lines.append(summary_text(result))
    # one print of the joined lines: the same output as a print per line, a fifth of the time
    console.print(Text("\n").join(lines))
    return buffer.getvalue()


def finding_lines(
    diagnostic: Diagnostic, rules: Mapping[str, RuleMeta], sources: SourceLines
) -> Iterator[Text]:
    """The lines printed for one finding: header, message, 依据, source, 另见."""
    d = diagnostic
    muted = "dim" if d.waived else ""
    header = Text.assemble(
        (f"{d.file}:{d.line}:{d.column}", "bold"),
        "  ",
        (d.severity.label, "dim" if d.waived else _SEVERITY_STYLE[d.severity]),
        "  ",
        (d.rule, "magenta"),
    )
    title = rule_title(d, rules)
    if title:
        header.append(f"  {title}", style=muted)
    if d.waived:
        header.append("  （已豁免）", style="green")
    yield header
    for part in _LINE_BREAK.split(d.message):
        yield Text(INDENT + part, style=muted)
    if d.item:
        yield Text(f"{INDENT}事项：{d.item}", style="dim")
    basis = rule_basis(d, rules)
    if basis:
        yield Text(f"{INDENT}依据：{' '.join(_LINE_BREAK.split(basis))}", style="dim")
    yield from snippet(d.line, d.column, sources.line(d.file, d.line))
    for place in d.related:
        yield Text(f"{INDENT}另见 {place.file}:{place.line}:{place.column}", style="dim")


def snippet(number: int, column: int, source: str | None) -> Iterator[Text]:
    """The source line with its number, and a caret under ``column`` (1-based characters)."""
    if source is None:
        return
    start, cut = 0, False
    if len(source) > 4 * SNIPPET_CELLS:  # only a window of a very long line is ever shown
        start = max(0, min(max(column, 1) - 1, len(source)) - SNIPPET_CELLS)
        cut = start + 2 * SNIPPET_CELLS < len(source)
        source = source[start : start + 2 * SNIPPET_CELLS]
    shown = _shown(source)
    split = min(max(column - start, 1) - 1, len(shown))
    before, after = "".join(shown[:split]), "".join(shown[split:])
    if start or cell_len(before) > SNIPPET_CELLS // 2:
        before = "…" + _tail(before, SNIPPET_CELLS // 2)
    if cut or cell_len(after) > SNIPPET_CELLS // 2:
        after = _head(after, SNIPPET_CELLS // 2) + "…"
    gutter = f"{INDENT}{number} │ "
    blank = f"{INDENT}{' ' * len(str(number))} │ "
    yield Text.assemble((gutter, "dim"), before + after)
    yield Text.assemble((blank, "dim"), " " * cell_len(before), ("^", "bold red"))


def _shown(source: str) -> list[str]:
    """Each character as the terminal shows it: tabs expanded by cells, controls as U+FFFD."""
    shown: list[str] = []
    cells = 0
    for char in source:
        if char == "\t":
            char = " " * (TAB_SIZE - cells % TAB_SIZE)
        elif _CONTROL.match(char):
            char = "\ufffd"
        shown.append(char)
        cells += cell_len(char)
    return shown


def _head(text: str, cells: int) -> str:
    """The longest start of ``text`` that fits in ``cells`` terminal cells."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return text[:index]
    return text


def _tail(text: str, cells: int) -> str:
    return _head(text[::-1], cells)[::-1]


def summary_line(result: LintResult) -> str:
    """``共 3 个错误、1 个警告、0 个提示（已豁免 1 个），检查 12 个文件、340 个事项``."""
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    infos = result.count(Severity.INFO)
    waived = f"（已豁免 {result.waived} 个）" if result.waived else ""
    scope = f"检查 {result.files} 个文件、{result.items} 个事项"
    if errors + warnings + infos == 0:
        return f"未发现问题{waived}：{scope}"
    return f"共 {errors} 个错误、{warnings} 个警告、{infos} 个提示{waived}，{scope}"


def summary_text(result: LintResult) -> Text:
    if result.count(Severity.ERROR):
        style = "bold red"
    elif result.count(Severity.WARNING):
        style = "bold yellow"
    else:
        style = "bold green"
    return Text(summary_line(result), style=style)
