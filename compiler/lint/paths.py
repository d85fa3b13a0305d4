"""Paths into records, as rules write them: ``materials[*].material``, ``contact.*``.

Syntax: dot-separated keys; ``[*]`` every element of a list; ``*`` every value of a mapping;
``~`` the keys of a mapping (the value yielded is the key itself); ``[N]`` one element.

A path is compiled once into a chain of small closures (one per step) that append what it
reaches to a list: the checks walk every record with the same few paths, so the generic
recursive walk was the single largest cost of lint (profile of the city catalog).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from compiler.load.locate import Pointer

_TOKEN = re.compile(r"\[(\*|\d+)\]|([^.\[\]]+)")

Step = str | int  # a key, an index, "*" (every element or value) or "~" (mapping keys)
_Visit = Callable[[Any, Pointer, list[tuple[Pointer, Any]]], None]


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


def _leaf(data: Any, at: Pointer, out: list[tuple[Pointer, Any]]) -> None:
    out.append((at, data))


def _keys(data: Any, at: Pointer, out: list[tuple[Pointer, Any]]) -> None:
    if isinstance(data, dict):
        for key in data:
            out.append(((*at, key), key))


def _step(step: Step, rest: _Visit) -> _Visit:
    if step == "*":

        def every(data: Any, at: Pointer, out: list[tuple[Pointer, Any]]) -> None:
            if isinstance(data, list):
                for index, value in enumerate(data):
                    rest(value, (*at, index), out)
            elif isinstance(data, dict):
                for key, value in data.items():
                    rest(value, (*at, key), out)

        return every
    if isinstance(step, int):

        def element(data: Any, at: Pointer, out: list[tuple[Pointer, Any]]) -> None:
            if isinstance(data, list) and 0 <= step < len(data):
                rest(data[step], (*at, step), out)

        return element

    def member(data: Any, at: Pointer, out: list[tuple[Pointer, Any]]) -> None:
        if isinstance(data, dict) and step in data:
            rest(data[step], (*at, step), out)

    return member


def _keys_only(steps: tuple[str, ...]) -> Callable[[Any], list[tuple[Pointer, Any]]]:
    """A path of plain keys (``contact.phone``): a loop of lookups, the steps are the pointer."""

    def run(data: Any) -> list[tuple[Pointer, Any]]:
        for key in steps:
            if not isinstance(data, dict) or key not in data:
                return []
            data = data[key]
        return [(steps, data)]

    return run


def _one_star(
    head: tuple[str, ...], tail: tuple[str, ...]
) -> Callable[[Any], list[tuple[Pointer, Any]]]:
    """``a.b[*].c.d`` (keys, every element or value, keys), nearly every path of the rulebook:
    one loop over the elements, no closure call per step and element."""

    def run(data: Any) -> list[tuple[Pointer, Any]]:
        for key in head:
            if not isinstance(data, dict) or key not in data:
                return []
            data = data[key]
        if isinstance(data, list):
            pairs: Iterable[tuple[Step, Any]] = enumerate(data)
        elif isinstance(data, dict):
            pairs = data.items()
        else:
            return []
        out: list[tuple[Pointer, Any]] = []
        for index, value in pairs:
            for key in tail:
                if not isinstance(value, dict) or key not in value:
                    break
                value = value[key]
            else:
                out.append(((*head, index, *tail), value))
        return out

    return run


@lru_cache(maxsize=1024)
def walker(path: str) -> Callable[[Any], list[tuple[Pointer, Any]]]:
    """The compiled form of :func:`walk` for one path."""
    steps = compile_path(path)
    keys = tuple(step for step in steps if isinstance(step, str) and step not in ("*", "~"))
    if len(keys) == len(steps):
        return _keys_only(keys)
    if steps.count("*") == 1 and len(keys) == len(steps) - 1:
        star = steps.index("*")
        return _one_star(keys[:star], keys[star:])
    if "~" in steps:  # the keys of a mapping end the walk, whatever follows
        steps = steps[: steps.index("~") + 1]
    visit: _Visit = _leaf
    for step in reversed(steps):
        visit = _keys if step == "~" else _step(step, visit)

    def run(data: Any) -> list[tuple[Pointer, Any]]:
        out: list[tuple[Pointer, Any]] = []
        visit(data, (), out)
        return out

    return run


def walk(data: Any, path: str) -> list[tuple[Pointer, Any]]:
    """Every (relative pointer, value) the path reaches, in document order; missing parts
    yield nothing."""
    return walker(path)(data)


def values(data: Any, path: str) -> list[Any]:
    return [value for _, value in walker(path)(data)]


def first(data: Any, path: str) -> Any:
    found = walker(path)(data)
    return found[0][1] if found else None
