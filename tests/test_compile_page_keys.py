"""Incremental compile, the page keys: over seeded random and aimed edits a compile that
reuses pages writes exactly what a compile from scratch writes, and the page builders read
nothing their keys do not name."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from compiler.config import load_config
from tests.compile_project import (
    FIXTURE,
    TODAY,
    compiled_project,
    run,
    snapshot,
)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return compiled_project(tmp_path)

# ---- incremental == from scratch, over random edits -------------------------------------

#: keys whose values are free text: changing one keeps the catalog valid
TEXT_KEYS = frozenset({"name", "label", "hours", "phone", "note", "place", "title", "result"})
LISTS = ("licensing", "non-licensing", "filing")
BUNDLED = Path(__file__).resolve().parent.parent / "compiler" / "render" / "templates"


def _texts(value: object, trail: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in TEXT_KEYS and isinstance(inner, str):
                found.append((*trail, key))
            found.extend(_texts(inner, (*trail, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(_texts(inner, (*trail, index)))
    return found


def edit(root: Path, rng: random.Random, step: int) -> tuple[str, Path, str]:
    """One random change to the project: a text anywhere (dictionaries included), a text of a
    scenario, policy or certificate (what the scenario and policy pages are keyed on besides
    items), an item deleted or added, a template override added or changed. Returns what it did, and the
    file it changed with its previous text."""
    import yaml

    from compiler.load.yaml12 import parse

    catalog = root / "catalog"
    kind = rng.choice(["text", "text", "dictionary", "guide", "delete", "add", "template"])
    if kind == "template":
        name = rng.choice(["base.html.j2", "item.md.j2"])  # pages extend base.html.j2
        (root / "templates").mkdir(exist_ok=True)
        marker = "<!-- {step} -->" if name.endswith(".html.j2") else "\n{step}"
        text = (BUNDLED / name).read_text("utf-8") + marker.format(step=step)
        target = root / "templates" / name
        before = target.read_text("utf-8") if target.is_file() else ""
        target.write_text(text, "utf-8")
        pyproject = root / "pyproject.toml"
        if "templates" not in pyproject.read_text("utf-8"):
            with pyproject.open("a") as handle:
                handle.write('templates = "templates"\n')
        return f"template {name}", target, before
    if kind == "dictionary":
        path = catalog / rng.choice(["materials.yaml", "data-elements.yaml", "catalog.yaml"])
    elif kind == "text":
        path = rng.choice(sorted(catalog.rglob("*.yaml")))
    elif kind == "guide":
        folders = ("scenarios", "no-application-benefits", "certificate-exemption")
        path = rng.choice(sorted(p for d in folders for p in (catalog / d).glob("*.yaml")))
    else:
        path = rng.choice(sorted(p for d in LISTS for p in (catalog / d).glob("*.yaml")))
    before = path.read_text("utf-8")
    data = parse(before).data
    items = data.get("items") if isinstance(data, dict) else None
    if kind == "delete" and isinstance(items, list) and len(items) > 1:
        items.pop(rng.randrange(len(items)))
    elif kind == "add" and isinstance(items, list) and items:
        added = json.loads(json.dumps(rng.choice(items), default=str))
        added["code"] = added["code"][:-3] + f"{rng.randrange(1000):03d}"
        added["name"] = f"{added['name']}（新增{step}）"
        items.append(added)
    else:
        texts = _texts(data)
        if not texts:
            return f"nothing in {path.name}", path, before
        trail = rng.choice(texts)
        holder = data
        for part in trail[:-1]:
            holder = holder[part]
        holder[trail[-1]] += f"（改{step}）"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return f"{kind} {path.relative_to(catalog)}", path, before


def test_incremental_compiles_equal_compiles_from_scratch(project: Path, tmp_path: Path) -> None:
    """After each random edit, the project compiled with its cache and a copy of it compiled
    from scratch (no cache, no output) hold the same bytes."""
    rng = random.Random(7)
    reused, edits, kinds = False, 0, set()
    for step in range(14):
        did, path, before = edit(project, rng, step)
        result, _ = run(project)
        scratch_root = tmp_path / f"scratch{step}"
        ignore = shutil.ignore_patterns(".zwfw-cache", "generated")
        shutil.copytree(project, scratch_root, ignore=ignore)
        scratch, _ = run(scratch_root)
        assert (result.outcome == "refused") == (scratch.outcome == "refused"), did
        if scratch.outcome == "refused":
            path.write_text(before, "utf-8")  # the edit made the catalog invalid: undo it
        else:
            assert snapshot(project / "generated") == snapshot(scratch_root / "generated"), did
            assert scratch.rendered is not None and result.rendered is not None
            reused |= result.rendered < scratch.rendered
            edits += 1
            kinds.add(did.split()[0])
        shutil.rmtree(scratch_root)
    assert reused and edits >= 8 and "guide" in kinds, kinds


# ---- each input an item's guide is keyed on ------------------------------------------------


def _mutate(path: Path, change: object) -> None:
    import yaml

    from compiler.load.yaml12 import parse

    data = parse(path.read_text("utf-8")).data
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _append(holder: dict[str, object], key: str, text: str) -> None:
    holder[key] = f"{holder[key]}{text}"


#: (file, change): each edits one input a guide's key names (incremental_inputs)
KEYED_EDITS: list[tuple[str, object]] = [
    ("implementations/dongli.yaml", lambda d: _append(d["items"][0]["contact"], "place", "二号窗口")),
    ("implementations/heping.yaml",  # a district entry appears for an item
     lambda d: d["items"].append({"code": "000117001000", "contact": {"phone": "022-23300001"}})),
    ("certificate-exemption/gaj.yaml", lambda d: _append(d["items"][0], "commitment", "（新）")),
    ("certificate-exemption/gaj.yaml", lambda d: d["items"][1]["applies_to"].append("000117002000")),
    ("scenarios/zg.yaml", lambda d: _append(d, "name", "（新）")),
    ("materials.yaml", lambda d: _append(d["materials"][0], "name", "（新）")),
    ("data-elements.yaml", lambda d: _append(d["elements"][0], "label", "（新）")),
    ("catalog.yaml", lambda d: _append(d["departments"][0], "name", "（新）")),
    ("catalog.yaml", lambda d: _append(d, "version", ".1")),
    ("licensing/wjw.yaml", lambda d: d["items"][0].update(parent="000117003000")),
    ("licensing/csglw.yaml", lambda d: _append(d["items"][0], "name", "（新）")),  # the parent
    ("licensing/wjw.yaml", lambda d: d["items"][0].pop("parent")),
    # the scenario, form and policy pages (incremental_guides)
    ("scenarios/kdy.yaml", lambda d: _append(d["situations"][0], "question", "（新）")),
    ("non-licensing/rsj.yaml", lambda d: _append(d["items"][0], "name", "（新）")),  # in YJS-ZG
    ("certificate-exemption/gaj.yaml", lambda d: d["items"][0]["applies_to"].remove("000117003000")),
    ("no-application-benefits/rsj.yaml", lambda d: _append(d["items"][0], "name", "（新）")),
    ("no-application-benefits/rsj.yaml", lambda d: _append(d["items"][1]["benefit"], "content", "新")),
    ("data-elements.yaml", lambda d: _append(d["elements"][-1], "label", "（新）")),
    ("catalog.yaml", lambda d: _append(d["data_sources"][-1], "name", "（新）")),
]


def test_every_keyed_input_reaches_the_pages(project: Path, tmp_path: Path) -> None:
    """Edits aimed at each input an item guide's key names: the incremental compile equals
    one from scratch, and still reuses the pages the edit does not touch."""
    parent = "licensing/csglw.yaml"
    assert (project / "catalog" / parent).read_text("utf-8").count('"000117003000"') == 1
    for step, (name, change) in enumerate(KEYED_EDITS):
        _mutate(project / "catalog" / name, change)
        result, _ = run(project)
        scratch_root = tmp_path / f"scratch{step}"
        ignore = shutil.ignore_patterns(".zwfw-cache", "generated")
        shutil.copytree(project, scratch_root, ignore=ignore)
        scratch, _ = run(scratch_root)
        assert result.outcome != "refused" and scratch.outcome != "refused", (step, name)
        assert snapshot(project / "generated") == snapshot(scratch_root / "generated"), name
        assert result.rendered is not None and scratch.rendered is not None
        if name != "catalog.yaml":
            assert result.rendered < scratch.rendered, name
        shutil.rmtree(scratch_root)


class _Reads:
    """A catalog that records which of its attributes are read, and which items (by
    ``items`` or ``certificates_for``)."""

    def __init__(self, catalog: object, seen: set[str], codes: set[str]) -> None:
        self._catalog, self._seen, self._codes = catalog, seen, codes

    def __getattr__(self, name: str) -> object:
        self._seen.add(name)
        value = getattr(self._catalog, name)
        codes = self._codes
        if name == "certificates_for":
            def certificates_for(code: str) -> object:
                codes.add(code)
                return value(code)  # type: ignore[operator]

            return certificates_for
        if name != "items":
            return value
        items = value

        class Items(dict):  # type: ignore[type-arg]
            def __getitem__(self, code: str) -> object:
                codes.add(code)
                return items[code]

            def get(self, code: str, default: object = None) -> object:
                codes.add(code)
                return items.get(code, default)

            def __contains__(self, code: object) -> bool:
                codes.add(str(code))
                return code in items

        return Items(items)


def test_item_guides_read_only_what_their_key_names() -> None:
    """build_item_guide reads no catalog attribute beyond ITEM_GUIDE_READS, and of the items
    only its own and its parent: the key of its inputs (incremental_inputs) is complete."""
    from compiler.build.incremental_inputs import ITEM_GUIDE_READS
    from compiler.build.stages import documents_of
    from compiler.lint.pipeline import LintSettings, lint
    from compiler.model.catalog import build_catalog
    from compiler.render.context import SiteContext
    from compiler.render.item_guide import build_item_guide

    config = load_config(FIXTURE.parent)
    _, _, sources = lint(LintSettings(catalog=FIXTURE, config=config, today=TODAY, use_cache=False))
    catalog = build_catalog(documents_of(sources))
    real = SiteContext.of(catalog)
    for code, item in catalog.items.items():
        seen: set[str] = set()
        codes: set[str] = set()
        reads = _Reads(catalog, seen, codes)
        context = SiteContext(reads, real.scenarios_by_item, real.districts_by_item)  # type: ignore[arg-type]
        for suffix in (".html", ".md"):
            build_item_guide(context, code, suffix)
        assert seen <= ITEM_GUIDE_READS, seen - ITEM_GUIDE_READS
        assert codes <= {code, item.parent}, codes


def test_scenario_and_policy_pages_read_only_what_their_key_names() -> None:
    """merge_scenario and build_scenario_guide read no catalog attribute beyond
    SCENARIO_GUIDE_READS and no item (nor an item's certificates) the scenario does not name;
    build_benefit_guide reads BENEFIT_GUIDE_READS alone; neither uses the context's indexes of
    items' scenarios and districts (the guides are the same without them)."""
    from compiler.build.incremental_guides import (
        BENEFIT_GUIDE_READS,
        SCENARIO_GUIDE_READS,
        scenario_codes,
    )
    from compiler.build.merge import merge_scenario
    from compiler.build.stages import documents_of
    from compiler.lint.pipeline import LintSettings, lint
    from compiler.model.catalog import build_catalog
    from compiler.render import paths
    from compiler.render.benefit_guide import build_benefit_guide
    from compiler.render.context import SiteContext
    from compiler.render.scenario_guide import build_scenario_guide

    config = load_config(FIXTURE.parent)
    _, _, sources = lint(LintSettings(catalog=FIXTURE, config=config, today=TODAY, use_cache=False))
    catalog = build_catalog(documents_of(sources))
    real = SiteContext.of(catalog)
    assert catalog.scenarios and catalog.benefits
    for code, scenario in catalog.scenarios.items():
        seen: set[str] = set()
        codes: set[str] = set()
        reads = _Reads(catalog, seen, codes)
        context = SiteContext(reads, {}, {})  # type: ignore[arg-type]
        merged = merge_scenario(reads, scenario)  # type: ignore[arg-type]
        assert merged == merge_scenario(catalog, scenario)
        for page in (None, paths.form_page(code)):
            guide = build_scenario_guide(context, scenario, merged, page)
            assert guide == build_scenario_guide(real, scenario, merged, page)
        assert seen <= SCENARIO_GUIDE_READS, seen - SCENARIO_GUIDE_READS
        assert codes <= set(scenario_codes(scenario)), codes
    for benefit in catalog.benefits.values():
        seen, codes = set(), set()
        context = SiteContext(_Reads(catalog, seen, codes), {}, {})  # type: ignore[arg-type]
        assert build_benefit_guide(context, benefit) == build_benefit_guide(real, benefit)
        assert seen <= BENEFIT_GUIDE_READS and not codes, seen - BENEFIT_GUIDE_READS


def test_compiled_templates_are_kept_under_one_salt(project: Path, tmp_path: Path) -> None:
    """Compiled templates are kept in the cache, in one folder per salt: a changed template
    override starts a new folder (the old one goes), and the pages equal a scratch compile."""
    folders = list((project / ".zwfw-cache" / "templates").iterdir())
    assert len(folders) == 1 and any(folders[0].iterdir())
    (project / "templates").mkdir()
    text = (BUNDLED / "base.html.j2").read_text("utf-8") + "<!-- kept -->"
    (project / "templates" / "base.html.j2").write_text(text, "utf-8")
    with (project / "pyproject.toml").open("a") as handle:
        handle.write('templates = "templates"\n')
    result, _ = run(project)
    assert result.outcome == "written"
    now = list((project / ".zwfw-cache" / "templates").iterdir())
    assert len(now) == 1 and now != folders
    scratch_root = tmp_path / "scratch"
    shutil.copytree(project, scratch_root, ignore=shutil.ignore_patterns(".zwfw-cache", "generated"))
    run(scratch_root)
    assert snapshot(project / "generated") == snapshot(scratch_root / "generated")
    assert b"<!-- kept -->" in (project / "generated" / "guides" / "index.html").read_bytes()


def test_a_failed_merge_waits_for_the_renderer_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer starts before the merge; when the merge fails, compile waits for it (no
    child left behind) and refuses as before, with the output untouched."""
    import compiler.build.pipeline as pipeline
    import compiler.build.scenario_outputs as scenario_outputs
    from compiler.build.merge import ScenarioError

    def fail(_catalog: object) -> object:
        raise ScenarioError("合并失败")

    before = snapshot(project / "generated")
    _mutate(project / "catalog" / "scenarios" / "zg.yaml", lambda d: _append(d, "name", "（新）"))
    monkeypatch.setattr(scenario_outputs, "merge_scenario", lambda _c, _s: fail(_c))
    with pytest.raises(pipeline.CompileError, match="合并失败"):
        run(project)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert snapshot(project / "generated") == before


def test_a_refused_catalog_cancels_the_stages_run_beside_lint(project: Path) -> None:
    """The renderer, the merge and the lists start before the rules have finished; when lint
    refuses the catalog they are dropped, the renderer's child is killed and reaped, and the
    output is untouched."""
    before = snapshot(project / "generated")
    items = project / "catalog" / "licensing" / "wjw.yaml"
    items.write_text(items.read_text("utf-8").replace("promised: 15", "promised: 25"), "utf-8")
    result, _ = run(project)
    assert result.outcome == "refused"
    assert any(d.rule == "promised-within-legal" for d in result.lint.diagnostics)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert snapshot(project / "generated") == before


def test_a_stage_failing_after_the_renderer_started_leaves_no_child(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import compiler.build.reports as reports

    def fail(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("报告失败")

    before = snapshot(project / "generated")
    _mutate(project / "catalog" / "scenarios" / "zg.yaml", lambda d: _append(d, "name", "（新）"))
    monkeypatch.setattr(reports, "report_files", fail)
    with pytest.raises(RuntimeError, match="报告失败"):
        run(project)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert snapshot(project / "generated") == before
