"""Every change of state in the meetings app goes through here."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kkr_portal.transitions import InvalidTransition
from meetings import notifications, procedure, signals, stored_files
from meetings.locking import LockToken, lock_claim
from meetings.models import (
    AgendaItem,
    AgendaSection,
    Annex,
    Attendance,
    ItemProposal,
    Meeting,
    PackageVersion,
)
from meetings.package import Package
from meetings.publishing.jobs import version_render_queue
from meetings.richtext import sanitize_html
from meetings.snapshot import meeting_snapshot, snapshot_changes
from meetings.text import format_date, strip_control_characters
from meetings.uploads import (
    Signatures,
    annex_file_inspect,
    safe_filename,
    stored_file_signatures,
    title_from_filename,
)


def agenda_renumber(*, meeting: Meeting) -> None:
    """Make section and item positions run 1, 2, 3 … in their current order (after a drag)."""
    sections = list(meeting.sections.order_by("position", "pk"))
    for index, section in enumerate(sections, start=1):
        if section.position != index:
            AgendaSection.objects.filter(pk=section.pk).update(position=index)
        items = AgendaItem.objects.filter(section=section).order_by("position", "pk")
        for item_index, item_pk in enumerate(items.values_list("pk", flat=True), start=1):
            AgendaItem.objects.filter(pk=item_pk).exclude(position=item_index).update(
                position=item_index
            )
            annexes = Annex.objects.filter(item_id=item_pk).order_by("position", "pk")
            for annex_index, annex_pk in enumerate(annexes.values_list("pk", flat=True), start=1):
                Annex.objects.filter(pk=annex_pk).exclude(position=annex_index).update(
                    position=annex_index
                )


def meeting_save(*, meeting: Meeting, user=None, lock: LockToken | None = None) -> Meeting:
    """Save the meeting's own fields and move its lock on. With the lock the page was opened
    with, a save that someone else's came before raises StaleEdit (optimistic locking)."""
    meeting.title = strip_control_characters(meeting.title)
    meeting.location = strip_control_characters(meeting.location)
    with transaction.atomic():
        if meeting.pk is not None:
            meeting.lock_version = lock_claim(meeting_id=meeting.pk, token=lock)
            # Status belongs to publishing: an edit never writes it back from a stale object.
            meeting.save(update_fields=[*EDITABLE_MEETING_FIELDS, "updated"])
        else:
            meeting.save()
    return meeting


EDITABLE_MEETING_FIELDS = (
    "body", "title", "kind", "start", "location", "cancelled", "late_publish_reason",
)  # fmt: skip


def item_texts_sanitize(*, item: AgendaItem) -> None:
    for field in AgendaItem.TEXT_FIELDS:
        setattr(item, field, sanitize_html(getattr(item, field)))


def annex_prepare(*, annex: Annex, uploaded=None):
    """Check a new or replaced file and fill in what is derived from it (title, size, checksum).
    Returns the file to store: the upload itself, or its repaired copy."""
    annex.title = strip_control_characters(annex.title)
    if uploaded is None:
        return None
    inspected = annex_file_inspect(uploaded)
    annex.original_name = safe_filename(uploaded.name)
    annex.size = inspected.size
    annex.sha256 = inspected.sha256
    annex.page_count = inspected.page_count
    annex.stored_decrypted = "decrypted" in inspected.notes
    # Saved with the annex (a new upload that needs none lets go of the one before).
    annex.sent = uploaded if inspected.keep_as_sent else ""
    _signatures_set(annex, inspected.signed)
    if not annex.title:
        annex.title = title_from_filename(uploaded.name)
    if inspected.repaired is not None:
        return ContentFile(inspected.repaired, name=annex.original_name)
    return uploaded


def _signatures_set(annex: Annex, signed: Signatures) -> None:
    """What the file's signatures allow, on the annex (not saved)."""
    annex.signatures = signed.count
    annex.signers = list(signed.signers)
    annex.signed_original_withheld = signed.withheld


