from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "backstory.followups"
    label = "followups"
    verbose_name = "Follow-ups"
