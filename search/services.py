"""Building the search index: items and annexes from published versions, the rest from the
registered sources (search/registry.py)."""

from django.contrib.postgres.search import SearchVector
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Annex, Meeting, PackageVersion
from meetings.services import iter_items
from search import registry
from search.extraction import pdf_text
from search.models import AnnexText, Entry
from search.text import plain

TEXT_LABELS = {"background": "Baggrund", "recommendation": "Indstilling",
               "presentation": "Sagsfremstilling", "decision": "Beslutning"}  # fmt: skip


def annex_text_extract(*, annex_id: int) -> AnnexText | None:
    """Extract (once per file) the text of an annex; reused by every version that has it."""
    annex = Annex.objects.filter(pk=annex_id).first()
    if annex is None or not annex.sha256:
        return None
    existing = AnnexText.objects.filter(sha256=annex.sha256).first()
    if existing is not None:
        return existing
    with default_storage.open(annex.file.name, "rb") as handle:
        text, pages, with_text = pdf_text(handle.read())
    record, _ = AnnexText.objects.update_or_create(
        sha256=annex.sha256,
        defaults={"text": text, "pages": pages, "pages_with_text": with_text},
    )
    return record


def _vectorise(queryset):
    if connection.vendor == "postgresql":
        queryset.update(
            document=SearchVector("title", weight="A", config="danish")
            + SearchVector("context", weight="B", config="danish")
            + SearchVector("text", weight="C", config="danish")
        )


@transaction.atomic
def version_index(*, version_id: int) -> int:
    """Replace the meeting's entries with those of its newest published version."""
    version = PackageVersion.objects.filter(pk=version_id).first()
    if version is None:
        return 0
    # Two workers indexing the same meeting at once would each delete, then both insert.
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=version.meeting_id)
    )
    if meeting.versions.filter(number__gt=version.number).exists():
        return 0  # a newer version is (or will be) indexed instead
    source = f"meeting:{meeting.pk}"
    Entry.objects.filter(source=source).delete()
    start = timezone.localdate(meeting.start)
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    common = {"source": source, "meeting": meeting, "body": meeting.body, "year": start.year,
              "date": start}  # fmt: skip
    shas = [a["sha256"] for item in iter_items(version.snapshot) for a in item["annexes"]]
    texts = {t.sha256: t.text for t in AnnexText.objects.filter(sha256__in=shas)}
    entries = []
    for item in iter_items(version.snapshot):
        fields = [
            field for field in TEXT_LABELS
            if field != "decision" or version.includes_decisions
        ]  # fmt: skip
        body = " ".join(plain(item["texts"].get(field, "")) for field in fields)
        title = f"{item['number']} {item['title']}"
        context = item["case_number"]
        url = f"{page}#punkt-{item['number']}"
        if item["closed"]:
            entries.append(Entry(kind="item", audience="public", title=title, url=url,
                                 superseded_for_members=True, **common))  # fmt: skip
            entries.append(Entry(kind="item", audience="members", title=title, context=context,
                                 text=body, url=url, **common))  # fmt: skip
        else:
            entries.append(Entry(kind="item", audience="public", title=title, context=context,
                                 text=body, url=url, **common))  # fmt: skip
        for annex in item["annexes"]:
            entries.append(
                Entry(
                    kind="annex",
                    audience="members" if annex["closed"] else "public",
                    title=f"Bilag {annex['number']}: {annex['title']}",
                    context=title,
                    text=plain(texts.get(annex["sha256"], "")),
                    url=reverse("meetings:annex_download", args=[meeting.pk, annex["uid"]]),
                    **common,
                )
            )
    Entry.objects.bulk_create(entries)
    _vectorise(Entry.objects.filter(source=source))
    return len(entries)


@transaction.atomic
def source_index(*, name: str) -> int:
    """Replace the entries of one registered source (contracts, budgets, …)."""
    source = registry.source_get(name)
    prefix = f"{source.name}:"
    Entry.objects.filter(source__startswith=prefix).delete()
    entries = list(source.build())
    if any(not entry.source.startswith(prefix) for entry in entries):
        raise ValueError(f"search source {name!r} built an entry outside {prefix!r}")
    Entry.objects.bulk_create(entries)
    _vectorise(Entry.objects.filter(source__startswith=prefix))
    return len(entries)


def sources_index() -> int:
    return sum(source_index(name=name) for name in registry.source_names())


def rebuild_all() -> int:
    """Rebuild the whole index (the demo, and after a change to how entries are built)."""
    count = sum(version_index(version_id=pk) for pk in _latest_versions())
    return count + sources_index()


def _latest_versions():
    latest = {}
    for pk, meeting_id, number in PackageVersion.objects.values_list("pk", "meeting_id", "number"):
        if meeting_id not in latest or number > latest[meeting_id][1]:
            latest[meeting_id] = (pk, number)
    return [pk for pk, _number in latest.values()]


def annex_reindex(*, annex_id: int) -> None:
    """After an annex's text arrives, re-index its meeting's newest version (if published)."""
    annex = Annex.objects.select_related("item__section").filter(pk=annex_id).first()
    if annex is None:
        return
    latest = (
        PackageVersion.objects.filter(meeting_id=annex.item.section.meeting_id)
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    if latest:
        version_index(version_id=latest)
