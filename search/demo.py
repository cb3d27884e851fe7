import sys

from meetings.models import Annex
from search import services


def load_app_demo():
    """Extract the demo annexes' text and build the index (what the workers do in use)."""
    try:
        for annex_id in Annex.objects.values_list("pk", flat=True):
            services.annex_text_extract(annex_id=annex_id)
    except RuntimeError as error:  # pdftotext (poppler-utils) is not installed on this machine
        print(f"Bilagenes tekst kan ikke søges: {error}", file=sys.stderr)
    services.rebuild_all()
