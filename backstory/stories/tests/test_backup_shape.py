"""Every table of these apps carries its workspace, so the generic backup picks it up."""

from django.apps import apps


def test_every_model_of_stories_and_intros_has_a_workspace_foreign_key():
    models = [m for label in ("stories", "intros")
              for m in apps.get_app_config(label).get_models(include_auto_created=True)]
    assert {m.__name__ for m in models} >= {"Tip", "TipSource", "Pitch", "Introduction",
                                            "Opportunity", "OpportunityLead"}
    for model in models:
        field = model._meta.get_field("workspace")
        assert field.related_model._meta.label == "workspaces.Workspace", model
