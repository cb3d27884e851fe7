import sys

from meetings.models import Annex
from search import abbreviations, services
from search.models import Abbreviation

# The secretariat's own list: abbreviations the texts use without defining them.
ABBREVIATIONS = [
    ("KL", "Kommunernes Landsforening"),
    ("KKR", "Kommunekontaktråd"),
    ("RAR", "Regionalt Arbejdsmarkedsråd"),
    ("SMV", "små og mellemstore virksomheder"),
    ("FGU", "Forberedende Grunduddannelse"),
]


def load_app_demo():
    """Extract the demo annexes' text and build the index (what the workers do in use)."""
    try:
        for annex_id in Annex.objects.values_list("pk", flat=True):
            services.annex_text_extract(annex_id=annex_id)
    except RuntimeError as error:  # pdftotext (poppler-utils) is not installed on this machine
        print(f"Bilagenes tekst kan ikke søges: {error}", file=sys.stderr)
    for short, long in ABBREVIATIONS:
        Abbreviation.objects.get_or_create(short=short, long=long, entry=None)
    abbreviations.read(Abbreviation.objects.filter(entry=None))
    services.rebuild_all()
