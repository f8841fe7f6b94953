"""Fixtures for chapter 4's tests (single-leg stance and the foot-hip chain).

The real-browser tests reuse the harness of ``tests/browser/conftest.py`` (one strict build
per process, the site on 127.0.0.1, Debian's Chromium), loaded by path because ``tests`` is
not a package.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from widgets.model import HipModel
from widgets.model.chain import FootHipChain
from widgets.model.stance import StanceModel

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
def hip():
    return HipModel()


@pytest.fixture(scope="session")
def stance(hip):
    return StanceModel(hip)


@pytest.fixture(scope="session")
def chain(hip):
    return FootHipChain(hip)


@pytest.fixture
def report(capsys):
    """Print measured figures to the terminal, even under pytest's capture."""
    def _print(*lines):
        with capsys.disabled():
            for line in lines:
                print(line)
    return _print
