from django.db import migrations, models


def trigram_index(apps, schema_editor):
    """The trigram index answers a term's LIKE '%term%' among the words (PostgreSQL only)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX search_word_lexeme_trgm ON search_word USING gin (lexeme gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_word_lexeme_trgm")


def learn_words(apps, schema_editor):
    """The words of what is indexed already."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "INSERT INTO search_word (lexeme) "
            "SELECT DISTINCT word FROM search_entry, unnest(tsvector_to_array(document)) AS word "
            "WHERE word ~ '^[a-zæøåäöüé]{4,100}$' ON CONFLICT (lexeme) DO NOTHING"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_annextext_hidden_layers")]

    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lexeme", models.CharField(max_length=100, unique=True)),
            ],
        ),
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.RunPython(learn_words, migrations.RunPython.noop),
    ]