def annex_signatures_recount(*, annex: Annex) -> bool:
    """Count the signatures of an annex stored before uploads counted them or read who signed
    (a file stored decrypted has none that hold); True if readers may now fetch its signed
    original. Versions already published keep what they froze; the next one carries it."""
    if annex.stored_decrypted and not annex.sent:
        return False
    _signatures_set(annex, stored_file_signatures(annex.signed_file))
    Annex.objects.filter(pk=annex.pk).update(
        signatures=annex.signatures,
        signers=annex.signers,
        signed_original_withheld=annex.signed_original_withheld,
    )
    return annex.signed_original


@transaction.atomic
def annex_create(*, item: AgendaItem, uploaded, title: str = "", closed: bool = False) -> Annex:
    """Add an uploaded PDF as the item's next annex."""
    annex = Annex(item=item, title=title, closed=closed)
    stored = annex_prepare(annex=annex, uploaded=uploaded)
    annex.position = (item.annexes.count() or 0) + 1
    annex.file.save(annex.original_name, stored, save=False)
    annex.save()
    transaction.on_commit(lambda: signals.annex_stored.send(sender=Annex, annex_id=annex.pk))
    return annex


@transaction.atomic
def meeting_publish(*, meeting: Meeting, user=None, include_decisions: bool = False):
    """Freeze the current draft as the next numbered version and make the meeting public."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.sections.filter(items__isnull=False).exists():
        raise ValidationError(_("Mødet har ingen dagsordenpunkter og kan ikke offentliggøres."))
    first_publication = not meeting.versions.exists()
    deadline = procedure.agenda_deadline(meeting)
    late = procedure.agenda_deadline_applies(meeting) and timezone.localdate() > deadline
    if first_publication and late and not meeting.late_publish_reason:
        raise ValidationError(
            _(
                "Fristen for udsendelse af dagsordenen var %(deadline)s (forretningsordenens § 5 "
                "stk. 5). Skriv en begrundelse for den sene udsendelse på mødet, og "
                "offentliggør igen."
            )
            % {"deadline": format_date(deadline, "numeric")},
            code="late",
        )
    agenda_renumber(meeting=meeting)
    snapshot = meeting_snapshot(meeting=meeting)
    Package.from_json(snapshot)  # a missing or renamed field fails here, not in a template
    latest = meeting.versions.order_by("-number").first()
    changes = snapshot_changes(latest.snapshot, snapshot) if latest else []
    include_decisions = include_decisions or bool(latest and latest.includes_decisions)
    if latest and latest.snapshot == snapshot and latest.includes_decisions == include_decisions:
        # Readers would see "version N+1" with nothing new in it.
        raise ValidationError(
            _("Intet er ændret siden version %(n)s, så der er ikke offentliggjort en ny version.")
            % {"n": latest.number},
            code="unchanged",
        )
    version = PackageVersion.objects.create(
        meeting=meeting,
        number=(latest.number + 1) if latest else 1,
        snapshot=snapshot,
        changes=changes,
        includes_decisions=include_decisions,
        published_by=user if user is not None and user.is_authenticated else None,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.PUBLISHED, updated=timezone.now()
    )

    version_render_queue(version=version)
    transaction.on_commit(
        lambda: signals.version_published.send(sender=PackageVersion, version_id=version.pk)
    )
    notifications.notification_queue(version=version)
    return version


@transaction.atomic
def version_withdraw(*, version: PackageVersion, user, reason: str) -> PackageVersion:
    """Take a version published by mistake away from readers everywhere; it stays, marked
    withdrawn with who, when and why, for the secretariat."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Skriv hvorfor versionen trækkes tilbage."), code="reason")
    version = PackageVersion.objects.select_for_update().get(pk=version.pk)
    if version.withdrawn_at is not None:
        raise InvalidTransition(_("Versionen er allerede trukket tilbage."))
    version.withdrawn_at = timezone.now()
    version.withdrawn_by = user if user is not None and user.is_authenticated else None
    version.withdrawn_reason = reason
    version.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    Meeting.objects.filter(pk=version.meeting_id).update(updated=timezone.now())
    meeting_id = version.meeting_id
    transaction.on_commit(
        lambda: signals.versions_changed.send(sender=PackageVersion, meeting_id=meeting_id)
    )
    return version


