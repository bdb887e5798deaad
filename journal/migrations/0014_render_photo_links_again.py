"""Render again every entry whose stored HTML shows an image: an image's source is now
resolved before it is allowed, so a stored link such as
/journal/photos/%2e%2e/%2e%2e/accounts/profile/ becomes its description. Only entries
with an image are read, so this is cheap even for a large journal."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def render_again(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from reconnect.lib.markdown import render_markdown

    Entry = apps.get_model("journal", "Entry")
    batch = []
    with_images = Entry.objects.filter(body_html__contains="<img").only("pk", "body")
    for entry in with_images.iterator(chunk_size=500):
        entry.body_html = render_markdown(entry.body, breaks=True)
        batch.append(entry)
        if len(batch) == 500:
            Entry.objects.bulk_update(batch, ["body_html"])
            batch = []
    Entry.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):

    dependencies = [
        ("journal", "0013_ratelimit_to_lib"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True),
    ]
