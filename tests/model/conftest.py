import pytest

from widgets.model import HipModel


@pytest.fixture(scope="session")
def model():
    return HipModel()
