"""``zwfw serve``: compile into a temporary directory, serve it on localhost, rebuild on change.

    compile (compiler.build.pipeline) ──> <tmp>/site ──http.server──> http://127.0.0.1:8000/
        ▲                                                   │
        └── rebuild_if_changed ◀── watchfiles: catalog YAML, templates, rules

A rebuild goes through compile's atomic swap, so a request never sees half a site. When the
catalog has lint errors, compile refuses: the errors are reported and the last good site keeps
being served (before the first good build, a page says why there is nothing yet).
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.build.pipeline import CompileError, CompileResult, CompileSettings, compile_catalog
from compiler.config import Config
from compiler.workflow.serve_http import PreviewServer, make_server

#: notify(message): how the preview talks to the person running it
Notify = Callable[[str], None]
#: render(result): the text of a refused compile's findings
RenderFindings = Callable[[CompileResult], str]

TEMPLATE_SUFFIXES = (".html", ".md", ".j2", ".jinja", ".css", ".js", ".txt", ".json", ".svg")
CATALOG_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class ServeSettings:
    catalog: Path
    config: Config
    host: str = "127.0.0.1"
    port: int = 8000
    today: dt.date = field(default_factory=dt.date.today)


def bundled_templates() -> Path:
    return Path(__file__).resolve().parent.parent / "render" / "templates"


class Preview:
    """The compiled site in ``<workdir>/site`` and the knowledge of what to watch."""

    def __init__(
        self, settings: ServeSettings, workdir: Path, notify: Notify, render: RenderFindings
    ) -> None:
        self.settings = settings
        self.site = workdir / "site"
        self.notify = notify
        self.render = render
        self.builds = 0  # compiles started
        self.good = False  # a site has been built at least once

    def watched(self) -> list[Path]:
        """The folders whose changes trigger a rebuild: the catalog, the templates, the rules."""
        config = self.settings.config
        folders = [self.settings.catalog, config.templates, bundled_templates(), config.rules]
        seen: dict[Path, None] = {}
        for folder in folders:
            if folder is not None and folder.is_dir():
                seen[folder.resolve()] = None
        return list(seen)

    def relevant(self, path: Path) -> bool:
        """Whether a changed file is a template, or a catalog or rule YAML file (hidden files
        and editor backups excluded)."""
        if path.name.endswith(("~", ".swp", ".swx")):
            return False
        config = self.settings.config
        roots: list[tuple[Path, tuple[str, ...]]] = [
            (t, TEMPLATE_SUFFIXES) for t in (config.templates, bundled_templates()) if t
        ]
        roots += [(r, CATALOG_SUFFIXES) for r in (self.settings.catalog, config.rules)]
        for root, suffixes in roots:
            root = root.resolve()
            if path.is_relative_to(root):
                hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
                return not hidden and path.suffix in suffixes
        return False

    def build(self) -> CompileResult | None:
        """Compile into the site directory; report what happened. None: compile failed."""
        self.builds += 1
        settings = self.settings
        compile_settings = CompileSettings(
            catalog=settings.catalog.resolve(),
            out=self.site,
            config=settings.config,
            today=settings.today,
        )
        try:
            result = compile_catalog(compile_settings)
        except CompileError as err:
            self.notify(f"编译失败：{err}")
            return None
        if result.outcome == "refused":
            self.notify(self.render(result).rstrip("\n"))
            kept = "继续提供上一次成功编译的站点" if self.good else "修正后将自动重新编译"
            self.notify(f"目录有错误，未重新编译；{kept}")
        else:
            self.good = True
            self.notify(f"已编译（{len(result.files)} 个文件，更新 {len(result.written)} 个）")
        return result

    def rebuild_if_changed(self, changes: Iterable[tuple[Any, str]]) -> CompileResult | None:
        """Rebuild when any of ``changes`` (watchfiles' ``(Change, path)`` pairs) concerns a
        catalog, rule or template file; None when nothing relevant changed (or compile failed)."""
        touched = sorted({Path(path) for _, path in changes if self.relevant(Path(path).resolve())})
        if not touched:
            return None
        names = "、".join(p.name for p in touched[:3]) + ("等" if len(touched) > 3 else "")
        self.notify(f"{names} 已修改，重新编译…")
        return self.build()


def run_serve(
    settings: ServeSettings,
    notify: Notify,
    render: RenderFindings,
    ready: Callable[[PreviewServer], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve and watch until ``stop`` is set, Ctrl+C or SIGTERM; the temporary site is
    removed on the way out. Raises OSError if the port cannot be bound."""
    from watchfiles import watch

    stop = stop or threading.Event()
    previous: Any = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    workdir = Path(tempfile.mkdtemp(prefix="zwfw-serve-"))
    try:
        preview = Preview(settings, workdir, notify, render)
        server = make_server(preview.site, settings.host, settings.port)
        thread = threading.Thread(target=server.serve_forever, name="zwfw-serve", daemon=True)
        thread.start()
        try:
            preview.build()
            if ready is not None:
                ready(server)
            for changes in watch(*preview.watched(), stop_event=stop, raise_interrupt=False):
                preview.rebuild_if_changed(changes)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
