from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "backstory.workspaces"
    label = "workspaces"