@transaction.atomic
def version_delete(*, version: PackageVersion) -> None:
    """Delete a version (the admin's delete); everything built from it goes with it."""
    meeting_id = version.meeting_id
    release = stored_files.files_release_after_delete([version])
    version.delete()
    transaction.on_commit(release)
    transaction.on_commit(
        lambda: signals.versions_changed.send(sender=PackageVersion, meeting_id=meeting_id)
    )


@transaction.atomic
def meetings_delete(*, meetings) -> None:
    """Delete meetings (the admin's delete) with their versions; their files leave the store."""
    meetings = list(meetings)
    release = stored_files.files_release_after_delete(meetings)
    for meeting in meetings:
        meeting.delete()
    transaction.on_commit(release)


def meeting_publish_minutes(*, meeting: Meeting, user=None) -> PackageVersion:
    """Publish the decisions: a new version whose readers see Beslutning."""
    if not Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PUBLISHED).exists():
        raise InvalidTransition(_("Dagsordenen skal være offentliggjort før referatet."))
    quorum = procedure.attendance_overview(meeting)["quorum"]
    if not quorum.reached:
        raise ValidationError(
            _(
                "Mødet var ikke beslutningsdygtigt: %(present)s af %(seats)s medlemmer til stede, "
                "mindst %(required)s kræves (forretningsordenens § 5 stk. 9). Registrér "
                "fremmødet, før referatet offentliggøres."
            )
            % {"present": quorum.present, "seats": quorum.seats, "required": quorum.required},
            code="quorum",
        )
    return meeting_publish(meeting=meeting, user=user, include_decisions=True)


def proposal_submit(*, meeting: Meeting, proposer, title: str, text: str):
    """A member's written item proposal; refused after the deadline of § 5 stk. 4."""
    if meeting.kind == Meeting.Kind.ORDINARY:
        deadline = procedure.proposal_deadline(meeting)
        if timezone.localdate() > deadline:
            raise ValidationError(
                _(
                    "Fristen for forslag til dette møde var %(deadline)s: forslag skal være "
                    "formanden i hænde senest 10 dage før et ordinært møde (§ 5 stk. 4)."
                )
                % {"deadline": format_date(deadline, "numeric")},
                code="late",
            )
    return ItemProposal.objects.create(
        meeting=meeting,
        proposer=proposer,
        title=" ".join(title.split())[:300],
        text=sanitize_html(text) if "<" in text else text.strip(),
    )


def absence_report(*, meeting: Meeting, person, call_substitute: bool = True):
    """A member sends apologies before the meeting; the personal substitute may be called."""
    if timezone.now() >= meeting.start:
        raise ValidationError(_("Mødet er begyndt; afbud registreres nu af sekretariatet."))
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={
            "status": Attendance.Status.REPORTED_ABSENT,
            "reported_at": timezone.now(),
            "substitute_called": call_substitute,
        },
    )
    return row


def absence_withdraw(*, meeting: Meeting, person) -> bool:
    """A member takes back their apologies until the meeting begins (history keeps the change)."""
    if timezone.now() >= meeting.start:
        raise ValidationError(_("Mødet er begyndt; fremmødet registreres nu af sekretariatet."))
    absent = Attendance.Status.REPORTED_ABSENT
    row = Attendance.objects.filter(meeting=meeting, person=person, status=absent).first()
    if row is not None:
        row.status, row.reported_at, row.substitute_called = Attendance.Status.EXPECTED, None, False
        row.save()
    return row is not None
