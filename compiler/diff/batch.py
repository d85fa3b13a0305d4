"""Both versions of a diff loaded together: each distinct file parsed once, on every core.

Loading the versions one after the other left a core idle while the slower half of each
catalog was parsed, and parsed again every file the versions share byte for byte (most of
them, by count). Here both inputs are listed first (directories walked, git trees read), then
files already parsed (the project's parse cache) are filled in, each distinct digest is parsed
once by one pool of workers, and files with the same bytes share the values (diff never
changes a value).

The SourceFile values are those ``load_input`` gives for each input (bar ``anchors`` of files
read from git, which diff never reads), and errors come in the same order: an input that cannot
be listed stops the inputs after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compiler.diff.sources import (
    DiffInputError,
    LoadedInput,
    git_files,
    git_spec,
    unparsed_from_bytes,
)
from compiler.load.source import SourceFile, read_catalog
from compiler.load.yaml12 import Limits


@dataclass(slots=True)
class _Listed:
    spec: str
    sources: list[SourceFile] = field(default_factory=list)
    unparsed: dict[int, bytes] = field(default_factory=dict)  # index in sources → bytes

    def add(self, source: SourceFile, raw: bytes | None) -> None:
        if raw is not None:
            self.unparsed[len(self.sources)] = raw
        self.sources.append(source)


def _list_directory(listed: _Listed, catalog: Path, limits: Limits) -> None:
    """What ``load_catalog`` reads, stopping short of the parse."""
    for source, raw in read_catalog(catalog, limits):
        listed.add(source, raw)


def _list(spec: str, cwd: Path, limits: Limits) -> _Listed:
    listed = _Listed(spec)
    directory = cwd / spec
    if directory.is_dir():
        _list_directory(listed, directory, limits)
        return listed
    ref, path = git_spec(spec)
    for display, kind, raw in git_files(ref, path, cwd):
        listed.add(*unparsed_from_bytes(display, kind, raw, limits))
    return listed


def _share(origin: SourceFile, target: SourceFile) -> None:
    """``target`` holds the same bytes as ``origin``: the same values, problems and anchors."""
    target.data = origin.data
    target.anchors = origin.anchors
    target.problems.extend(origin.problems)
    target.readable = origin.readable


def load_inputs(
    specs: Sequence[str],
    cwd: Path,
    limits: Limits,
    cache_dir: Path | None = None,
    jobs: int | None = None,
) -> list[LoadedInput | DiffInputError]:
    """Each input loaded, in order, up to and including the first that cannot be listed."""
    from compiler.load.parallel import parse_all

    results: list[_Listed | DiffInputError] = []
    for spec in specs:
        try:
            results.append(_list(spec, cwd, limits))
        except DiffInputError as err:
            results.append(err)
            break
    listed = [item for item in results if isinstance(item, _Listed)]
    cache = None
    if cache_dir is not None:
        from compiler.load.cache import ParseCache

        cache = ParseCache(cache_dir, limits)
    holder: dict[str, SourceFile] = {}  # digest → the source its values are read into
    shared: list[tuple[_Listed, int]] = []
    work: list[tuple[SourceFile, bytes]] = []
    slots: list[tuple[_Listed, int]] = []
    sizes: dict[str, int] = {}
    for item in listed:
        for index, raw in item.unparsed.items():
            source = item.sources[index]
            if source.digest in holder:
                shared.append((item, index))
                continue
            holder[source.digest] = source
            sizes[source.digest] = len(raw)
            if cache is None or not cache.fill(source):
                work.append((source, raw))
                slots.append((item, index))
    for number, parsed in parse_all(work, limits, jobs):
        item, index = slots[number]
        item.sources[index] = holder[parsed.digest] = parsed
    for item, index in shared:
        source = item.sources[index]
        _share(holder[source.digest], source)
    if cache is not None:
        cache.save([source for item in listed for source in item.sources], sizes)
    return [
        LoadedInput(item.spec, item.sources) if isinstance(item, _Listed) else item
        for item in results
    ]
