from django.urls import reverse

from tests.access import EVERYONE


def _search(p, q):
    from meetings.models import Annex
    from search import services

    for annex_id in Annex.objects.values_list("pk", flat=True):
        services.annex_text_extract(annex_id=annex_id)
    services.rebuild_all()
    return reverse("search:search") + f"?q={q}"


CASES = {
    "search:search": [
        # Every response is scanned for closed, draft and undecided text by the permission test.
        # Queries that reach closed, draft and undecided content without naming it, so that
        # any of it in a result, snippet or count would show.
        (lambda p: _search(p, "side"), EVERYONE),
        (lambda p: _search(p, "Baggrundstekst"), EVERYONE),
        (lambda p: _search(p, "indstilles"), EVERYONE),
        (lambda p: _search(p, "punkt"), EVERYONE),
    ]
}
