from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "backstory.stories"
    label = "stories"
    verbose_name = "Stories: tips, pitches and coverage"

    def ready(self):
        # The export workbook (transfer) carries tips and pitches as sheets of their own.
        from backstory.transfer.sheets import register_sheet

        from .sheets import PitchesSheet, TipsSheet

        register_sheet(TipsSheet())
        register_sheet(PitchesSheet())
        # Its sections of the person and interaction pages (read by those pages' views).
        from backstory.core import sections as page_sections

        from .sections import interaction_tips, person_story_section

        page_sections.register("person", "stories/_person_section.html", person_story_section)
        page_sections.register("interaction", "stories/_interaction_tips.html",
                               interaction_tips)
