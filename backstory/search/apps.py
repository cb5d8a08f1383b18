from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search index; its tables and triggers are declared in its migrations
    (backstory/search/schema/, backstory/search/operations.py)."""

    name = "backstory.search"
    label = "search"
