"""compiler.build.json_text.to_json writes exactly output.to_json's bytes, for any value."""

from __future__ import annotations

import random
from typing import Any

import pytest

from compiler.build import output
from compiler.build.json_text import to_json

CHARACTERS = ['"', "\\", "{", "}", "[", "]", ",", ":", "a", "中", "\n", "\x00", "\u2028", " "]


def _text(rng: random.Random, quotes: bool) -> str:
    pool = CHARACTERS if quotes else [c for c in CHARACTERS if c not in '"\\']
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 6)))


def _value(rng: random.Random, quotes: bool, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(
            [_text(rng, quotes), rng.randint(-(10**20), 10**20), rng.random() * 10.0 ** rng.randint(-30, 30),
             True, False, None, 0, -0.0, 1e16, 2.0, float("inf"), float("nan")]
        )  # fmt: skip
    if roll < 0.55:
        return [_value(rng, quotes, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.65:
        return tuple(_value(rng, quotes, depth + 1) for _ in range(rng.randint(0, 3)))
    if roll < 0.72:
        return {
            rng.randint(-5, 5): _value(rng, quotes, depth + 1) for _ in range(rng.randint(0, 3))
        }
    return {_text(rng, quotes): _value(rng, quotes, depth + 1) for _ in range(rng.randint(0, 4))}


@pytest.mark.parametrize("quotes", [True, False])
def test_same_bytes_as_the_indenting_encoder(quotes: bool) -> None:
    rng = random.Random(11)
    for _ in range(3000):
        value = _value(rng, quotes)
        assert to_json(value) == output.to_json(value), value


def test_same_errors() -> None:
    for bad in ({"a": object()}, {1: 1, "a": 2}):
        with pytest.raises(TypeError):
            output.to_json(bad)
        with pytest.raises(TypeError):
            to_json(bad)
