"""The published site: every guide, printable form, the searchable index and its assets.

``render_site`` reads like the site map. It returns relative path → bytes, sorted, and writes
nothing: the compile pipeline decides where and how the files land. One Jinja environment
serves the whole call; the same catalog and scenarios always give the same bytes.

Given a ``PageCache``, a page is rendered only when its key is new: the key is the exact text
(``repr``) of everything its template receives (the view-model built for it, the site info,
its own path, which fixes its links), so equal keys mean equal bytes as long as the templates
and the code are the same, which the cache itself must see to (compiler.build.incremental_pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from jinja2 import BytecodeCache, Environment

from compiler.build.artifacts import MergedScenario
from compiler.build.output import Output
from compiler.model.catalog import Catalog
from compiler.render import paths
from compiler.render.benefit_guide import build_benefit_guide
from compiler.render.context import SiteContext
from compiler.render.environment import asset, make_environment
from compiler.render.item_guide import build_item_guide
from compiler.render.scenario_guide import build_scenario_guide
from compiler.render.search_index import GROUPS, build_entries, departments

ASSETS = ("style.css", "search.js", "favicon.svg")


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What the header and footer of every page say about the catalog."""

    region: str
    version: str
    effective_date: str


@dataclass(frozen=True, slots=True)
class PageInputs:
    """Code → key of what its pages are built from, when known without building them
    (compiler.build.incremental_inputs, incremental_guides); None or missing: build the page
    and key it by the text of its view-model."""

    items: Mapping[str, str | None]
    scenarios: Mapping[str, str | None]
    benefits: Mapping[str, str | None]


NO_INPUTS = PageInputs({}, {}, {})


class PageCache(Protocol):
    """Bytes of pages rendered before, by page and key."""

    def page_inputs(self, context: SiteContext) -> PageInputs | None:
        """The keys of the pages' inputs, where known (see PageInputs)."""

    def template_cache(self) -> BytecodeCache | None:
        """Where compiled templates are kept between renders, if anywhere."""

    def get(self, page: str, key: str) -> Output | None:
        """The bytes ``page`` had under ``key`` (or a reference to them on disk), or None."""

    def put(self, page: str, key: str, data: Output, rendered: bool) -> None:
        """What ``page`` holds now under ``key`` (``rendered``: made now, not reused)."""


#: marks a repr that names an object by its address: never the same twice, so never a key
_ADDRESS = " at 0x"


def page_key(page: str, template: str, site: SiteInfo, values: Mapping[str, Any]) -> str | None:
    """The exact text of what a page's template receives, or None when some value has no
    exact text (a repr naming an object's address)."""
    text = repr((page, template, site, sorted(values.items())))
    return None if _ADDRESS in text else text


def input_key(page: str, template: str, site: SiteInfo, inputs: str | None) -> str | None:
    """A page's key from the key of its inputs (not from what its template receives)."""
    return None if inputs is None else f"inputs\0{page}\0{template}\0{site!r}\0{inputs}"


def _of(page: str, key: str | None) -> str | None:
    """An input key of a page (None unless it names ``page``: then key by the view-model)."""
    return key if key is not None and key.startswith(f"inputs\0{page}\0") else None


class _Pages:
    """Renders templates into ``files``; each page gets ``url()`` relative to itself."""

    def __init__(self, env: Environment, site: SiteInfo, cache: PageCache | None = None) -> None:
        self.env = env
        self.site = site
        self.cache = cache
        self.files: dict[str, Output] = {}

    def reuse(self, page: str, key: str | None) -> bool:
        """Take ``page`` from the cache if it knows ``key``."""
        if self.cache is None or key is None:
            return False
        known = self.cache.get(page, key)
        if known is None:
            return False
        if page in self.files:
            raise ValueError(f"两个页面的文件名相同：{page}")
        self.files[page] = known
        self.cache.put(page, key, known, rendered=False)
        return True

    def render(self, page: str, template: str, key: str | None = None, **values: Any) -> None:
        """Render ``page`` (or reuse it by ``key``, by default the text of ``values``)."""
        if page in self.files:
            raise ValueError(f"两个页面的文件名相同：{page}")
        if self.cache is not None and key is None:
            key = page_key(page, template, self.site, values)
        if self.reuse(page, key):
            return

        def url(target: str) -> str:
            return paths.relative(target, page)

        text = self.env.get_template(template).render(site=self.site, url=url, **values)
        self.files[page] = text.encode("utf-8")
        if self.cache is not None and key is not None:
            self.cache.put(page, key, self.files[page], rendered=True)


