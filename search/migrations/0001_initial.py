import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def gin_index(apps, schema_editor):
    # The full-text index exists on PostgreSQL only; the embedded SQLite default searches
    # with a plain substring match instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_entry_document_gin ON search_entry USING gin (document)"
        )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_document_gin")


class Migration(migrations.Migration):
    initial = True

    dependencies = [("meetings", "0004_rules_of_procedure")]

    operations = [
        migrations.CreateModel(
            name="AnnexText",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sha256", models.CharField(max_length=64, unique=True)),
                ("text", models.TextField(blank=True)),
                ("pages", models.PositiveIntegerField(default=0)),
                ("pages_with_text", models.PositiveIntegerField(default=0)),
                ("extracted", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "bilagstekst", "verbose_name_plural": "bilagstekster"},
        ),
        migrations.CreateModel(
            name="Entry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("item", "dagsordenpunkt"), ("annex", "bilag"), ("contract", "resultatkontrakt"), ("budget", "budget")], max_length=20)),
                ("audience", models.CharField(choices=[("public", "alle"), ("members", "medlemmer")], max_length=10)),
                ("source", models.CharField(db_index=True, max_length=100)),
                ("year", models.PositiveIntegerField(db_index=True)),
                ("date", models.DateField(blank=True, null=True)),
                ("title", models.CharField(max_length=500)),
                ("context", models.CharField(blank=True, max_length=500)),
                ("text", models.TextField(blank=True)),
                ("url", models.CharField(max_length=500)),
                ("superseded_for_members", models.BooleanField(default=False)),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("body", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to="meetings.body")),
            ],
            options={"verbose_name": "søgeindgang", "verbose_name_plural": "søgeindgange"},
        ),
        migrations.RunPython(gin_index, drop_gin_index),
    ]
