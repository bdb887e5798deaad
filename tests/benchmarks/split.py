"""Where each page's time goes, in-process: queries, templates and view code.

Run by `make bench` against its seeded database, before the load: each page is asked
for REQUESTS times through Django's handler (no server, no network) and the time inside
the handler is split three ways:

- queries: time inside the database cursor (counted where it happens, so a lazy
  queryset that a template runs is a query, not template time);
- templates: time inside Template.render, less the queries run from templates;
- view code: the rest — middleware, the view, building model instances, forms.

`python -m tests.benchmarks.split <label> <path> <username or -> ...` prints one JSON line
a page. A path written "POST:<path>" is POSTed with its form from FORMS, as script sends
it. The pages take turns, in ten rounds, so that a noisy moment of the machine falls on
all of them alike. With BENCH_PROFILE=<label>, it also prints that page's 30 costliest
functions.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

REQUESTS = int(os.environ.get("BENCH_SPLIT_REQUESTS", "200"))
# What a POSTed page is sent: the one-tap mood, as the home's script sends it.
FORMS = {"/journal/mood/": {"mood": "3"}}


@dataclass
class Split:
    label: str
    total_ms: float
    queries_ms: float
    templates_ms: float
    view_ms: float
    queries: int
    status: int


class Clock:
    """Adds up time spent in queries and templates while a request runs."""

    def __init__(self) -> None:
        self.query = 0.0
        self.query_in_template = 0.0
        self.template = 0.0
        self.count = 0
        self.depth = 0

    def execute(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.query += spent
            self.count += 1
            if self.depth:
                self.query_in_template += spent


@contextmanager
def timing_templates(clock: Clock) -> Iterator[None]:
    """Time the outermost Template.render (includes render their own, inside it)."""
    from django.template import base

    original = base.Template.render

    def render(self: base.Template, context: Any) -> Any:
        clock.depth += 1
        started = time.perf_counter()
        try:
            return original(self, context)
        finally:
            clock.depth -= 1
            if not clock.depth:
                clock.template += time.perf_counter() - started

    base.Template.render = render  # type: ignore[method-assign]
    try:
        yield
    finally:
        base.Template.render = original  # type: ignore[method-assign]


ROUNDS = 10  # the pages take turns, so a noisy moment of the machine falls on all alike


class Page:
    """One page's client and the samples of its requests so far."""

    def __init__(self, label: str, path: str, username: str | None, profile: bool) -> None:
        from django.test import Client

        from reconnect.accounts.models import User

        self.label = label
        self.path = path.removeprefix("POST:")
        self.form = FORMS[self.path] if path.startswith("POST:") else None
        self.client = Client(HTTP_HOST="localhost")
        if username:
            self.client.force_login(User.objects.get(username=username))
        self.totals: list[float] = []
        self.splits: list[tuple[float, float, float]] = []
        self.count = self.status = 0
        self.profiler = cProfile.Profile() if profile else None
        for _ in range(5):  # warm up: imports, compiled templates, URL resolvers
            self.ask()

    def ask(self) -> Any:
        if self.form is None:
            return self.client.get(self.path)
        return self.client.post(self.path, self.form, HTTP_ACCEPT="application/json")

    def run(self, requests: int) -> None:
        from django.db import connection

        for _ in range(requests):
            clock = Clock()
            with connection.execute_wrapper(clock.execute), timing_templates(clock):
                if self.profiler:
                    self.profiler.enable()
                started = time.perf_counter()
                response = self.ask()
                total = time.perf_counter() - started
                if self.profiler:
                    self.profiler.disable()
            self.status, self.count = response.status_code, clock.count
            templates = clock.template - clock.query_in_template
            self.totals.append(total)
            self.splits.append((clock.query, templates, total - clock.query - templates))

    def result(self) -> Split:
        if self.profiler:
            for order in ("cumulative", "tottime"):
                pstats.Stats(self.profiler, stream=sys.stderr).sort_stats(order).print_stats(30)
        ms = 1000
        return Split(
            label=self.label,
            total_ms=statistics.median(self.totals) * ms,
            queries_ms=statistics.median(s[0] for s in self.splits) * ms,
            templates_ms=statistics.median(s[1] for s in self.splits) * ms,
            view_ms=statistics.median(s[2] for s in self.splits) * ms,
            queries=self.count,
            status=self.status,
        )


def main(arguments: list[str]) -> None:
    import django

    django.setup()
    wanted = os.environ.get("BENCH_PROFILE", "")
    pages = [
        Page(label, path, None if username == "-" else username, label == wanted)
        for label, path, username in zip(*[iter(arguments)] * 3, strict=True)
    ]
    rounds = min(ROUNDS, REQUESTS)
    for number in range(rounds):
        for page in pages:
            page.run(REQUESTS // rounds + (number < REQUESTS % rounds))
    for page in pages:
        print(json.dumps(asdict(page.result())), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
