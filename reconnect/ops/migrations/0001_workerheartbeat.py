# WorkerHeartbeat, moved here from the accounts app (label reconnect): its table stays.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('reconnect', '0012_worker_heartbeat'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WorkerHeartbeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('worker_id', models.CharField(max_length=64, unique=True)),
                        ('seen', models.DateTimeField(db_index=True)),
                    ],
                    options={'db_table': 'reconnect_workerheartbeat'},
                ),
            ],
        ),
    ]
