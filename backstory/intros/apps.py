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
        # Its sections of the person page (read by that page's view).
        from backstory.core import sections as page_sections

        from .sections import person_balance, person_intro_section

        page_sections.register("person", "intros/_person_section.html", person_intro_section)
        page_sections.register("person", "intros/_balance_section.html", person_balance)
