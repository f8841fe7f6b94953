"""Fixtures for chapter 4's tests (single-leg stance and the foot-hip chain); the real-browser
fixtures come from tests/conftest.py."""

from __future__ import annotations

import pytest

from widgets.model import HipModel
from widgets.model.chain import FootHipChain
from widgets.model.stance import StanceModel


@pytest.fixture(scope="session")
def hip():
    return HipModel()


@pytest.fixture(scope="session")
def stance(hip):
    return StanceModel(hip)


@pytest.fixture(scope="session")
def chain(hip):
    return FootHipChain(hip)

