from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "backstory.followups"
    label = "followups"
    verbose_name = "Follow-ups"

    def ready(self) -> None:
        # The stored follow-up values this app computes, for the write pipeline.
        from backstory.core import derived

        from . import relationships, stored

        derived.register("first_met", stored.first_met_refresh)
        derived.register("followup_dates", stored.dates_refresh)
        derived.register("touch_days", stored.touch_days_refresh)
        derived.register("relationships", relationships.relationships_refresh)
        derived.register("statistics", stored.planner_statistics)
