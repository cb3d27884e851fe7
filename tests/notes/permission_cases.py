from django.urls import reverse

from tests.access import EVERYONE, ONLY_MEMBERS


def _url(name, p, *args, key="meeting"):
    return reverse(f"notes:{name}", args=[p[key].pk, *args])


def _members_note(p):
    """A note written by the council member; nobody else gets it (not even the secretariat)."""
    from django.contrib.auth.models import User

    from notes import services

    member = User.objects.get(username="medlem")
    p["open_item"].refresh_from_db()
    note = services.note_create(
        author=member,
        meeting=p["meeting"],
        data=services.NoteInput(
            item_number=p["open_item"].number, exact="ÅBENTEKST", body="Min note"
        ),
    )
    return reverse("notes:note_api", args=[note.uid])


def _reader(p, annex_key, meeting_key="meeting"):
    return reverse("notes:annex_reader", args=[p[meeting_key].pk, p[annex_key].uid])


CASES = {
    "notes:service_worker": [(lambda p: reverse("notes:service_worker"), EVERYONE)],
    "notes:manifest": [(lambda p: reverse("notes:manifest"), EVERYONE)],
    "notes:offline_status": [
        (lambda p: reverse("notes:offline_status") + f"?m={p['meeting'].pk}", EVERYONE)
    ],
    "notes:my_notes": [(lambda p: reverse("notes:my_notes"), ONLY_MEMBERS)],
    "notes:meeting_notes": [
        (lambda p: _url("meeting_notes", p), ONLY_MEMBERS),
        (
            lambda p: _url("meeting_notes", p, key="draft"),
            {"secretariat": 200, "council_member": 404, "municipality": 403, "anonymous": "login"},
        ),
    ],
    "notes:export_markdown": [(lambda p: _url("export_markdown", p), ONLY_MEMBERS)],
    "notes:export_pdf": [(lambda p: _url("export_pdf", p), ONLY_MEMBERS)],
    "notes:meeting_api": [
        (lambda p: _url("meeting_api", p), ONLY_MEMBERS),
        (
            lambda p: _url("meeting_api", p, key="draft"),
            {"secretariat": 200, "council_member": 404, "municipality": 403, "anonymous": "login"},
        ),
    ],
    "notes:offline": [(lambda p: _url("offline", p), ONLY_MEMBERS)],
    "notes:annex_reader": [
        (lambda p: _reader(p, "open_annex"), EVERYONE),
        (lambda p: _reader(p, "closed_annex"), ONLY_MEMBERS),
        (lambda p: _reader(p, "closed_item_annex"), ONLY_MEMBERS),
        (
            lambda p: _reader(p, "draft_annex", "draft"),
            {"secretariat": 200, "council_member": 404, "municipality": 404, "anonymous": 404},
        ),
    ],
    "notes:note_api": [
        (
            _members_note,
            {"secretariat": 404, "council_member": 200, "municipality": 403, "anonymous": "login"},
        )
    ],
}
