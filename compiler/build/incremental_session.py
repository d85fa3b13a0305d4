"""Where compile meets its caches: which inputs the probe keys, and when it may answer.

Only a compile inside a project ([tool.zwfw] in a pyproject.toml) keeps a cache: handed a
catalog outside any project, compile writes its output and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.build.incremental_pages import PageRecords, StoredPages, salt
from compiler.build.incremental_probe import CompileProbe
from compiler.build.incremental_spare import spare_folder
from compiler.diagnostics import LintResult, RuleMeta
from compiler.load.input_keys import input_files

if TYPE_CHECKING:
    from compiler.build.pipeline import CompileSettings

YAML_SUFFIXES = (".yaml", ".yml")
BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "render" / "templates"


def probe_inputs(settings: CompileSettings) -> list[str]:
    """Every file an output may depend on, besides the code: the catalog's YAML files, the
    rules, the schemas and the templates (bundled and the project's), all their files."""
    from compiler.lint.pipeline import bundled_schemas

    config = settings.config
    found = input_files(settings.catalog.resolve(), YAML_SUFFIXES)
    for folder in (
        config.rules, *config.extra_rules, config.schemas, bundled_schemas(),
        config.templates, BUNDLED_TEMPLATES,
    ):
        found.extend(input_files(folder, outside=True))
    return found


def open_probe(settings: CompileSettings) -> CompileProbe | None:
    config = settings.config
    if config.project is None or config.cache is None:
        return None
    options = repr((config, settings.today, settings.catalog.resolve()))
    return CompileProbe(config.cache, settings.out.absolute(), probe_inputs(settings), options)


def answer_unchanged(
    probe: CompileProbe, settings: CompileSettings
) -> tuple[LintResult, dict[str, RuleMeta], tuple[str, ...]] | None:
    """The previous answer when nothing changed, or None. Without ``--check``, asked under the
    output's lock, and refused as a write would be (OutputLocked, UnsafeOutput)."""
    out = settings.out.absolute()
    if settings.check:
        return probe.answer(out)
    from compiler.build.swap import confirm_output

    found: list[tuple[LintResult, dict[str, RuleMeta], tuple[str, ...]]] = []

    def holds() -> bool:
        answered = probe.answer(out)
        if answered is not None:
            found.append(answered)
        return answered is not None

    confirm_output(out, settings.catalog.resolve(), holds)
    return found[0] if found else None


def page_cache(probe: CompileProbe | None, settings: CompileSettings) -> tuple[PageRecords, StoredPages] | None:
    """The record of the last compile's pages and the cache reusing them (inside a project)."""
    config = settings.config
    if probe is None or config.cache is None:
        return None
    templates = [
        *input_files(config.templates, outside=True), *input_files(BUNDLED_TEMPLATES, outside=True)
    ]
    out = settings.out.absolute()
    records = PageRecords(config.cache, out, salt(probe.head, templates))
    known = spare_folder(config.cache, Path(os.path.abspath(out))) / "known.marshal"
    return records, StoredPages(out, records.salt, records.load(), known, config.cache)
