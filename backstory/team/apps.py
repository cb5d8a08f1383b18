from django.apps import AppConfig


class TeamConfig(AppConfig):
    """The team: who on the team knows a person (warm paths) and where the team's warm
    relationships are and are not (coverage). It reads the members' relationships
    (follow-ups) and the requests for an introduction (intros), so it stands above both;
    the person, organisation and search pages get its sections through ``core.panels``.
    """

    name = "backstory.team"
    label = "team"

    def ready(self):
        from backstory.core import panels

        from .views import organization_panel, person_panel, search_panel

        panels.register("person", person_panel)
        panels.register("organization", organization_panel)
        panels.register("search", search_panel)
