from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "backstory.followups"
    label = "followups"
    verbose_name = "Follow-ups"

    def ready(self) -> None:
        # The stored follow-up values this app computes, for the write pipeline.
        from backstory.core import derived, sections

        from . import relationships, stored
        from .views import settings_section

        derived.register("first_met", stored.first_met_refresh)
        derived.register("followup_dates", stored.dates_refresh)
        derived.register("touch_days", stored.touch_days_refresh)
        derived.register("relationships", relationships.relationships_refresh)
        derived.register("statistics", stored.planner_statistics)
        # The follow-up part of the Settings page (workspaces), read by that page's view.
        sections.register("settings", "followups/_settings_section.html", settings_section)
