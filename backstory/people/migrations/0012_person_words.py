import django.db.models.deletion
from django.db import migrations, models


def copy_name_tokens(apps, schema_editor):
    """The name words carried over as they are (they were derived from the names by the
    same function; the write pipeline keeps them from here on)."""
    schema_editor.execute(
        "INSERT INTO people_personword (workspace_id, person_id, vocabulary, word) "
        "SELECT workspace_id, person_id, 'name', token FROM people_nametoken")


def copy_name_words_back(apps, schema_editor):
    schema_editor.execute(
        "INSERT INTO people_nametoken (workspace_id, person_id, token) "
        "SELECT workspace_id, person_id, word FROM people_personword "
        "WHERE vocabulary = 'name'")


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0011_person_do_not_contact'),
        ('workspaces', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('vocabulary', models.CharField(choices=[('name', 'name'), ('match', 'match')], max_length=5)),
                ('word', models.CharField(max_length=40)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person')),
                ('workspace', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workspaces.workspace')),
            ],
            options={
                'indexes': [models.Index(fields=['workspace', 'vocabulary', 'word', 'person'], name='personword_ws_vocab_word')],
                'constraints': [models.UniqueConstraint(fields=('person', 'vocabulary', 'word'), name='one_person_word')],
            },
        ),
        migrations.RunPython(copy_name_tokens, copy_name_words_back),
        migrations.DeleteModel(
            name='NameToken',
        ),
    ]
