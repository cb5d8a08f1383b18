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