def render_site(
    catalog: Catalog, scenarios: Mapping[str, MergedScenario], *, templates: Path | None = None
) -> dict[str, bytes]:
    """Every page of the site, path (relative to the output root) → bytes.

    ``scenarios`` holds the merge of each scenario of the catalog (by code); ``templates``
    is a project's override directory, searched before the templates shipped here.
    """
    files = render_pages(catalog, scenarios, templates=templates)
    return {path: data for path, data in files.items() if isinstance(data, bytes)}


def render_pages(
    catalog: Catalog,
    scenarios: Mapping[str, MergedScenario],
    *,
    templates: Path | None = None,
    cache: PageCache | None = None,
) -> dict[str, Output]:
    """``render_site`` with a ``cache``, which gives the bytes of pages whose key it knows
    (see the module's docstring), or a ``Kept`` reference to them in the output folder."""
    missing = sorted(code for code in catalog.scenarios if code not in scenarios)
    if missing:
        raise ValueError(f"以下一件事没有合并结果，无法生成指南：{'、'.join(missing)}")
    env = make_environment(templates)
    if cache is not None:
        env.bytecode_cache = cache.template_cache()
    meta = catalog.meta
    site = SiteInfo(meta.region, meta.version, meta.effective_date.isoformat())
    pages = _Pages(env, site, cache)
    context = SiteContext.of(catalog)

    inputs = (cache.page_inputs(context) if cache is not None else None) or NO_INPUTS
    for code in catalog.items:
        known = inputs.items.get(code)
        html, md = paths.item_page(code), paths.item_page(code, ".md")
        html_key = input_key(html, "item.html.j2", site, known)
        md_key = input_key(md, "item.md.j2", site, known)
        if not pages.reuse(html, html_key):
            guide = build_item_guide(context, code)
            pages.render(guide.page, "item.html.j2", html_key, guide=guide)
        if not pages.reuse(md, md_key):
            markdown = build_item_guide(context, code, suffix=".md")
            pages.render(markdown.page, "item.md.j2", md_key, guide=markdown)

    for code, scenario in catalog.scenarios.items():  # merged only when a page is built
        known = inputs.scenarios.get(code)
        notice_page, form_page = paths.scenario_page(scenario.code), paths.form_page(code)
        notice_key = input_key(notice_page, "scenario.html.j2", site, known)
        if not pages.reuse(notice_page, notice_key):
            notice = build_scenario_guide(context, scenario, scenarios[code])
            pages.render(notice.page, "scenario.html.j2", _of(notice.page, notice_key), guide=notice)
        form_key = input_key(form_page, "form.html.j2", site, known)
        if not pages.reuse(form_page, form_key):
            form = build_scenario_guide(context, scenario, scenarios[code], page=form_page)
            pages.render(form.page, "form.html.j2", _of(form.page, form_key), guide=form)

    for benefit in catalog.benefits.values():
        policy_page = paths.benefit_page(benefit.code)
        policy_key = input_key(policy_page, "benefit.html.j2", site, inputs.benefits.get(benefit.code))
        if not pages.reuse(policy_page, policy_key):
            policy = build_benefit_guide(context, benefit)
            pages.render(policy.page, "benefit.html.j2", _of(policy.page, policy_key), guide=policy)

    entries = build_entries(context)
    index: dict[str, Any] = {
        "entries": entries,
        "groups": GROUPS,
        "departments": departments(entries, context),
        "counts": {
            "items": len(catalog.items),
            "scenarios": len(catalog.scenarios),
            "benefits": len(catalog.benefits),
        },
    }
    # keyed on exactly what it shows: its search data is made from the entries and groups
    index_key = page_key(paths.INDEX, "index.html.j2", site, index) if cache is not None else None
    if not pages.reuse(paths.INDEX, index_key):
        data = {"groups": GROUPS, "entries": [entry.as_json() for entry in entries]}
        pages.render(paths.INDEX, "index.html.j2", index_key, **index, data=data)
    for name in ASSETS:
        pages.files[f"{paths.ASSETS}/{name}"] = asset(env, name)
    return dict(sorted(pages.files.items()))
