from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0018_seal_existing_records"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="change",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name_key", ""), _negated=True),
                fields=("user", "name_key"),
                name="change_unique_name",
            ),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("user", "name_key"), name="tag_unique_name_key"
            ),
        ),
    ]
