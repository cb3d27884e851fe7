"""Bodies, municipalities and people carry when they were made and last changed (the API serves
them as OParl's created and modified). Rows that exist already get the moment of migration."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0012_render_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="body",
            name="created",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="oprettet"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="body",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="ændret"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="municipality",
            name="created",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="oprettet"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="municipality",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="ændret"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person",
            name="created",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="oprettet"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="person",
            name="updated",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="ændret"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="created",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                default=django.utils.timezone.now,
                verbose_name="oprettet",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="updated",
            field=models.DateTimeField(
                blank=True, editable=False, default=django.utils.timezone.now, verbose_name="ændret"
            ),
            preserve_default=False,
        ),
    ]
