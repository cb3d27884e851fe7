from django.core.management.base import BaseCommand

from meetings import services
from meetings.models import Annex


class Command(BaseCommand):
    help = (
        "Tæller de digitale underskrifter i bilag, der blev gemt, før portalen talte dem ved "
        "upload, og læser, hvem der har underskrevet, og om underskrifterne holder. Næste offentliggjorte version af mødet tilbyder læserne de underskrevne "
        "originaler; de versioner, der allerede er offentliggjort, er uændrede."
    )

    def handle(self, *args, **options):
        annexes = Annex.objects.filter(signers=[], stored_decrypted=False).exclude(file="")
        checked = offered = 0
        for annex in annexes.iterator():
            checked += 1
            if services.annex_signatures_recount(annex=annex):
                offered += 1
                self.stdout.write(f"{annex.item}: {annex} – underskrevet ({annex.signatures})")
        self.stdout.write(
            f"{checked} bilag læst; {offered} har underskrifter, som læserne kan kontrollere."
        )
