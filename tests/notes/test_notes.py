"""Writing notes, their privacy, and re-anchoring at a new version (notes/services.py)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings import services as meeting_services
from meetings.models import PackageVersion
from meetings.rules import COUNCIL_MEMBER, MUNICIPALITY
from notes import selectors, services
from notes.models import Note
from tests.factories import user_with_role
from tests.notes.helpers import (
    ANNEX_PAGES,
    ANNEX_QUOTE,
    DELETED_QUOTE,
    ITEM_QUOTE,
    published_meeting,
    secretariat_changes,
    upload,
)
from tests.notes.pdfs import pages_pdf


def _write(user, meeting, exact, *, annex=None, page=None, body="", prefix="", suffix=""):
    return services.note_create(
        author=user,
        meeting=meeting,
        data=services.NoteInput(
            item_number="1.1",
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            body=body,
            annex_uid=str(annex.uid) if annex else None,
            page=page,
        ),
    )


@pytest.mark.django_db(transaction=True)
def test_notes_follow_their_quotes_into_version_2_and_a_lost_quote_goes_to_the_tray(
    eager_celery,
):
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, item, annex = published_meeting()
    on_item = _write(member, meeting, ITEM_QUOTE, body="Spørg til ekspertudvalget")
    on_page = _write(member, meeting, ANNEX_QUOTE, annex=annex, page=3, body="Hvilke kommuner?")
    lost = _write(member, meeting, DELETED_QUOTE, body="Hvor er Nordjylland?")

    secretariat_changes(item, annex)
    meeting_services.meeting_publish(meeting=meeting)  # the task runs after commit

    on_item, on_page, lost = (Note.objects.get(pk=n.pk) for n in (on_item, on_page, lost))
    assert (on_item.status, on_item.version_number, on_item.exact) == ("placed", 2, ITEM_QUOTE)
    assert (on_page.status, on_page.page, on_page.moved_from_page) == ("moved", 4, 3)
    assert selectors.note_mark(on_page) == "Flyttet fra side 3 til side 4"
    assert (
        on_page.annex_sha256
        == PackageVersion.objects.get(number=2).snapshot["sections"][0]["items"][0]["annexes"][0][
            "sha256"
        ]
    )
    assert (lost.status, lost.exact, lost.body) == (
        "unplaced",
        DELETED_QUOTE,
        "Hvor er Nordjylland?",
    )
    assert selectors.note_mark(lost) == "Kunne ikke placeres i version 2"
    listed = selectors.notes_for_meeting(user=member, meeting_id=meeting.pk)
    assert [n.pk for n in listed] == [on_item.pk, on_page.pk, lost.pk]


@pytest.mark.django_db
def test_an_unchanged_annex_keeps_its_notes_on_the_same_page():
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, item, annex = published_meeting()
    note = _write(member, meeting, ANNEX_QUOTE, annex=annex, page=3)
    item.title = "Nyt navn"
    item.save()
    version = meeting_services.meeting_publish(meeting=meeting)
    assert services.notes_reanchor(version=version) == {"same": 1, "moved": 0, "unplaced": 0}
    note.refresh_from_db()
    assert (note.page, note.status, note.version_number) == (3, "placed", 2)


@pytest.mark.django_db
def test_a_fuzzy_match_takes_the_new_wording():
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, item, _annex = published_meeting()
    note = _write(member, meeting, ITEM_QUOTE)
    item.presentation = item.presentation.replace("bestyrelse ønsker", "bestyrelse ønsker nu")
    item.save()
    services.notes_reanchor(version=meeting_services.meeting_publish(meeting=meeting))
    note.refresh_from_db()
    assert note.status == "placed"
    assert note.exact == "KL's bestyrelse ønsker nu, at vi fra kommunal side kan spille ind"


@pytest.mark.django_db
def test_notes_are_refused_for_municipalities_and_on_text_that_is_not_there():
    meeting, _item, annex = published_meeting()
    with pytest.raises(PermissionDenied):
        _write(user_with_role("kommune", MUNICIPALITY), meeting, ITEM_QUOTE)
    member = user_with_role("medlem", COUNCIL_MEMBER)
    with pytest.raises(ValidationError, match="Markér den tekst"):
        _write(member, meeting, "   ")
    with pytest.raises(ValidationError, match="side 9"):
        _write(member, meeting, ANNEX_QUOTE, annex=annex, page=9)
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_an_edit_made_offline_against_an_older_copy_keeps_both():
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, _annex = published_meeting()
    note = _write(member, meeting, ITEM_QUOTE, body="Første udgave")
    seen = note.updated
    services.note_update(note=note, body="Rettet på iPad'en", known_updated=seen)
    kept = services.note_update(note=note, body="Skrevet offline på telefonen", known_updated=seen)
    bodies = sorted(Note.objects.filter(author=member).values_list("body", flat=True))
    assert bodies == ["Rettet på iPad'en", "Skrevet offline på telefonen"]
    assert kept.pk != note.pk and kept.exact == note.exact


@pytest.mark.django_db
def test_the_same_note_sent_twice_from_a_device_is_stored_once():
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, _annex = published_meeting()
    data = services.NoteInput(
        item_number="1.1", exact=ITEM_QUOTE, body="x", uid="8a0f3c52-6a53-4f43-9a4e-4b8c1c1f0a11"
    )
    services.note_create(author=member, meeting=meeting, data=data)
    services.note_create(author=member, meeting=meeting, data=data)
    assert Note.objects.count() == 1
    other = user_with_role("medlem2", COUNCIL_MEMBER)
    with pytest.raises(PermissionDenied):
        services.note_create(author=other, meeting=meeting, data=data)


@pytest.mark.django_db
def test_notes_go_with_the_login():
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, _annex = published_meeting()
    _write(member, meeting, ITEM_QUOTE)
    member.delete()
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_a_closed_annex_note_disappears_when_the_author_may_no_longer_see_it():
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, annex = published_meeting()
    annex.closed = True
    annex.save()
    meeting_services.meeting_publish(meeting=meeting)
    _write(member, meeting, ANNEX_QUOTE, annex=annex, page=3)
    assert len(selectors.notes_for_meeting(user=member, meeting_id=meeting.pk)) == 1
    member.groups.clear()  # no longer a council member
    member = type(member).objects.get(pk=member.pk)
    assert selectors.notes_for_meeting(user=member, meeting_id=meeting.pk) == []


@pytest.mark.django_db
def test_a_quote_across_a_line_s_hyphen_keeps_its_words_in_the_next_version():
    """The browser reads "2022-" at a line's end and "2025" on the next as "2022- 2025";
    pdftotext runs them into "20222025". The note is the same quote on the new page, as the
    member marked it, not a near match in the server's spelling."""
    member = user_with_role("medlem", COUNCIL_MEMBER)
    meeting, _item, annex = published_meeting()
    lines = ["Planen for 2022-", "2025 er vedtaget af kommunerne."]
    _replace_annex(annex, [*ANNEX_PAGES[:1], lines])
    meeting_services.meeting_publish(meeting=meeting)
    note = _write(member, meeting, "for 2022- 2025", annex=annex, page=2, prefix="Planen ",
                  suffix=" er vedtaget")  # fmt: skip
    _replace_annex(annex, [["Ny forside."], *ANNEX_PAGES[:1], lines])
    services.notes_reanchor(version=meeting_services.meeting_publish(meeting=meeting))
    note.refresh_from_db()
    assert (note.status, note.page, note.exact) == ("moved", 3, "for 2022- 2025")


def _replace_annex(annex, pages):
    stored = meeting_services.annex_prepare(annex=annex, uploaded=upload(pages_pdf(pages)))
    annex.file.save(annex.original_name, stored, save=False)
    annex.save()
