"""Render every stored entry again: raw HTML in a body is now shown as text, not dropped."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def render_again(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from reconnect.lib.markdown import render_markdown

    Entry = apps.get_model("journal", "Entry")
    batch = []
    for entry in Entry.objects.only("pk", "body").iterator(chunk_size=500):
        entry.body_html = render_markdown(entry.body)
        batch.append(entry)
        if len(batch) == 500:
            Entry.objects.bulk_update(batch, ["body_html"])
            batch = []
    Entry.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("journal", "0002_reminder")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True)]
