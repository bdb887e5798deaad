"""Entries keep their own time zone and say whether the title is a heading of its own;
every body is rendered again so that a single line break shows as one."""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def render_again(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from reconnect.lib.markdown import render_markdown

    Entry = apps.get_model("journal", "Entry")
    batch = []
    for entry in Entry.objects.only("pk", "body").iterator(chunk_size=500):
        entry.body_html = render_markdown(entry.body, breaks=True)
        batch.append(entry)
        if len(batch) == 500:
            Entry.objects.bulk_update(batch, ["body_html"])
            batch = []
    Entry.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0009_urges'),
    ]

    operations = [
        migrations.AddField(
            model_name='entry',
            name='heading',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='entry',
            name='timezone',
            field=models.CharField(blank=True, default='', max_length=64, verbose_name='time zone'),
        ),
        migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True),
    ]
