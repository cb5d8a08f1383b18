from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "backstory.transfer"
    label = "transfer"
    verbose_name = "Import, export, backup"
