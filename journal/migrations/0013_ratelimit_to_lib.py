# RateLimit moved to reconnect.lib; the table stays as it is.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0012_imports_photos_limits'),
        ('lib', '0001_ratelimit'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='RateLimit')],
        ),
    ]
