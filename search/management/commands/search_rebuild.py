"""Build the search index again from the published versions: after a change to how entries are
built (a line for each block of an item's text, so a result opens at its hit)."""

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = "Byg søgeindekset igen ud fra de offentliggjorte versioner."

    def handle(self, *args, **options):
        count = services.rebuild_all()
        self.stdout.write(f"{count} indgange i søgeindekset.")
