"""Benchmark: gathering the readiness facts and evaluating them for a heavy user.

A user with 10,000 entries and 50 waiting periods, on a throwaway SQLite file; nothing
is kept between runs, so each is what a page view costs.
Run with `python -m tests.benchmarks.readiness` (also part of `make bench`).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="reconnect-bench-") as tmp:
        os.environ["SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconnect.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from journal.models import WaitingPeriod, local_midnight
        from journal.readiness.facts import assess
        from reconnect.accounts.models import User

        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--users", "1", "--entries", "10000", "--prefix", "heavy")
        user = User.objects.get(username="heavy1")
        today = user.local_today()
        WaitingPeriod.objects.bulk_create(
            WaitingPeriod(
                user=user,
                label=f"Period {i}",
                start=today - dt.timedelta(days=i * 7),
                days=30,
                started_at=local_midnight(today - dt.timedelta(days=i * 7), user.tzinfo),
            )
            for i in range(48)  # seed_demo made 2 already
        )
        user.refresh_from_db()
        timings = []
        for _ in range(30):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                verdict, records = assess(user, timezone.now())
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"readiness for 10,000 entries and {len(records.periods)} periods: "
            f"median {statistics.median(timings):.1f} ms, "
            f"min {min(timings):.1f} ms, max {max(timings):.1f} ms over {len(timings)} runs, "
            f"{len(queries)} queries, verdict {verdict.state}"
        )


if __name__ == "__main__":
    main()
