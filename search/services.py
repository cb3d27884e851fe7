"""Building the search index: items and annexes from published versions, the rest from the
registered sources (search/registry.py)."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F, Func, TextField, Value
from django.urls import reverse
from django.utils import timezone

from kkr_portal.files import local_copy
from meetings import visibility
from meetings.models import Annex, Meeting, PackageVersion
from meetings.package import Item
from search import abbreviations, compounds, registry
from search.extraction import hidden_layers_of_file, pdf_text_file
from search.models import AnnexText, Entry, Word
from search.text import HYPHEN, NUMBER_HYPHEN_SQL, plain, plain_pages

TEXT_LABELS = {"background": "Baggrund", "recommendation": "Indstilling",
               "presentation": "Sagsfremstilling", "decision": "Beslutning"}  # fmt: skip


def annex_text_extract(*, annex_id: int, again: bool = False) -> AnnexText | None:
    """Extract (once per file) the text of an annex; reused by every version that has it.
    `again`: read it anew (a text read before every layer was)."""
    annex = Annex.objects.filter(pk=annex_id).first()
    if annex is None or not annex.sha256:
        return None
    existing = AnnexText.objects.filter(sha256=annex.sha256).first()
    if existing is not None and not again:
        return existing
    # pdftotext reads the stored file itself (a temporary copy from an object store).
    with local_copy(annex.file.name) as path:
        read = pdf_text_file(path)
        hidden = hidden_layers_of_file(path)
    record, _ = AnnexText.objects.update_or_create(
        sha256=annex.sha256,
        defaults={"text": read.text, "pages": read.pages, "pages_with_text": read.with_text,
                  "furniture": read.furniture, "every_layer": True, "hidden_layers": hidden},
    )  # fmt: skip
    return record


def annex_texts_read_again() -> tuple[int, int]:
    """Read the text of every annex file the index has read before again (one annex for each
    file); the index is built again after it (rebuild_all). (read, missing): a file gone from
    the storage keeps the text read before."""
    annexes = Annex.objects.filter(sha256__in=AnnexText.objects.values("sha256"))
    first = {}
    for annex in annexes.only("pk", "sha256", "file").order_by("pk"):
        first.setdefault(annex.sha256, annex)
    present = [annex for annex in first.values() if annex.file.storage.exists(annex.file.name)]
    for annex in present:
        annex_text_extract(annex_id=annex.pk, again=True)
    return len(present), len(first) - len(present)


def annex_texts_release(sender, released, **kwargs) -> set[str]:
    """The text read from annex files that a delete let go of goes with them (it may hold what a
    closed annex said); answers meetings' `files_released`, and made no file of its own."""
    AnnexText.objects.filter(sha256__in=released.checksums).delete()
    return set()


def _apart(field: str) -> Func:
    """The field as it is indexed: numbers kept apart from their hyphens (search/text.py)."""
    return Func(
        F(field), Value(NUMBER_HYPHEN_SQL), Value(HYPHEN), Value("g"),
        function="regexp_replace", output_field=TextField(),
    )  # fmt: skip


def _vectorise(queryset) -> list[str]:
    """Index these entries; returns their words, which the index now keeps (compounds.py)."""
    if connection.vendor != "postgresql":
        return []
    queryset.update(
        document=SearchVector(_apart("title"), weight="A", config="danish")
        + SearchVector(_apart("context"), weight="B", config="danish")
        + SearchVector(_apart("text"), weight="C", config="danish")
    )
    words = compounds.words_of(queryset)
    compounds.words_learn(words)
    return words


def _replace(entries, new: list[Entry]) -> int:
    """Put `new` in place of `entries` (a queryset that selects the new ones as well), and keep
    the index's words and the public texts' abbreviations (which go with their entries)
    current."""
    before = compounds.words_of(entries)
    entries.delete()
    Entry.objects.bulk_create(new)
    abbreviations.learn(entry for entry in new if entry.audience == visibility.Audience.PUBLIC)
    # Only the words the new entries lack can have left the index.
    compounds.words_forget(sorted(set(before) - set(_vectorise(entries))))
    return len(new)


@transaction.atomic
def version_index(*, version_id: int) -> int:
    """Re-index the meeting of a version that was published or withdrawn."""
    meeting_id = PackageVersion.objects.filter(pk=version_id).values_list("meeting_id", flat=True)
    return meeting_index(meeting_id=meeting_id.first()) if meeting_id else 0


