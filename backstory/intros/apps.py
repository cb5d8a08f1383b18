from django.apps import AppConfig


class IntrosConfig(AppConfig):
    name = "backstory.intros"
    label = "intros"
    verbose_name = "Introductions and opportunities"

    def ready(self):
        # The words opportunities are matched on: the ``match`` vocabulary of the
        # person-word index (people.words writes it, through core.derived).
        from backstory.people.words import vocabulary_register

        from .terms import match_words

        vocabulary_register("match", match_words)
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
