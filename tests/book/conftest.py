"""Fixtures for the book tests: one strict build of the site per test process."""

import pytest

import booksite  # tests/book is on sys.path (pytest rootdir-relative import)


@pytest.fixture(scope="session")
def site():
    """The built site (_build/html) after a strict build that must succeed."""
    result = booksite.build()
    assert result.returncode == 0, "strict book build failed:\n" + result.log[-8000:]
    return booksite.HTML
