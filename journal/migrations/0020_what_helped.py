import django.db.models.deletion
import django.utils.timezone
import reconnect.lib.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0019_sealed_names_unique"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="urge",
            name="helped_answered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="HelpChoice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "label",
                    reconnect.lib.fields.SealedCharField(
                        blank=True, max_length=60, verbose_name="what helps you"
                    ),
                ),
                (
                    "hidden",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("walk", "A walk"),
                            ("someone", "Calling or texting someone"),
                            ("reasons", "Reading my reasons"),
                            ("writing", "Writing it out"),
                            ("waiting", "Just waiting"),
                            ("breathing", "Slow breathing"),
                            ("busy", "Keeping busy"),
                            ("sleep", "Sleeping on it"),
                        ],
                        max_length=12,
                    ),
                ),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="help_choices",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Helped",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=12)),
                (
                    "note",
                    reconnect.lib.fields.SealedCharField(
                        blank=True, max_length=200, verbose_name="a few words"
                    ),
                ),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "choice",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="journal.helpchoice",
                    ),
                ),
                (
                    "urge",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="helped",
                        to="journal.urge",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="helpchoice",
            constraint=models.UniqueConstraint(
                condition=models.Q(("hidden", ""), _negated=True),
                fields=("user", "hidden"),
                name="help_hidden_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="helped",
            constraint=models.UniqueConstraint(
                condition=models.Q(("choice__isnull", True)),
                fields=("urge", "key"),
                name="helped_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="helped",
            constraint=models.UniqueConstraint(
                condition=models.Q(("choice__isnull", False)),
                fields=("urge", "choice"),
                name="helped_own_once",
            ),
        ),
    ]
