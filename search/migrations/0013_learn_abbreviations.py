"""The definitions of abbreviations the public texts already in the index make
(search/abbreviations.py), so that an index built before them needs no rebuild."""

from django.db import migrations

READ = """
    UPDATE search_abbreviation
    SET short_query = plainto_tsquery('danish', short)::text,
        long_query = phraseto_tsquery('danish', long)::text
    WHERE short_query = '' AND long_query = ''
"""


def learn_from_public_texts(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.abbreviations import definitions_in

    Entry = apps.get_model("search", "Entry")
    Abbreviation = apps.get_model("search", "Abbreviation")
    for entry in Entry.objects.filter(audience="public").iterator(chunk_size=200):
        text = "\n".join((entry.title, entry.context, entry.text))
        Abbreviation.objects.bulk_create(
            Abbreviation(short=d.short, long=d.long, entry_id=entry.pk)
            for d in definitions_in(text)
        )
    schema_editor.execute(READ)


class Migration(migrations.Migration):
    dependencies = [("search", "0012_abbreviation")]

    operations = [migrations.RunPython(learn_from_public_texts, migrations.RunPython.noop)]
