"""Every change of state in the compliance app goes through here."""

import hashlib
import logging
import time

from celery import current_app
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail

from compliance.accessibility import pdf_accessibility
from compliance.models import (
    AccessibilityStatement,
    AccessibleCopyRequest,
    AnnexAccessibility,
    AnnexOcr,
    PersonalDataDismissal,
)
from compliance.ocr import OcrError, pdf_ocr
from meetings.models import Annex
from meetings.publishing.reader_source import ReaderSource
from meetings.publishing.rerender import annex_bundles_rerender, versions_with_annex_file
from municipalities.services import packs_outdated
from search import services as search_services
from search.extraction import pdf_text
from search.models import AnnexText

log = logging.getLogger(__name__)
BUNDLES_REFRESH_TASK = "compliance.tasks.annex_bundles_refresh"


def annex_ocr(*, annex_id: int) -> AnnexOcr | None:
    """Give a scanned annex a Danish text layer; its text then feeds search and the guard."""
    annex = Annex.objects.filter(pk=annex_id).first()
    if annex is None or not annex.sha256:
        return None
    text = search_services.annex_text_extract(annex_id=annex_id)
    if text is None or text.pages_with_text >= text.pages:
        return None  # every page has a text layer already
    record, created = AnnexOcr.objects.get_or_create(
        sha256=annex.sha256, defaults={"state": AnnexOcr.State.RUNNING}
    )
    if not created and record.state != AnnexOcr.State.RUNNING:
        return record  # this file was read before (the same scan on another item or meeting)
    started = time.monotonic()
    with default_storage.open(annex.file.name, "rb") as handle:
        original = handle.read()
    try:
        readable = pdf_ocr(original)
    except OcrError as error:
        record.state, record.error = AnnexOcr.State.FAILED, str(error)
        record.seconds = time.monotonic() - started
        record.save()
        return record
    read = pdf_text(readable)
    record.file.save(f"{annex.sha256}.pdf", ContentFile(readable), save=False)
    record.file_sha256 = hashlib.sha256(readable).hexdigest()
    record.state, record.error = AnnexOcr.State.DONE, ""
    record.pages, record.pages_with_text = read.pages, read.with_text
    record.seconds = time.monotonic() - started
    record.save()
    AnnexText.objects.filter(sha256=annex.sha256).update(
        text=read.text, pages=read.pages, pages_with_text=read.with_text, furniture=read.furniture
    )
    search_services.annex_reindex(annex_id=annex_id)
    if not bundles_refresh(sha256=annex.sha256):
        _bundles_refresh_later(annex.sha256)
    return record


def bundles_refresh(*, sha256: str) -> bool:
    """Readers get the searchable copy: bundles published with the scan are made again and the
    municipalities' packs holding it dropped. False while a render of them is running."""
    if annex_bundles_rerender(sha256=sha256) is None:
        return False
    packs_outdated(version_ids=versions_with_annex_file(sha256).values_list("pk", flat=True))
    return True


def _bundles_refresh_later(sha256: str) -> None:
    try:
        # By name: the task module calls these services, never the other way round.
        current_app.send_task(BUNDLES_REFRESH_TASK, args=[sha256], countdown=30, retry=False)
    except Exception as error:  # the broker is down; the bundles keep the scan until a re-render
        log.warning("Bundles with %s not queued for a re-render: %s", sha256, error)


def ocr_reader_sources(sender, sha256s: list[str], **kwargs) -> dict[str, ReaderSource]:
    """The searchable copies readers get instead of scans, by the scan's checksum (answers
    meetings' `reader_source_wanted`)."""
    found = (
        AnnexOcr.objects.filter(sha256__in=sha256s, state=AnnexOcr.State.DONE)
        .exclude(file="")
        .exclude(file_sha256="")
        .values_list("sha256", "file", "file_sha256")
    )
    return {sha256: ReaderSource(name=name, sha256=copy) for sha256, name, copy in found}


def readable_copy(sha256: str) -> bytes | None:
    """The searchable copy readers get instead of the scan, when OCR made one."""
    record = AnnexOcr.objects.filter(sha256=sha256, state=AnnexOcr.State.DONE).first()
    if record is None or not record.file:
        return None
    with default_storage.open(record.file.name, "rb") as handle:
        return handle.read()


def annex_readability(*, annex_id: int) -> AnnexAccessibility | None:
    """After upload: OCR a scan, then record the accessibility of what readers will get."""
    annex = Annex.objects.filter(pk=annex_id).first()
    if annex is None or not annex.sha256:
        return None
    annex_ocr(annex_id=annex_id)
    text = AnnexText.objects.filter(sha256=annex.sha256).first()
    data = readable_copy(annex.sha256)
    if data is None:
        with default_storage.open(annex.file.name, "rb") as handle:
            data = handle.read()
    report = pdf_accessibility(data, pages_with_text=text.pages_with_text if text else 0)
    record, _created = AnnexAccessibility.objects.update_or_create(
        sha256=annex.sha256,
        defaults={
            "pages": report.pages,
            "pages_with_text": report.pages_with_text,
            "title": report.title[:500],
            "language": report.language[:40],
            "tagged": report.tagged,
            "problems": report.problems,
        },
    )
    return record


def accessible_copy_request(*, annex: Annex, email: str = "", message: str = ""):
    """A reader asks for an accessible version; the secretariat is told by e-mail."""
    request = AccessibleCopyRequest.objects.create(annex=annex, email=email, message=message)
    meeting = annex.item.section.meeting
    body = (
        f"Anmodning om en tilgængelig udgave af bilaget «{annex.title}» til punkt "
        f"{annex.item.number} på {meeting}.\n\nSvar til: {email or '(ikke angivet)'}\n\n{message}"
    )
    contact = AccessibilityStatement.objects.exclude(contact_email="").values_list(
        "contact_email", flat=True
    )
    if contact:
        # Kept in the admin either way; a mail server that is down must not lose the request.
        send_mail("Anmodning om tilgængeligt bilag", body, None, list(contact[:1]),
                  fail_silently=True)  # fmt: skip
    return request


def personal_data_dismiss(*, meeting, found, user, reason: str) -> PersonalDataDismissal:
    """Record that a finding is not personal data: who, why and when, also in the meeting's log."""
    reason = " ".join(reason.split())
    record, _created = PersonalDataDismissal.objects.update_or_create(
        meeting=meeting,
        fingerprint=found.fingerprint,
        defaults={"kind": found.hit.kind, "match": found.hit.match[:200],
                  "where": f"{found.item} {found.where}"[:500], "reason": reason, "user": user},
    )  # fmt: skip
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[meeting],
        action_flag=CHANGE,
        change_message=(
            f"Markerede «{found.hit.match}» (punkt {found.item}, {found.where}) som ikke "
            f"personoplysning. Begrundelse: {reason}"
        ),
        single_object=True,
    )
    return record
