"""The HTTP side of ``zwfw serve``: a quiet static server over the compiled site.

``/`` leads to ``guides/index.html`` (the site has no root page of its own). Before the first
good build, every request gets a short Chinese page saying why there is nothing to show yet.
Paths are resolved per request, so compile's directory swap is picked up immediately.
"""

from __future__ import annotations

from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOME = "/guides/index.html"
NOT_YET = (
    "<!doctype html><meta charset='utf-8'><title>zwfw 预览</title>"
    "<p>尚无可预览的站点：目录有错误，未能编译。请查看终端中的问题，修正后页面会自动生成，刷新即可。</p>"
)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host if isinstance(host, str) else host.decode()
        return f"http://{'127.0.0.1' if shown in ('0.0.0.0', '') else shown}:{port}/"


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the site directory; no request log on the terminal."""

    def __init__(self, *args: Any, site: Path, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def do_GET(self) -> None:
        if not (self.site / "manifest.json").is_file():
            self._not_yet()
            return
        if (
            self.path.split("?", 1)[0] in ("/", "/index.html")
            and not (self.site / "index.html").exists()
        ):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", HOME)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def _not_yet(self) -> None:
        body = NOT_YET.encode("utf-8")
        self.send_response(HTTPStatus.SERVICE_UNAVAILABLE)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview is always the latest build
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for compile messages."""


def make_server(site: Path, host: str, port: int) -> PreviewServer:
    """A server bound to (host, port); port 0 picks a free one. Raises OSError."""
    return PreviewServer((host, port), partial(PreviewHandler, site=site))
