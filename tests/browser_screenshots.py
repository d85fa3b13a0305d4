"""Screenshots of the rendered site, to look at the design: ``python -m tests.browser_screenshots OUT``.

Renders the render-test catalog (tests/fixtures/render), serves it on 127.0.0.1 and saves
PNGs of the index (with a search), an item guide, a scenario guide, a policy guide and the
printable form (as printed, A4), on a desktop and a phone viewport. Needs Debian's chromium
(``apt-get install -y chromium``) and ``pip install playwright`` (never ``playwright install``).
Also home of the helpers tests/test_browser.py shares: the local server and the launch options.
"""

from __future__ import annotations

import functools
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


SHOTS = (
    ("index", "guides/index.html", "screen"),
    ("item", "guides/items/000117002000.html", "screen"),
    ("scenario", "guides/scenarios/YJS-SPD.html", "screen"),
    ("benefit", "guides/benefits/MSJX-2025-002.html", "screen"),
    ("form-print", "forms/YJS-SPD.html", "print"),
)


def take(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.test_render_support import render_fixture, write_site

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(write_site(render_fixture(), Path(tmp))) as base,
    ):
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for device, viewport in (("desktop", (1280, 900)), ("phone", (390, 844))):
                page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
                for name, path, media in SHOTS:
                    page.emulate_media(media=media)
                    page.goto(base + path)
                    if name == "index":
                        page.fill("#q", "食品")
                    target = out / f"{device}-{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    saved.append(target)
                page.close()
            browser.close()
    return saved


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python -m tests.browser_screenshots 输出目录", file=sys.stderr)
        return 2
    for path in take(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
