"""The portal's data as OParl 1.1 objects (https://schema.oparl.org/1.1/). Every object carries
its `id` (the URL it is served at) and `type`; what a login may read is decided by
meetings/visibility.py through the reader package, never here."""

import datetime
import hashlib

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from meetings import visibility
from meetings.models import Body, Membership, Municipality, Person, VersionDocument
from meetings.package import Annex, Item, MeetingFacts
from meetings.publishing.bundle import reader_copy_name

OPARL = "https://schema.oparl.org/1.1/"
# The one OParl Body of this system: KKR Nordjylland. The portal's own bodies (KKR and its
# committees) are OParl Organizations, and so are the 11 municipal councils, which treat the
# decisions that KKR refers to them (the Consultations).
BODY_SLUG = "kkr-nordjylland"
MUNICIPALITY_PREFIX = "kommune-"
LEGAL_NAME = "KKR Nordjylland"


class Urls:
    """Absolute URLs of the API's objects for one request."""

    def __init__(self, request):
        self.request = request

    def __call__(self, name, *args, query: str = "") -> str:
        path = reverse(f"api:{name}", args=args)
        return self.request.build_absolute_uri(path + (f"?{query}" if query else ""))

    def page(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def body(self) -> str:
        return self("body", BODY_SLUG)

    def organization(self, body: Body) -> str:
        return self("organization", body.slug)

    def council(self, municipality: Municipality) -> str:
        return self("organization", f"{MUNICIPALITY_PREFIX}{municipality.code}")

    def meeting(self, meeting_id: int) -> str:
        return self("meeting", meeting_id)

    def item(self, meeting_id: int, item_id: int) -> str:
        return self("agenda_item", meeting_id, item_id)

    def file(self, meeting_id: int, key: str) -> str:
        return self("file", meeting_id, key)


def _when(moment) -> str:
    return timezone.localtime(moment).isoformat()


def file_digest(name: str) -> tuple[int, str]:
    """(bytes, SHA-512) of a stored file. Stored names of published files never change content
    (a version's documents and content-addressed reader's copies), so the answer is kept."""
    key = f"api:digest:{name}"
    found = cache.get(key)
    if found is None:
        digest, size = hashlib.sha512(), 0
        with default_storage.open(name, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        found = (size, digest.hexdigest())
        cache.set(key, found, timeout=None)
    return found


def system(urls: Urls) -> dict:
    return {
        "id": urls("system"),
        "type": OPARL + "System",
        "oparlVersion": OPARL,
        "name": "KKR Portal – KKR Nordjylland",
        "body": urls("bodies"),
        "website": urls.page("/"),
        "web": urls.page("/"),
        # Extension: the OpenAPI description of the same API.
        "openapi": urls("openapi"),
    }


def body(urls: Urls, row: Body) -> dict:
    """KKR Nordjylland; `row` is its Body row, whose times it carries. The lists it links to
    are not part of it, so their changes are not its own."""
    return {
        "id": urls.body(),
        "type": OPARL + "Body",
        "system": urls("system"),
        "name": LEGAL_NAME,
        "shortName": "KKR",
        "classification": "Kommunekontaktråd",
        "website": urls.page("/"),
        "organization": urls("organizations"),
        "person": urls("persons"),
        "meeting": urls("meetings"),
        "paper": urls("papers"),
        "legislativeTerm": [],
        "web": urls.page("/"),
        **_times(row),
    }


def _times(row, modified=None) -> dict:
    """A row's `created` and `modified` (Timestamped; `modified` later if what it embeds or
    lists changed later)."""
    return {"created": _when(row.created), "modified": _when(modified or row.updated)}


def organization(urls: Urls, body: Body, memberships: list[int]) -> dict:
    return {
        "id": urls.organization(body),
        "type": OPARL + "Organization",
        "body": urls.body(),
        "name": body.name,
        "shortName": body.slug,
        "organizationType": "Gremium",
        "meeting": urls("meetings", query=f"body={body.slug}"),
        "membership": [urls("membership", pk) for pk in memberships],
        **_times(body, body.changed),
    }


def council(urls: Urls, municipality: Municipality) -> dict:
    """A municipal council, which treats the decisions KKR refers to the councils."""
    return {
        "id": urls.council(municipality),
        "type": OPARL + "Organization",
        "body": urls.body(),
        "name": f"{municipality.name} Kommunalbestyrelse",
        "shortName": f"{MUNICIPALITY_PREFIX}{municipality.code}",
        "organizationType": "Kommunalbestyrelse",
        "classification": "Kommunalbestyrelse",
        "consultation": urls(
            "consultations", query=f"organization={MUNICIPALITY_PREFIX}{municipality.code}"
        ),
        **_times(municipality),
    }


def deleted(object_id: str, kind: str, *, created=None, modified=None) -> dict:
    """An object that is gone (left the public site by retention, or removed), as OParl marks a
    deleted one: its id, type and times only (`modified`: when it went)."""
    data = {"id": object_id, "type": OPARL + kind, "deleted": True}
    if created is not None:
        data["created"] = _when(created)
    if modified is not None:
        data["modified"] = _when(modified)
    return data


def meeting_deleted_at(meeting) -> datetime.datetime:
    """When readers lost a meeting that left the public site (annotated with its first
    publication): when retention took it, or, for a package first published after that (an old
    one brought in from the archive), at its publication; a deleted object is never modified
    before it was created."""
    left = visibility.meeting_left_public_at(meeting)
    return max(left, meeting.first_published_at)


def retired_annex_file(urls: Urls, reader, annex: Annex, left_at) -> dict:
    """An annex that retention has taken off the public site, as a deleted File."""
    published = reader.version.published_at
    return deleted(
        urls.file(reader.meeting.pk, annex.uid),
        "File",
        created=published,
        modified=max(published, left_at),  # published after its time: gone from the start
    )


def location(urls: Urls, meeting_id: int, facts: MeetingFacts) -> dict:
    return {
        "id": urls("location", meeting_id),
        "type": OPARL + "Location",
        "description": facts.location,
        "meetings": [urls.meeting(meeting_id)],
    }


def meeting_summary(urls: Urls, meeting, facts: MeetingFacts, *, created, modified):
    """A meeting as lists show it: what the newest readable version told readers."""
    data = {
        "id": urls.meeting(meeting.pk),
        "type": OPARL + "Meeting",
        "name": facts.title,
        "start": _when(facts.start),
        "cancelled": facts.cancelled,
        "organization": [urls.organization(meeting.body)],
        "web": urls.page(meeting.get_absolute_url()),
    }
    if facts.location:
        data["location"] = location(urls, meeting.pk, facts)
    if created is not None:
        data["created"] = _when(created)
    if modified is not None:
        data["modified"] = _when(modified)
    return data


def annex_file(urls: Urls, reader, item: Item, annex: Annex, bundles: list) -> dict:
    """A visible annex as an OParl File: the reader's copy that its accessUrl serves. `bundles`
    holds (bundle document, uids of the annexes whose pages it holds)."""
    meeting_id, version = reader.meeting.pk, reader.version
    size, sha512 = file_digest(reader_copy_name(annex))
    data = {
        "id": urls.file(meeting_id, annex.uid),
        "type": OPARL + "File",
        "name": f"Bilag {annex.number}: {annex.title}",
        "fileName": reader.file_name(f"{item.number} Bilag {annex.number} - {annex.title}"),
        "mimeType": "application/pdf",
        "date": timezone.localdate(version.published_at).isoformat(),
        "size": size,
        "sha512Checksum": sha512,
        "accessUrl": urls.page(reverse("meetings:annex_download", args=[meeting_id, annex.uid])),
        # The file of this very version: it never changes, so it can be fetched and kept.
        "downloadUrl": urls.page(
            reverse("meetings:annex_version_download", args=[meeting_id, version.number, annex.uid])
        ),
        "meeting": [urls.meeting(meeting_id)],
        "agendaItem": [urls.item(meeting_id, item.id)],
        # The bundles that hold this annex's pages (the public one only if the annex is open).
        "derivativeFile": [
            urls.file(meeting_id, document.slug) for document, uids in bundles if annex.uid in uids
        ],
        "created": _when(version.published_at),
        "modified": _when(version.published_at),
        "pages": annex.page_count,  # extension: the number of pages
    }
    if signers := [_signer(signer) for signer in annex.signers if signer.name]:
        data["signer"] = signers  # extension: who signed it (publishing/signers.py)
    if annex.signed_original:
        # Extension: the upload as it was sent, whose digital signatures the copy lacks.
        data["signedOriginalUrl"] = urls.page(
            reverse(
                "meetings:annex_version_signed_original",
                args=[meeting_id, version.number, annex.uid],
            )
        )
    return data


def _signer(signer) -> dict:
    """A signer as the File extension gives it: date and intact only where known."""
    data = {"name": signer.name, "organization": signer.organisation}
    if signer.date:
        data["date"] = signer.date.isoformat()
    if signer.holds is not None:
        data["intact"] = signer.holds
    return data


def document_file(urls: Urls, reader, document: VersionDocument) -> dict:
    """The agenda, minutes or annex bundle of a version as an OParl File."""
    meeting_id, version = reader.meeting.pk, reader.version
    size, sha512 = file_digest(document.file.name)
    name = f"{document.get_kind_display()} ({document.variant})"
    return {
        "id": urls.file(meeting_id, document.slug),
        "type": OPARL + "File",
        "name": name,
        "fileName": reader.file_name(
            f"{document.get_kind_display()} v{version.number} ({document.variant})"
        ),
        "mimeType": "application/pdf",
        "date": timezone.localdate(version.published_at).isoformat(),
        "size": size,
        "sha512Checksum": sha512,
        "accessUrl": urls.page(
            reverse("meetings:document_download", args=[meeting_id, document.slug])
        ),
        "downloadUrl": urls.page(
            reverse(
                "meetings:document_version_download",
                args=[meeting_id, version.number, document.slug],
            )
        ),
        "meeting": [urls.meeting(meeting_id)],
        "created": _when(version.published_at),
        "modified": _when(version.published_at),
        "pages": document.page_count,
    }


def agenda_item(urls: Urls, reader, item: Item, bundles: list, *, links) -> dict:
    """`links`: the item's ItemLinks (what this login gets of its annexes and consultations)."""
    meeting_id = reader.meeting.pk
    texts = {name: text for name, text in (item.texts or {}).items() if text}
    data = {
        "id": urls.item(meeting_id, item.id),
        "type": OPARL + "AgendaItem",
        "meeting": urls.meeting(meeting_id),
        "number": item.number,
        "name": item.title,
        "public": not item.closed,
        "auxiliaryFile": [
            annex_file(urls, reader, item, annex, bundles)
            if annex.visible
            else retired_annex_file(urls, reader, annex, links.annexes_left_at)
            for annex in item.annexes
            if annex.visible or annex.uid in links.retired_annexes
        ],
        "web": urls.page(reader.meeting.get_absolute_url()),
        # Extension: the item's texts (Baggrund, Indstilling, Sagsfremstilling, Beslutning) as
        # sanitised HTML, as this login may read them.
        "text": texts,
    }
    if texts.get("decision"):
        data["resolutionText"] = texts["decision"]
    if item.kle_number:
        data["keyword"] = [f"KLE {item.kle_number}"]
    if item.id in links.referred_items:
        # Extension: the councils' Consultations of this item, one per council. OParl's own
        # `consultation` is one URL (1:1, kept so in OParl/spec#244): "Beratung, die diesem
        # Tagesordnungspunkt zugewiesen ist", the treatment held under this very item. The
        # councils treat the referred decision in their own meetings, so none of the 11 is
        # that; linking one would say it is, so the item names none.
        data["consultations"] = urls("consultations", query=f"agenda_item={item.id}")
    return data


def membership(urls: Urls, row: Membership) -> dict:
    data = {
        "id": urls("membership", row.pk),
        "type": OPARL + "Membership",
        "person": urls("person", row.person_id),
        "organization": urls.organization(row.body),
        "role": row.get_role_display(),
        "votingRight": True,
        "startDate": row.start.isoformat(),
    }
    if row.end:
        data["endDate"] = row.end.isoformat()
    if row.municipality:
        data["onBehalfOf"] = urls.council(row.municipality)
    return data


def person(urls: Urls, row: Person, memberships: list[Membership]) -> dict:
    data = {
        "id": urls("person", row.pk),
        "type": OPARL + "Person",
        "body": urls.body(),
        "name": row.name,
        "membership": [membership(urls, m) for m in memberships],
        **_times(row, row.changed),
    }
    if row.party:
        data["party"] = row.party  # extension: the party letter
    return data


def consultation(urls: Urls, row) -> dict:
    """One municipal council's treatment of a decision KKR referred to the councils."""
    item = row.referral.item
    meeting_id = item.section.meeting_id
    data = {
        "id": urls("consultation", row.pk),
        "type": OPARL + "Consultation",
        "agendaItem": urls.item(meeting_id, item.pk),
        "meeting": urls.meeting(meeting_id),
        "organization": [urls.council(row.municipality)],
        "authoritative": True,
        "role": "Behandling i kommunalbestyrelsen",
        # Extension: the follow-up's state in the council.
        "status": row.status,
        "deadline": row.referral.deadline.isoformat(),
        "sentOn": row.sent_on.isoformat(),
        # A council's row is made with the referral (ConsultationFilter filters on the same).
        "created": _when(row.referral.created),
        "modified": _when(row.updated),
    }
    optional = {
        "councilAgendaDate": row.agenda_date and row.agenda_date.isoformat(),
        "councilAgendaUrl": row.agenda_url,
        "decidedOn": row.decided_on and row.decided_on.isoformat(),
        "outcome": row.outcome,
        "outcomeText": row.outcome_text,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data
