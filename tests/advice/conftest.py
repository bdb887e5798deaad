from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def guide(db) -> None:
    call_command("sync_advice", stdout=io.StringIO())
