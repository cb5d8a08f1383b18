from django.apps import AppConfig


class IntrosConfig(AppConfig):
    name = "backstory.intros"
    label = "intros"
    verbose_name = "Introductions and opportunities"

    def ready(self):
        # The stored match terms, for the write pipeline (core.derived).
        from backstory.core import derived

        from .terms import match_terms_refresh

        derived.register("match_terms", match_terms_refresh)
        # The export workbook (transfer) carries introductions and opportunities.
        from backstory.transfer.sheets import register_sheet

        from .sheets import IntroductionsSheet, OpportunitiesSheet

        register_sheet(IntroductionsSheet())
        register_sheet(OpportunitiesSheet())
