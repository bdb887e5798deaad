"""Render every guide page again with the CommonMark renderer the journal uses."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def render_again(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from reconnect.lib.markdown import render_markdown

    Tip = apps.get_model("advice", "Tip")
    for tip in Tip.objects.all():
        tip.body_html = render_markdown(tip.body)
        tip.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("advice", "0001_initial"), ("journal", "0003_render_with_commonmark")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True)]
