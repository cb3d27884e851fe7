"""An annex records that its upload was encrypted with an empty password and is stored
decrypted, so the secretariat is told the stored file differs from the one sent."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0013_organisation_timestamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="annex",
            name="stored_decrypted",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="gemt uden kryptering"
            ),
        ),
        migrations.AddField(
            model_name="historicalannex",
            name="stored_decrypted",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="gemt uden kryptering"
            ),
        ),
    ]
