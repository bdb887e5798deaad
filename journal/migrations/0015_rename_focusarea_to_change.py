# The pages call it a change; the code now does too. Renaming keeps every row and every
# entry's link to it (Entry.focus keeps its name and column).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0014_render_photo_links_again"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="FocusArea", new_name="Change"),
        migrations.AlterField(
            model_name="change",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
