from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (``/api/v1/``): a door above the apps, like the web pages and the
    commands. Its endpoints parse a request, call the apps' services and selectors and
    shape the answer; no rule of the domain lives here. See docs/api.md."""

    name = "backstory.api"
    label = "api"
