import uuid

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fill_uids(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Each existing change and period its own id (a default would give them all one)."""
    for name in ("FocusArea", "WaitingPeriod"):
        model = apps.get_model("journal", name)
        batch = []
        for row in model.objects.only("pk").iterator(chunk_size=500):
            row.uid = uuid.uuid4()
            batch.append(row)
        model.objects.bulk_update(batch, ["uid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("journal", "0007_entry_photos")]

    operations = [
        migrations.AddField("focusarea", "uid", models.UUIDField(editable=False, null=True)),
        migrations.AddField("waitingperiod", "uid", models.UUIDField(editable=False, null=True)),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            "focusarea", "uid", models.UUIDField(default=uuid.uuid4, editable=False)
        ),
        migrations.AlterField(
            "waitingperiod", "uid", models.UUIDField(default=uuid.uuid4, editable=False)
        ),
    ]
