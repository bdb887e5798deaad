"""Each reset keeps the days its run kept. Resets made before this are counted here, in
batches that each commit on their own (a migrate stopped half-way starts again and counts
the same), as the app counts a run: local calendar days in the person's time zone, from
the period's first day (at midnight) or the reset before, at most the period's length."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import migrations, models, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

BATCH = 500  # periods a batch
EARLIEST = dt.datetime(2, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9998, 1, 1, tzinfo=dt.UTC)


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_days(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo) -> int:
    """journal.models.waiting.local_days as it is today, kept here as this migration's own."""
    local_start = min(max(start, EARLIEST), LATEST).astimezone(tz).replace(tzinfo=None)
    local_end = min(max(end, EARLIEST), LATEST).astimezone(tz).replace(tzinfo=None)
    return max((local_end - local_start).days, 0)


def count_runs(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    period_model = apps.get_model("journal", "WaitingPeriod")
    reset_model = apps.get_model("journal", "Reset")
    periods = period_model.objects.filter(resets__isnull=False).distinct().order_by("pk")
    last = 0
    while True:
        with transaction.atomic():
            batch = list(
                periods.filter(pk__gt=last).values_list("pk", "start", "days", "user__timezone")[
                    :BATCH
                ]
            )
            if not batch:
                return
            about = {pk: (start, days, zone(name)) for pk, start, days, name in batch}
            resets = reset_model.objects.filter(period_id__in=about).order_by(
                "period_id", "at", "pk"
            )
            counted = []
            run_start: dict[int, dt.datetime] = {}
            for pk, period_id, at in resets.values_list("pk", "period_id", "at"):
                start, days, tz = about[period_id]
                first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
                begun = run_start.get(period_id, first)
                counted.append(reset_model(pk=pk, run_days=min(local_days(begun, at, tz), days)))
                run_start[period_id] = at
            reset_model.objects.bulk_update(counted, ["run_days"], batch_size=BATCH)
            last = batch[-1][0]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("journal", "0020_what_helped"),
        ("reconnect", "0016_sealed_at_rest"),
    ]

    operations = [
        migrations.AddField(
            model_name="reset",
            name="run_days",
            field=models.PositiveIntegerField(default=0, verbose_name="days kept"),
        ),
        migrations.AddField(
            model_name="reset",
            name="triggers",
            field=models.CharField(blank=True, max_length=200, verbose_name="what led to it"),
        ),
        migrations.RunPython(count_runs, migrations.RunPython.noop),
    ]
