"""One catalog file's text → its canonical text (or the reason it is left as it is).

    text ──parse (yaml12)──> values V, comments C
      └─> normalize (ruamel: indentation, quoted codes; skipped when the layout is already
          canonical) ──> reorder (schema key order)
            ──> schema header ──> parses to V? keeps C? ──> yes: the canonical text
                                                         └─> no: try without reordering, else keep

Repeated until the text no longer changes (at most three rounds), so ``format_text`` is
idempotent by construction: a text it returns is one it would return unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from compiler.load.yaml12 import Limits, compose, parse
from compiler.workflow.fmt_comments import align_comments, dedent_comments, scalar_lines
from compiler.workflow.fmt_layout import canonical_layout
from compiler.workflow.fmt_order import Shape
from compiler.workflow.fmt_reorder import reorder
from compiler.workflow.fmt_verify import comments, lost_comments, same_value
from compiler.workflow.fmt_yaml import normalize

HEADER_PREFIX = "# yaml-language-server: $schema="
_HEADER_SEEN = re.compile(r"#\s*yaml-language-server\s*:")
ROUNDS = 3


@dataclass(frozen=True, slots=True)
class FmtProblem:
    """Why a file was not formatted: a Chinese message at a 1-based place.

    ``fatal`` problems are the file's (it cannot be read, decoded or parsed: exit 1); the
    others are fmt's own limits (it could not format the file without risking a value or a
    comment): the file is kept as it is, which is then its formatted form, with a warning."""

    message: str
    line: int = 1
    column: int = 1
    fatal: bool = True


@dataclass(frozen=True, slots=True)
class Formatted:
    text: str
    problems: tuple[FmtProblem, ...] = field(default_factory=tuple)


class _Unsafe(Exception):
    def __init__(self, problem: FmtProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def has_header(text: str) -> bool:
    """Whether the comment lines opening the file already name a schema for the editor."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return False
        if _HEADER_SEEN.match(stripped):
            return True
    return False


def with_header(text: str, header: str | None) -> str:
    if header is None or has_header(text):
        return text
    return f"{header}\n{text}"


def _normalized(text: str) -> str:
    try:
        normalized = normalize(text)
    except Exception as err:  # ruamel on arbitrary input: any failure means "leave the file"
        mark = getattr(err, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(err, "problem", None) or type(err).__name__
        raise _Unsafe(
            FmtProblem(f"格式化器无法读取此文件（{problem}），保持原样", line, column, fatal=False)
        ) from err
    return text if normalized is None else normalized


@dataclass(slots=True)
class _Original:
    """What every candidate must keep: the values, and (computed when first needed) the
    comments of the text fmt was given."""

    text: str
    values: Any
    _comments: Counter[str] | None = None

    @property
    def comments(self) -> Counter[str]:
        if self._comments is None:
            self._comments = comments(self.text)
        return self._comments


def _keeps(candidate: str, original: _Original, limits: Limits) -> bool:
    parsed = parse(candidate, limits)
    if not parsed.ok or parsed.problems or not same_value(parsed.data, original.values):
        return False
    return not lost_comments(original.comments, comments(candidate))


def _round(
    text: str,
    shape: Shape | None,
    header: str | None,
    original: _Original,
    limits: Limits,
) -> str:
    node = compose(text)  # the original, or a candidate already verified: it composes
    inside = scalar_lines(node, text)
    dedented = dedent_comments(text, inside)  # same lines, same scalars: ``inside`` holds
    if canonical_layout(dedented):
        normalized, known = dedented, inside
    else:
        normalized, known = _normalized(dedented), None
    try:
        aligned = align_comments(normalized, known)
        moved = reorder(aligned, shape, node if aligned == text else None)
        ordered = aligned if moved == aligned else align_comments(moved)
    except Exception:  # both steps are optional: without them the file is still formatted
        aligned = ordered = normalized
    for candidate in dict.fromkeys((ordered, aligned, normalized)):
        candidate = with_header(candidate, header)
        if candidate == text or _keeps(candidate, original, limits):
            return candidate
    raise _Unsafe(
        FmtProblem("无法在取值和注释都不变的前提下格式化，保持原样（请报告此问题）", fatal=False)
    )


def format_text(
    text: str, shape: Shape | None = None, header: str | None = None, limits: Limits | None = None
) -> Formatted:
    """The canonical form of ``text``: keys in ``shape``'s order, 2-space mappings, sequences
    indented 4 with the dash at 2, codes in double quotes, ``header`` first if missing."""
    limits = limits or Limits()
    parsed = parse(text, limits)
    if not parsed.ok or parsed.problems:
        problems = tuple(FmtProblem(p.message, p.line, p.column) for p in parsed.problems)
        return Formatted(text, problems or (FmtProblem("文件无法解析，未修改"),))
    original = _Original(text, parsed.data)
    current = text
    try:
        for _ in range(ROUNDS):
            following = _round(current, shape, header, original, limits)
            if following == current:
                return Formatted(current)
            current = following
    except _Unsafe as unsafe:
        return Formatted(text, (unsafe.problem,))
    return Formatted(text, (FmtProblem("格式化结果不稳定，保持原样（请报告此问题）", fatal=False),))
