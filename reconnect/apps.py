from django.apps import AppConfig


class ReconnectConfig(AppConfig):
    name = "reconnect"
    verbose_name = "Accounts"
