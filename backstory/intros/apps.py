from django.apps import AppConfig


class IntrosConfig(AppConfig):
    name = "backstory.intros"
    label = "intros"
    verbose_name = "Introductions and opportunities"

    def ready(self):
        # The export workbook (transfer) carries introductions and opportunities.
        from backstory.transfer.sheets import register_sheet

        from .sheets import IntroductionsSheet, OpportunitiesSheet

        register_sheet(IntroductionsSheet())
        register_sheet(OpportunitiesSheet())
