from __future__ import annotations

from unittest import mock

from django.db.utils import OperationalError


def test_it_answers_when_the_database_does(visitor):
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_it_answers_503_when_the_database_does_not(visitor):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = visitor.get("/healthz")
    assert response.status_code == 503
