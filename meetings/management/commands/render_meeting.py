from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting
from meetings.package import Package
from meetings.publishing.bundle import page_count
from meetings.publishing.cache import StorageCache
from meetings.publishing.jobs import attendance_lines, package_documents
from meetings.snapshot import meeting_snapshot

FILE_NAMES = {
    ("dagsorden", "medlemmer"): "dagsorden.pdf",
    ("dagsorden", "offentlig"): "dagsorden-offentlig.pdf",
    ("bilag", "medlemmer"): "bilag-medlemmer.pdf",
    ("bilag", "offentlig"): "bilag-offentlig.pdf",
    ("referat", "medlemmer"): "referat.pdf",
    ("referat", "offentlig"): "referat-offentlig.pdf",
}


class Command(BaseCommand):
    help = "Renderer et mødes aktuelle kladde til PDF-filer i en mappe (til drift og kontrol)."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("--sync", action="store_true", help="Rendér her og nu, uden worker.")
        parser.add_argument("--output", required=True, help="Mappe, som PDF-filerne skrives til.")
        parser.add_argument("--no-cache", action="store_true", help="Genbrug intet fra lageret.")

    def handle(self, *args, meeting_id, sync, output, no_cache, **options):
        if not sync:
            raise CommandError("Kun --sync understøttes: rendering af kladden sker her og nu.")
        try:
            meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
        except Meeting.DoesNotExist as error:
            raise CommandError(f"Møde {meeting_id} findes ikke.") from error
        package = Package.from_json(meeting_snapshot(meeting=meeting))
        target = Path(output)
        target.mkdir(parents=True, exist_ok=True)
        documents = package_documents(
            package,
            minutes=package.has_decisions,
            attendance=attendance_lines(meeting),
            cache=None if no_cache else StorageCache(),
        )
        for kind, variant, data in documents:
            path = target / FILE_NAMES[(kind, variant)]
            path.write_bytes(data)
            self.stdout.write(f"{path}  {page_count(str(path))} sider, {len(data):,} bytes")
