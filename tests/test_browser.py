"""The site in a real browser (Debian's chromium through Playwright): search the index,
follow a result to its guide and read what a person would read — from a local web server
and from file://, with no console error and no request leaving the machine.

CI installs what this needs (never ``playwright install``):
    apt-get update && apt-get install -y chromium
    .venv/bin/pip install playwright
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_screenshots import CHROMIUM, launch, serve
from tests.test_render_support import HYGIENE, render_fixture, write_site

if importlib.util.find_spec("playwright") is None:
    pytest.skip(
        "需要 Python 包 playwright：.venv/bin/pip install playwright", allow_module_level=True
    )
if shutil.which(CHROMIUM) is None:
    pytest.skip(
        f"需要 Debian 的 chromium（{CHROMIUM}）：apt-get install -y chromium",
        allow_module_level=True,
    )

from playwright.sync_api import Page, expect, sync_playwright


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(render_fixture(), tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


class Watch:
    """What a page did that a person would not see: console errors, every request."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))


def search_and_follow(page: Page, index_url: str) -> None:
    page.goto(index_url)
    search = page.get_by_label("搜索事项、一件事或政策")
    expect(search).to_be_visible()
    results = page.locator("#results > li")
    expect(results).to_have_count(10)  # everything before a search: 6 items, 2 + 2

    search.fill("卫生许可")  # the item by name, then the scenario that includes it
    expect(page.locator("#count")).to_have_text("找到 2 项")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("公共场所卫生许可")
    expect(results.nth(1)).to_contain_text("开办食品店一件事")
    expect(results.first).to_contain_text(HYGIENE)

    search.fill(HYGIENE)  # by code
    expect(results).to_have_count(1)
    search.fill("人力资源")  # by department: its item, its 2 policies, a scenario it joins
    expect(results).to_have_count(4)
    search.fill("")
    page.get_by_label("清单").select_option(label="免申即享")  # filter by list
    expect(results).to_have_count(2)
    page.get_by_label("清单").select_option(label="全部清单")
    search.fill("没有这样的事项")
    expect(page.locator("#count")).to_contain_text("未找到")

    search.fill("卫生许可")
    page.get_by_role("link", name="公共场所卫生许可").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("公共场所卫生许可")
    row = page.locator("table.materials tbody tr", has_text="营业执照")
    expect(row).to_contain_text("免提交")
    expect(row).to_contain_text("电子证照：营业执照电子证照")
    expect(page.locator("table.materials tbody tr", has_text="无犯罪记录证明")).to_contain_text(
        "可告知承诺"
    )
    page.get_by_role("link", name="开办食品店一件事").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("开办食品店一件事")
    expect(page.locator("#notice")).to_contain_text("只需填写 3 项")


def test_search_and_read_a_guide_over_http(site: Path, browser: Any) -> None:
    with serve(site) as base:
        page = browser.new_page()
        watch = Watch(page)
        search_and_follow(page, base + "guides/index.html")
        page.close()
    assert watch.errors == []
    assert watch.requests and all(url.startswith(base) for url in watch.requests), watch.requests


def test_search_works_offline_from_file(site: Path, browser: Any) -> None:
    page = browser.new_page()
    watch = Watch(page)
    search_and_follow(page, (site / "guides" / "index.html").as_uri())
    page.close()
    assert watch.errors == []
    assert all(url.startswith("file://") for url in watch.requests), watch.requests


def test_without_javascript_the_full_list_shows(site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "guides" / "index.html").as_uri())
    expect(page.locator("section.search")).to_be_hidden()
    expect(page.get_by_role("link", name="公共场所卫生许可")).to_be_visible()
    context.close()
