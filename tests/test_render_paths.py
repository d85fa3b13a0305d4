"""File names from codes and links between pages: safe, one-to-one, resolvable."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compiler.render import paths


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("000117001000", "000117001000"),
        ("YJS-XSECS", "YJS-XSECS"),
        ("MSJX_2025.1", "MSJX_2025.1"),
        ("../etc/passwd", "%2E.%2Fetc%2Fpasswd"),
        (".", "%2E"),
        ("..", "%2E."),
        ("a b", "a%20b"),
        ("津-1", "%E6%B4%A5-1"),
        ("100%", "100%25"),
        ("javascript:alert(1)", "javascript%3Aalert%281%29"),
    ],
)
def test_safe_name(code: str, name: str) -> None:
    assert paths.safe_name(code) == name


def test_empty_code_has_no_name() -> None:
    with pytest.raises(ValueError):
        paths.safe_name("")


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=20))
def test_safe_name_is_safe_and_one_to_one(a: str, b: str) -> None:
    name = paths.safe_name(a)
    assert name not in ("", ".", "..") and not name.startswith(".")
    assert set(name) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-%")
    assert (paths.safe_name(a) == paths.safe_name(b)) == (a == b)


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("guides/items/X.html", "guides/index.html", "items/X.html"),
        ("guides/index.html", "guides/items/X.html", "../index.html"),
        ("guides/scenarios/Y.html", "guides/items/X.html", "../scenarios/Y.html"),
        ("forms/Y.html", "guides/scenarios/Y.html", "../../forms/Y.html"),
        ("guides/assets/style.css", "forms/Y.html", "../guides/assets/style.css"),
        ("guides/items/a%2Fb.html", "guides/index.html", "items/a%252Fb.html"),
    ],
)
def test_relative_links(target: str, page: str, link: str) -> None:
    assert paths.relative(target, page) == link


@given(st.text(min_size=1, max_size=12))
def test_link_resolves_to_the_file(code: str) -> None:
    target = paths.item_page(code)
    for page in (paths.INDEX, paths.scenario_page("S"), paths.form_page("S")):
        link = paths.relative(target, page)
        assert ":" not in link.split("/")[0]  # never a scheme
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(link)))
        assert resolved == target
