from django.urls import reverse

from tests.access import EVERYONE, SIGNED_IN
from tests.leakscan import ROLES


def _search(p, q):
    from meetings.models import Annex
    from search import services

    for annex_id in Annex.objects.values_list("pk", flat=True):
        services.annex_text_extract(annex_id=annex_id)
    services.rebuild_all()
    return reverse("search:search") + f"?q={q}"


def _defined_in_closed_text(p, url=None):
    """A closed item defines an abbreviation ("LUKKETTEKST Ordning (LO)") an open item uses: no
    reader's search may use the definition, nor tell it, nor the glossary list it."""
    from meetings import services

    defining = "<p>Om LUKKETTEKST Ordning (LO).</p>"
    if p["closed_item"].presentation != defining:  # (once, where all cases share a package)
        p["closed_item"].presentation = defining
        p["closed_item"].save()
        p["open_item"].presentation = "<p>ÅBENTEKST om LO.</p>"
        p["open_item"].save()
        services.meeting_publish(meeting=p["meeting"])
    searched = _search(p, "LO")
    return url or searched


CASES = {
    "search:search": [
        # Every response is scanned for closed, draft and undecided text by the permission test.
        # Queries that reach closed, draft and undecided content without naming it, so that
        # any of it in a result, snippet or count would show.
        (lambda p: _search(p, "side"), EVERYONE),
        (lambda p: _search(p, "Baggrundstekst"), EVERYONE),
        (lambda p: _search(p, "indstilles"), EVERYONE),
        (lambda p: _search(p, "punkt"), EVERYONE),
        # Parts of the closed markers' compounds (LUKKETTEKST, LUKKETBILAG): the widened search
        # runs on the reader's own entries only.
        (lambda p: _search(p, "tekst"), EVERYONE),
        (lambda p: _search(p, "bilag"), EVERYONE),
        # Misspelled closed, undecided and draft words: "Mente du …?" offers only words of the
        # reader's own entries, written as the reader wrote theirs (capitals, as the markers).
        (lambda p: _search(p, "LUKKETEKST"), EVERYONE),
        (lambda p: _search(p, "LUKKETBILG"), EVERYONE),
        (lambda p: _search(p, "HEMMELIGBESLUTNIG"), EVERYONE),
        (lambda p: _search(p, "KLADDEMDE"), EVERYONE),
        (_defined_in_closed_text, EVERYONE),
        # Kept to one meeting: the published meeting with its closed items, and the draft
        # (neither its name nor its items for anyone but the secretariat's search, which has
        # no drafts either).
        (lambda p: _search(p, "tekst") + f"&meeting={p['meeting'].pk}", EVERYONE),
        (lambda p: _search(p, "punkt") + f"&meeting={p['draft'].pk}", EVERYONE),
    ],
    # The same feed for everyone: what the public may find (scanned like the search page).
    "search:feed": [
        (lambda p: _search(p, "tekst").replace("/soeg/?", "/soeg/feed/?"), EVERYONE),
        (lambda p: _search(p, "indstilles").replace("/soeg/?", "/soeg/feed/?"), EVERYONE),
    ],
    # Saving a search is a POST; a GET is refused for everyone.
    "search:agent_save": [(lambda p: reverse("search:agent_save"), dict.fromkeys(ROLES, 405))],
    "search:agents": [(lambda p: reverse("search:agents"), SIGNED_IN)],
    "search:abbreviations": [
        (lambda p: _defined_in_closed_text(p, reverse("search:abbreviations")), EVERYONE),
    ],
    "search:opensearch": [(lambda p: reverse("search:opensearch"), EVERYONE)],
}
