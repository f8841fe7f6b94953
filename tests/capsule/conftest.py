"""Fixtures for the capsule tests. The page tests reuse the browser harness of
tests/browser/conftest.py (one strict book build per process, the site served on 127.0.0.1,
Debian's Chromium via Playwright), loaded by path because ``tests`` is not a package."""

import importlib.util
import sys
from pathlib import Path

import pytest

from widgets.model import HipModel
from widgets.model.capsule import CapsuleModel, laxity_levels

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


@pytest.fixture(scope="session")
def cap():
    return CapsuleModel()


@pytest.fixture(scope="session")
def hip():
    return HipModel()


@pytest.fixture(scope="session")
def levels():
    return laxity_levels()
