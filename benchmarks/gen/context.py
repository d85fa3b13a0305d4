"""One generator run: its settings, random streams, files written and findings planted."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from benchmarks.gen.dictionary import Dictionaries
from benchmarks.gen.model import Catalog, Finding
from benchmarks.gen.scales import BASE_VERSION, Scale

T = TypeVar("T")


def weighted(r: random.Random, choices: Sequence[tuple[T, int]]) -> T:
    total = sum(w for _, w in choices)
    x = r.randrange(total)
    for value, w in choices:
        if x < w:
            return value
        x -= w
    raise AssertionError


class Context:
    def __init__(self, scale: Scale, out: Path, seed: int, version: int, defects: bool) -> None:
        self.scale, self.out, self.seed, self.version, self.defects = (
            scale, out, seed, version, defects)
        self.root = out / "catalog"
        self.delta = max(0, version - BASE_VERSION)
        self.effective_date = f"{version}-03-01"
        self.cat = Catalog()
        self.file_counts: list[int] = []  # items of each service-item file, in order
        self.dicts = Dictionaries(scale.certificates)

    def rng(self, *parts: int) -> random.Random:
        """The random stream of one record: seeded from the seed and the record's numbers."""
        value = self.seed
        for p in parts:
            value = value * 1_000_003 + p
        return random.Random(value)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.cat.files += 1
        self.cat.bytes += len(data)

    def plant(self, rule: str, item: str | None, rel: str) -> None:
        self.cat.findings.append(Finding(rule, item, "catalog/" + rel))

    def due(self, position: int, period: int, offset: int) -> bool:
        """Whether a defect is due at this position of a list (never without --defects)."""
        return self.defects and position % period == offset

    def side_defects(self, n: int, cycle: tuple[str, ...]) -> list[str]:
        """The defect of each of n scenarios, certificate entries or benefits ("" for none)."""
        out = [""] * n
        k = 0
        for i in range(n):
            if self.due(i, self.scale.side_period, self.scale.side_offset):
                out[i] = cycle[k % len(cycle)]
                k += 1
        return out


class Batches:
    """Records written per_file to a file: ``{stem}-01.yaml``, ``{stem}-02.yaml``, …"""

    def __init__(self, ctx: Context, stem: str, per_file: int = 50) -> None:
        self.ctx, self.stem, self.per_file = ctx, stem, per_file
        self.rel = ""
        self.chunks: list[str] = []

    def file_of(self, n: int) -> str:
        """The file of the n-th record (from 0), starting a new one every per_file records."""
        if n % self.per_file == 0:
            self.close()
            self.rel = f"{self.stem}-{n // self.per_file + 1:02d}.yaml"
            self.chunks = ["items:\n"]
        return self.rel

    def add(self, *texts: str) -> None:
        self.chunks.extend(texts)

    def close(self) -> None:
        if self.chunks:
            self.ctx.write(self.rel, "".join(self.chunks))
            self.chunks = []
