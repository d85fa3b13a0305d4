"""The indentation of comment lines: none while ruamel re-indents, then their entry's.

ruamel.yaml writes a comment line back at the column it was read from, even where it
re-indents the YAML around it, so a comment below a ``|`` scalar could end up inside the
scalar's new, shallower indentation — and become text. fmt therefore moves every full-line
comment to column 0 before the round trip (``dedent_comments``) and afterwards indents each
like the next line that holds YAML, the key or ``- `` it sits above (``align_comments``).
Comment lines at the end of the file go to column 0. ``#`` lines inside block or quoted
scalars are text, not comments, and are never touched.
"""

from __future__ import annotations

from bisect import bisect_left

from compiler.load.yaml12 import compose
from compiler.workflow.fmt_verify import scalar_spans


def _reindent(text: str, follow_next: bool) -> str:
    lines = text.splitlines(keepends=True)
    if not any(line.lstrip(" ").startswith("#") for line in lines):
        return text
    node = compose(text)
    spans = scalar_spans(node, text) if node is not None else []
    starts = [start for start, _ in spans]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    indent = 0  # indentation of the next YAML line, scanning upwards
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        stripped = line.lstrip(" ")
        if not stripped.strip():
            continue
        if stripped.startswith("#"):
            inside = bisect_left(starts, offsets[index + 1]) - 1
            if inside < 0 or spans[inside][1] <= offsets[index]:  # not text of a scalar
                lines[index] = " " * (indent if follow_next else 0) + stripped
                continue
        indent = len(line) - len(stripped)
    return "".join(lines)


def dedent_comments(text: str) -> str:
    """Every full-line comment at column 0."""
    return _reindent(text, follow_next=False)


def align_comments(text: str) -> str:
    """Every full-line comment indented like the next YAML line (column 0 at the end)."""
    return _reindent(text, follow_next=True)
