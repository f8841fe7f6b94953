"""Shared fixtures: ``report`` (print measured figures), and the real-browser harness of
``tests/browser/conftest.py`` (one strict book build per process, the site served on
127.0.0.1, Debian's Chromium via Playwright) re-exported for every test folder; it is loaded
by path because ``tests`` is not a package. A folder's own conftest may override them."""

import importlib.util
import sys
from pathlib import Path

import pytest

_BROWSER_CONFTEST = Path(__file__).resolve().parent / "browser" / "conftest.py"


def browser_harness():
    name = "hip_browser_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _BROWSER_CONFTEST)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_harness = browser_harness()
site = _harness.site            # pytest fixtures, re-exported
base_url = _harness.base_url
browser = _harness.browser


@pytest.fixture
def report(capsys):
    """Print measured figures straight to the terminal, even under pytest's capture."""
    def _print(*lines):
        with capsys.disabled():
            for line in lines:
                print(line)
    return _print
