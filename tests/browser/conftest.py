"""Fixtures for the real-browser tests: the built site served on 127.0.0.1, and
Debian's Chromium driven by Playwright (never `playwright install`)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--use-angle=swiftshader",  # software WebGL for plotly 3-D figures
    "--enable-unsafe-swiftshader",
]


def _booksite():
    """tests/book/booksite.py, shared with the book tests (one build per process)."""
    if "booksite" not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "book" / "booksite.py"
        spec = importlib.util.spec_from_file_location("booksite", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["booksite"] = module
        spec.loader.exec_module(module)
    return sys.modules["booksite"]


booksite = _booksite()


@pytest.fixture(scope="session")
def site():
    result = booksite.build()
    assert result.returncode == 0, "strict book build failed:\n" + result.log[-8000:]
    return booksite.HTML


@pytest.fixture(scope="session")
def base_url(site):
    with booksite.serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Module scope: only one Playwright (sync API) may run at a time in a thread, and
    other test folders (e.g. tests/explorer) start their own after this one closes."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} not found: run `make chromium` (apt-get install -y chromium)"
    )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
