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

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.load.yaml12 import compose


def scalar_lines(root: Node | None, text: str) -> set[int]:
    """The (0-based) lines that are the inside of a multi-line scalar: a ``#`` there is text."""
    lines = text.splitlines()  # as YAML counts lines: \u2028 and \x85 end one too
    inside: set[int] = set()
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            start, end = node.start_mark, node.end_mark
            if end.line > start.line:
                line = lines[end.line] if end.line < len(lines) else ""
                last = end.line if line[: end.column].strip() else end.line - 1
                inside.update(range(start.line + 1, last + 1))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return inside


def reindent_comments(text: str, inside: set[int] | None, follow_next: bool) -> str:
    """Full-line comments at column 0, or (``follow_next``) indented like the next YAML line.
    ``inside``: the lines inside scalars, if already known for this line layout."""
    lines = text.splitlines(keepends=True)
    if not any(line.lstrip(" ").startswith("#") for line in lines):
        return text
    if inside is None:
        inside = scalar_lines(compose(text), text)
    indent = 0  # indentation of the next YAML line, scanning upwards
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        stripped = line.lstrip(" ")
        if not stripped.strip():
            continue
        if stripped.startswith("#") and index not in inside:
            lines[index] = " " * (indent if follow_next else 0) + stripped
            continue
        indent = len(line) - len(stripped)
    return "".join(lines)


def dedent_comments(text: str, inside: set[int] | None = None) -> str:
    """Every full-line comment at column 0."""
    return reindent_comments(text, inside, follow_next=False)


def align_comments(text: str, inside: set[int] | None = None) -> str:
    """Every full-line comment indented like the next YAML line (column 0 at the end)."""
    return reindent_comments(text, inside, follow_next=True)
