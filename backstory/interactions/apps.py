from django.apps import AppConfig


def interactions_reach(workspace, interaction_ids) -> tuple[set[int], set]:
    """The people and the times of these interactions (what the write pipeline refreshes
    after they were written)."""
    from .models import Interaction, Participation

    ids = sorted(set(interaction_ids))
    people, moments = set(), set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        people.update(Participation.objects.filter(interaction_id__in=chunk)
                      .values_list("person_id", flat=True))
        moments.update(Interaction.objects.filter(workspace=workspace, pk__in=chunk)
                       .values_list("occurred_at", flat=True))
    return people, moments


class InteractionsConfig(AppConfig):
    name = "backstory.interactions"
    label = "interactions"

    def ready(self) -> None:
        from backstory.core import derived

        derived.register("interactions", interactions_reach)
