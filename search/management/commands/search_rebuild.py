"""Build the search index again from the published versions: after a change to how entries are
built (a line for each block of an item's text, so a result opens at its hit). `--annexes` reads
every annex file's text again first: after a change to how text is read from a PDF (a hyphen of
the text at a line's end kept, "KL-aftalen", search/pdflines.py)."""

from django.core.management.base import BaseCommand

from search import services


class Command(BaseCommand):
    help = "Byg søgeindekset igen ud fra de offentliggjorte versioner."

    def add_arguments(self, parser):
        parser.add_argument(
            "--annexes", action="store_true", help="Læs først hvert bilags tekst igen."
        )

    def handle(self, *args, annexes=False, **options):
        if annexes:
            read, missing = services.annex_texts_read_again()
            self.stdout.write(f"{read} bilagstekster læst igen.")
            if missing:
                self.stdout.write(f"{missing} bilagsfiler mangler; deres tekst er som før.")
        count = services.rebuild_all()
        self.stdout.write(f"{count} indgange i søgeindekset.")
