"""Fixtures for the capsule tests (the browser harness and ``report`` come from
tests/conftest.py)."""

import pytest

from widgets.model import HipModel
from widgets.model.capsule import CapsuleModel, laxity_levels


@pytest.fixture(scope="session")
def cap():
    return CapsuleModel()


@pytest.fixture(scope="session")
def hip():
    return HipModel()


@pytest.fixture(scope="session")
def levels():
    return laxity_levels()
