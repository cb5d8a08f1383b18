from django.apps import AppConfig


class TeamConfig(AppConfig):
    """The team: who on the team knows a person (warm paths) and where the team's warm
    relationships are and are not (coverage). It reads the members' relationships
    (follow-ups) and the requests for an introduction (intros), so it stands above both;
    the person, organisation and search pages get its sections through ``core.sections``.
    """

    name = "backstory.team"
    label = "team"

    def ready(self):
        from backstory.core import sections

        from .views import organization_panel, person_panel, search_panel

        sections.register("person", "team/_person_warm_paths.html",
                          lambda request, person: person_panel(request, person=person))
        sections.register_context("organization", organization_panel)
        sections.register_context("search", search_panel)
