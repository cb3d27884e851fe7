import django.db.models.deletion
from django.db import migrations, models


def link_entries(apps, schema_editor):
    # Entries indexed before the link: link them to their meeting, and drop those of meetings
    # that were deleted meanwhile.
    Entry = apps.get_model("search", "Entry")
    Meeting = apps.get_model("meetings", "Meeting")
    meetings = set(Meeting.objects.values_list("pk", flat=True))
    for source in Entry.objects.filter(source__startswith="meeting:").values_list("source", flat=True).distinct():
        pk = int(source.split(":", 1)[1])
        entries = Entry.objects.filter(source=source)
        if pk in meetings:
            entries.update(meeting_id=pk)
        else:
            entries.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0006_subscriptions"),
        ("search", "0002_unsearchable"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="meeting",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.meeting"),
        ),
        migrations.RunPython(link_entries, migrations.RunPython.noop),
    ]
