import django.db.models.deletion
from django.db import migrations, models


def copy_match_terms(apps, schema_editor):
    """The match terms carried over as they are, as the ``match`` vocabulary of the
    person-word index (people.PersonWord)."""
    schema_editor.execute(
        "INSERT INTO people_personword (workspace_id, person_id, vocabulary, word) "
        "SELECT workspace_id, person_id, 'match', term FROM intros_matchterm")


def copy_match_words_back(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO intros_matchterm (workspace_id, person_id, term) "
        "SELECT workspace_id, person_id, word FROM people_personword "
        "WHERE vocabulary = 'match'")
    schema_editor.execute("DELETE FROM people_personword WHERE vocabulary = 'match'")


class Migration(migrations.Migration):

    dependencies = [
        ('intros', '0002_match_terms'),
        ('people', '0012_person_words'),
    ]

    operations = [
        migrations.RunPython(copy_match_terms, copy_match_words_back),
        migrations.DeleteModel(
            name='MatchTerm',
        ),
    ]
