from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AdviceConfig(AppConfig):
    name = "advice"

    def ready(self) -> None:
        from .pages import forget_every_page

        post_migrate.connect(forget_every_page, sender=self)
