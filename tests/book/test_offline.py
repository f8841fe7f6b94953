"""No built page loads anything from another host: scripts, styles, fonts, images."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

import booksite

URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
IMPORT_IN_CSS = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def remote(url: str) -> bool:
    u = urlparse(url.strip())
    if url.strip().startswith("//"):
        return True
    return u.scheme in ("http", "https") and u.hostname not in booksite.LOCAL_HOSTS


def loaded_urls(html: str) -> list[str]:
    """Every URL the page itself makes the browser load (not links a reader may click)."""
    page = BeautifulSoup(html, "html.parser")
    urls = []
    for tag in page.find_all(["script", "img", "iframe", "audio", "video", "source", "embed", "track"]):
        for attr in ("src", "srcset", "data-src"):
            if tag.get(attr):
                urls += [part.split()[0] for part in tag[attr].split(",") if part.strip()]
    for tag in page.find_all("link"):
        rel = " ".join(tag.get("rel", []))
        if any(r in rel for r in ("stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch")):
            urls.append(tag.get("href", ""))
    for tag in page.find_all("object"):
        urls.append(tag.get("data", ""))
    for tag in page.find_all(style=True):
        urls += URL_IN_CSS.findall(tag["style"])
    for tag in page.find_all("style"):
        urls += URL_IN_CSS.findall(tag.get_text()) + IMPORT_IN_CSS.findall(tag.get_text())
    return [u for u in urls if u]


@pytest.mark.parametrize("page", booksite.built_pages())
def test_page_loads_nothing_remote(site, page):
    html = (site / page).read_text(encoding="utf-8")
    bad = [u for u in loaded_urls(html) if remote(u)]
    assert not bad, f"{page} loads from other hosts: {bad}"


def test_stylesheets_load_nothing_remote(site):
    bad = {}
    for css in (site / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        urls = [u for u in URL_IN_CSS.findall(text) + IMPORT_IN_CSS.findall(text) if remote(u)]
        if urls:
            bad[str(css.relative_to(site))] = urls
    assert not bad, f"stylesheets load from other hosts: {bad}"


def test_detector_catches_remote_resources():
    """The check above can fail: it sees CDN scripts, fonts and styles."""
    html = (
        '<script src="https://cdn.example.net/plotly.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css">'
        '<div style="background:url(https://x.example/a.png)"></div>'
        '<a href="https://doi.org/10.1/x">a citation link is fine</a>'
        '<script src="_static/vendor/plotly.min.js"></script>'
    )
    assert [u for u in loaded_urls(html) if remote(u)] == [
        "https://cdn.example.net/plotly.js", "//fonts.example.com/css", "https://x.example/a.png"
    ]
