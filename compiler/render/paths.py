"""Where each page lives and how one page links to another.

A code becomes a file name through ``safe_name`` (compile's own, from compiler.build.output)
and a file name becomes a link through ``href``: every path and every link of the site is
built here, never from catalog text directly, so that a code such as ``../x`` or ``javascript:alert(1)`` can neither escape the
output directory nor turn into a script URL.
"""

from __future__ import annotations

from urllib.parse import quote

from compiler.build.output import safe_name

__all__ = ["href", "relative", "safe_name"]


def href(path: str) -> str:
    """The URL-path form of a relative file path: ``%`` in a safe name must reach the server
    (or the file system) as ``%``, so it is written ``%25``."""
    return quote(path, safe="/._-")


#: the folders of the published site, relative to the output root
ITEMS = "guides/items"
SCENARIOS = "guides/scenarios"
BENEFITS = "guides/benefits"
FORMS = "forms"
ASSETS = "guides/assets"
INDEX = "guides/index.html"


def item_page(code: str, suffix: str = ".html") -> str:
    return f"{ITEMS}/{safe_name(code)}{suffix}"


def scenario_page(code: str) -> str:
    return f"{SCENARIOS}/{safe_name(code)}.html"


def benefit_page(code: str) -> str:
    return f"{BENEFITS}/{safe_name(code)}.html"


def form_page(code: str) -> str:
    return f"{FORMS}/{safe_name(code)}.html"


def relative(target: str, page: str) -> str:
    """The link from ``page`` to ``target`` (both relative to the output root), URL-quoted."""
    source_dir = page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < min(len(source_dir), len(parts) - 1) and source_dir[common] == parts[common]:
        common += 1
    ups = [".."] * (len(source_dir) - common)
    return href("/".join([*ups, *parts[common:]]))
