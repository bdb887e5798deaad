"""For pages whose work waits on a task worker: whether none has been seen lately."""

from __future__ import annotations

from django import template

from ..workers import worker_seen

register = template.Library()


@register.simple_tag
def no_worker_seen() -> bool:
    return not worker_seen()
