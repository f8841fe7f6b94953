"""Fixtures for the femur-explorer tests.

The real-browser tests reuse the browser harness of ``tests/browser/conftest.py`` (strict
book build once per process, the site served on 127.0.0.1, Debian's Chromium via
Playwright); it is loaded by path because ``tests`` is not a package.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from widgets.femur_view import StaticExplorer
from widgets.model import HipModel

_BROWSER_CONFTEST = Path(__file__).resolve().parents[1] / "browser" / "conftest.py"


def _browser_harness():
    name = "hip_browser_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _BROWSER_CONFTEST)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_harness = _browser_harness()
site = _harness.site            # noqa: F811  (pytest fixtures, re-exported)
base_url = _harness.base_url
browser = _harness.browser
CHROMIUM_ARGS = _harness.CHROMIUM_ARGS


@pytest.fixture(scope="session")
def model():
    return HipModel()


@pytest.fixture(scope="session")
def static_explorer(model):
    """The static explorer exactly as the book page builds it."""
    return StaticExplorer(model)
