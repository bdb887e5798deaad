"""The one way a view fetches a record: scoped to its owner."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from .auth import AuthenticatedHttpRequest

M = TypeVar("M", bound=Model)


def get_owned(request: AuthenticatedHttpRequest, queryset: QuerySet[M], pk: int) -> M:
    """The signed-in user's own object, or 404.

    Scoping the query by owner makes another user's id look exactly like a missing one,
    so no page reveals that someone else's record exists.
    """
    return get_object_or_404(queryset.filter(user=request.user), pk=pk)
