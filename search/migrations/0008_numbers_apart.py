from django.db import migrations

APART = r"-(?=[0-9])"


def vectorise_again(apps, schema_editor):
    """Index what is indexed already with numbers apart from their hyphens (search/text.py)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    fields = [
        f"setweight(to_tsvector('danish', regexp_replace(coalesce({field}, ''), %s, %s, 'g')), "
        f"'{weight}')"
        for field, weight in (("title", "A"), ("context", "B"), ("text", "C"))
    ]
    schema_editor.execute(
        f"UPDATE search_entry SET document = {' || '.join(fields)}", [APART, "\u2010"] * 3
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0007_word")]

    operations = [migrations.RunPython(vectorise_again, migrations.RunPython.noop)]
