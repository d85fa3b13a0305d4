"""Paths into records, as rules write them: ``materials[*].material``, ``contact.*``.

Syntax: dot-separated keys; ``[*]`` every element of a list; ``*`` every value of a mapping;
``~`` the keys of a mapping (the value yielded is the key itself); ``[N]`` one element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from compiler.load.locate import Pointer

_TOKEN = re.compile(r"\[(\*|\d+)\]|([^.\[\]]+)")

Step = str | int  # a key, an index, "*" (every element or value) or "~" (mapping keys)


@lru_cache(maxsize=512)
def compile_path(path: str) -> tuple[Step, ...]:
    steps: list[Step] = []
    for match in _TOKEN.finditer(path):
        index, key = match.groups()
        if index is not None:
            steps.append("*" if index == "*" else int(index))
        else:
            steps.append(key)
    return tuple(steps)


def walk(data: Any, path: str) -> Iterator[tuple[Pointer, Any]]:
    """Every (relative pointer, value) the path reaches; missing parts yield nothing."""
    yield from _walk(data, compile_path(path), ())


def _walk(data: Any, steps: tuple[Step, ...], at: Pointer) -> Iterator[tuple[Pointer, Any]]:
    if not steps:
        yield at, data
        return
    step, rest = steps[0], steps[1:]
    if step == "*":
        if isinstance(data, list):
            for index, value in enumerate(data):
                yield from _walk(value, rest, (*at, index))
        elif isinstance(data, dict):
            for key, value in data.items():
                yield from _walk(value, rest, (*at, key))
    elif step == "~":
        if isinstance(data, dict):
            for key in data:
                yield (*at, key), key
    elif isinstance(step, int):
        if isinstance(data, list) and 0 <= step < len(data):
            yield from _walk(data[step], rest, (*at, step))
    elif isinstance(data, dict) and step in data:
        yield from _walk(data[step], rest, (*at, step))


def values(data: Any, path: str) -> list[Any]:
    return [value for _, value in walk(data, path)]


def first(data: Any, path: str) -> Any:
    for _, value in walk(data, path):
        return value
    return None
