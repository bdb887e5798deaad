# RateLimit, moved here from the journal: its table stays.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('journal', '0012_imports_photos_limits'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RateLimit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=64, unique=True)),
                        ('tokens', models.FloatField()),
                        ('updated', models.DateTimeField(db_index=True)),
                    ],
                    options={'db_table': 'journal_ratelimit'},
                ),
            ],
        ),
    ]
