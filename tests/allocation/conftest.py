"""The engine's tests need no Django: they run with `-p no:django` as well as in the full suite."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _fast_and_isolated():
    """Replace the project-wide Django settings fixture; the allocation engine never touches settings."""
