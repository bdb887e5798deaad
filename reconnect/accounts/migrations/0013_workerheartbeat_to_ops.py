# WorkerHeartbeat moved to reconnect.ops; the table stays as it is.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reconnect', '0012_worker_heartbeat'),
        ('ops', '0001_workerheartbeat'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='WorkerHeartbeat')],
        ),
    ]