@transaction.atomic
def meeting_index(*, meeting_id: int) -> int:
    """Replace the meeting's entries with those of its newest readable version (none when every
    version is withdrawn). Each audience's entries come from the package as that audience reads
    it (meetings/visibility.py), so closed text and unpublished decisions never enter the public
    entries."""
    # Two workers indexing the same meeting at once would each delete, then both insert.
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return 0
    source = f"meeting:{meeting.pk}"
    version = visibility.readable_versions().filter(meeting=meeting).order_by("-number").first()
    entries = _meeting_entries(meeting, version, source) if version is not None else []
    return _replace(Entry.objects.filter(source=source), entries)


def _meeting_entries(meeting: Meeting, version: PackageVersion, source: str) -> list[Entry]:
    facts = visibility.facts(meeting)
    start = timezone.localdate(facts.start)
    common = {"source": source, "meeting": meeting, "body": meeting.body, "year": start.year,
              "date": start}  # fmt: skip
    public = visibility.typed_package_for(version, audience=visibility.Audience.PUBLIC)
    members = visibility.typed_package_for(version, audience=visibility.Audience.MEMBERS)
    shas = [annex.sha256 for item in members.items() for annex in item.annexes]
    texts = {t.sha256: t for t in AnnexText.objects.filter(sha256__in=shas)}
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    entries = []
    for public_item, members_item in zip(public.items(), members.items(), strict=True):
        entries.extend(_item_entries(public_item, members_item, page, common))
        for public_annex, annex in zip(public_item.annexes, members_item.annexes, strict=True):
            # Members find a closed annex in their own entry; everyone else never.
            if public_annex.visible:
                annex, item, audience = public_annex, public_item, visibility.Audience.PUBLIC
            else:
                item, audience = members_item, visibility.Audience.MEMBERS
            entries.append(
                Entry(
                    kind="annex",
                    audience=audience,
                    title=f"Bilag {annex.number}: {annex.title}",
                    context=f"{item.number} {item.title}",
                    text=_annex_text(texts.get(annex.sha256)),
                    url=reverse("meetings:annex_download", args=[meeting.pk, annex.uid]),
                    **common,
                )
            )
    return entries


def _annex_text(read: AnnexText | None) -> str:
    return plain_pages(read.text, read.furniture) if read else ""


def _item_text(item: Item) -> str:
    texts = item.texts or {}
    return "\n".join(filter(None, (plain(texts.get(field, "")) for field in TEXT_LABELS)))


def _item_entries(public_item: Item, members_item: Item, page: str, common: dict):
    """One entry for everyone, plus a fuller one for members when the public one holds less (a
    closed item: its public title only for everyone, its own title and texts for members)."""
    url = f"{page}#punkt-{public_item.number}"
    public = Entry(kind="item", audience=visibility.Audience.PUBLIC, url=url,
                   title=f"{public_item.number} {public_item.title}",
                   context=public_item.case_number, text=_item_text(public_item), **common)  # fmt: skip
    members_text = _item_text(members_item)
    if (members_item.title, members_item.case_number, members_text) == (
        public_item.title,
        public.context,
        public.text,
    ):
        return [public]
    public.superseded_for_members = True
    members = Entry(kind="item", audience=visibility.Audience.MEMBERS, url=url,
                    title=f"{members_item.number} {members_item.title}",
                    context=members_item.case_number, text=members_text, **common)  # fmt: skip
    return [public, members]


@transaction.atomic
def source_index(*, name: str) -> int:
    """Replace the entries of one registered source (contracts, budgets, …)."""
    source = registry.source_get(name)
    prefix = f"{source.name}:"
    entries = list(source.build())
    if any(not entry.source.startswith(prefix) for entry in entries):
        raise ValueError(f"search source {name!r} built an entry outside {prefix!r}")
    return _replace(Entry.objects.filter(source__startswith=prefix), entries)


def sources_index() -> int:
    return sum(source_index(name=name) for name in registry.source_names())


def rebuild_all() -> int:
    """Rebuild the whole index (the demo, and after a change to how entries are built)."""
    Word.objects.all().delete()
    meeting_ids = (
        Meeting.objects.filter(versions__isnull=False).distinct().values_list("pk", flat=True)
    )
    count = sum(meeting_index(meeting_id=pk) for pk in meeting_ids)
    return count + sources_index()


def annex_reindex(*, annex_id: int) -> None:
    """After an annex's text arrives, re-index its meeting."""
    meeting_id = (
        Annex.objects.filter(pk=annex_id)
        .values_list("item__section__meeting_id", flat=True)
        .first()
    )
    if meeting_id is not None:
        meeting_index(meeting_id=meeting_id)
