from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The member's desk: quick-log and the Today agenda (page, terminal, digest).

    It stands above the apps whose records it combines (people, interactions, follow-ups,
    stories, intros); none of them imports it. See docs/architecture.md.
    """

    name = "backstory.desk"
    label = "desk"
