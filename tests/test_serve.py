"""zwfw serve: the rebuild decision, the last good site kept on lint errors, the HTTP side."""

from __future__ import annotations

import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from watchfiles import Change

from compiler.config import load_config
from compiler.workflow.serve import Preview, ServeSettings, bundled_templates, run_serve
from compiler.workflow.serve_http import HOME, PreviewServer, make_server

FIXTURE = Path("tests/fixtures/compile/catalog")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8"), dict(err.headers)


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    copy = tmp_path / "catalog"
    shutil.copytree(FIXTURE, copy)
    return copy


def _preview(catalog: Path, tmp_path: Path, messages: list[str]) -> Preview:
    settings = ServeSettings(catalog=catalog, config=load_config(), port=0)
    return Preview(settings, tmp_path / "work", messages.append, lambda result: "问题清单")


def test_rebuild_only_for_catalog_template_or_rule_changes(catalog: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    preview = _preview(catalog, tmp_path, messages)
    assert preview.build() is not None and preview.good
    assert (preview.site / "manifest.json").is_file()
    assert catalog.resolve() in preview.watched() and bundled_templates() in preview.watched()

    ignored = [
        (Change.modified, str(catalog / "notes.txt")),
        (Change.added, str(catalog / "licensing" / ".scjgw.yaml.swp")),
        (Change.modified, str(tmp_path / "elsewhere.yaml")),
    ]
    assert preview.rebuild_if_changed(ignored) is None
    assert preview.builds == 1

    template = bundled_templates() / "some-page.html"
    assert preview.relevant(template) and not preview.relevant(bundled_templates() / "x.pyc")
    changed = preview.rebuild_if_changed(
        [(Change.modified, str(catalog / "licensing" / "scjgw.yaml"))]
    )
    assert changed is not None and changed.outcome in ("written", "unchanged")
    assert preview.builds == 2


def test_lint_errors_keep_the_last_good_site(catalog: Path, tmp_path: Path) -> None:
    messages: list[str] = []
    preview = _preview(catalog, tmp_path, messages)
    preview.build()
    before = (preview.site / "manifest.json").read_bytes()
    path = catalog / "licensing" / "scjgw.yaml"
    good = path.read_text("utf-8")
    path.write_text(good.replace("department: scjgw", "department: nowhere", 1), "utf-8")
    refused = preview.rebuild_if_changed({(Change.modified, str(path))})
    assert refused is not None and refused.outcome == "refused"
    assert "问题清单" in messages and any("继续提供上一次成功编译的站点" in m for m in messages)
    assert (preview.site / "manifest.json").read_bytes() == before

    path.write_text(good.replace("食品经营许可", "食品经营许可（预览）", 1), "utf-8")
    rebuilt = preview.rebuild_if_changed({(Change.modified, str(path))})
    assert rebuilt is not None and rebuilt.outcome == "written"
    assert (preview.site / "manifest.json").read_bytes() != before


def _serving(site: Path) -> tuple[PreviewServer, threading.Thread]:
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def test_server_redirects_home_serves_pages_and_stops_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    server, thread = _serving(site)
    try:
        status, body, _ = _get(server.url)
        assert status == 503 and "尚无可预览的站点" in body  # nothing built yet
        (site / "guides").mkdir(parents=True)
        (site / "manifest.json").write_text("{}", "utf-8")
        (site / "guides" / "index.html").write_text("<h1>办事指南</h1>", "utf-8")
        status, _, headers = _get(server.url)
        assert status == 302 and headers["Location"] == HOME
        status, body, headers = _get(server.url + HOME.lstrip("/"))
        assert status == 200 and "办事指南" in body and headers["Cache-Control"] == "no-store"
        assert _get(server.url + "missing.html")[0] == 404
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_run_serve_builds_serves_and_cleans_up(catalog: Path) -> None:
    stop = threading.Event()
    started: list[PreviewServer] = []
    ready = threading.Event()

    def on_ready(server: PreviewServer) -> None:
        started.append(server)
        ready.set()

    settings = ServeSettings(catalog=catalog, config=load_config(), port=0)
    worker = threading.Thread(
        target=run_serve,
        args=(settings, lambda _m: None, lambda _r: ""),
        kwargs={"ready": on_ready, "stop": stop},
    )
    worker.start()
    try:
        assert ready.wait(60)
        status, body, _ = _get(started[0].url + HOME.lstrip("/"))
        assert status == 200 and "<html" in body
        site = Path(started[0].RequestHandlerClass.keywords["site"])  # type: ignore[attr-defined]
        assert site.is_dir()
    finally:
        stop.set()
        worker.join(timeout=15)
    assert not worker.is_alive()
    assert not site.parent.exists()  # the temporary site is removed
