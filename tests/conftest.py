import pytest


@pytest.fixture
def report(capsys):
    """Print measured figures straight to the terminal, even under pytest's capture."""
    def _print(*lines):
        with capsys.disabled():
            for line in lines:
                print(line)
    return _print
