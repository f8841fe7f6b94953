"""Fixtures for the femur-explorer tests; the real-browser fixtures come from tests/conftest.py."""

from __future__ import annotations

import pytest

from widgets.femur_view import StaticExplorer
from widgets.model import HipModel


@pytest.fixture(scope="session")
def model():
    return HipModel()


@pytest.fixture(scope="session")
def static_explorer(model):
    """The static explorer exactly as the book page builds it."""
    return StaticExplorer(model)
