from datetime import date

import pytest

from tests.factories_portal import programme_with_run

BEFORE_DEADLINE = date(2022, 3, 1)
DEADLINE = date(2022, 3, 15)
AFTER_DEADLINE = date(2022, 3, 16)


@pytest.fixture
def programme_2022(db):
    return programme_with_run("uppdamda-vardbehov-2022")
