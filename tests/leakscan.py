"""Reading every answer the way its receiver does, and every output a reader can reach, so that
the permission and leak tests see what was actually sent (DESIGN.md §4)."""

import html
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

MARK = re.compile(r"</?mark>")
ROLES = ("secretariat", "council_member", "municipality", "anonymous")
MEMBERS = {"secretariat", "council_member"}


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    outline = []

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                outline.append(str(entry.title))

    walk(reader.outline)
    return "\n".join([text, str(reader.metadata or ""), *outline])


def _ical_text(body: str) -> str:
    """Unfold continuation lines and undo iCalendar's escapes (RFC 5545 §3.1, §3.3.11)."""
    unfolded = body.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "")
    for escaped, plain in (("\\n", "\n"), ("\\N", "\n"), ("\\,", ","), ("\\;", ";")):
        unfolded = unfolded.replace(escaped, plain)
    return unfolded.replace("\\\\", "\\")


def response_text(response) -> str:
    """The answer as its receiver reads it: PDF text, outline and metadata; JSON decoded (a
    JsonResponse writes Ø as \\u00d8); entities in HTML, XML and feeds resolved; iCalendar
    unfolded; CSV without its byte-order mark."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF-"):
        return _pdf_text(body)
    text = body.decode("utf-8", "replace").lstrip("\ufeff")
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        try:
            return json.dumps(json.loads(text), ensure_ascii=False) + "\n" + text
        except ValueError:
            return text
    if "calendar" in content_type:
        return _ical_text(text)
    # Twice: a feed carries escaped HTML inside its XML. And once more without the search's
    # marks, which would split a marker of two words ("<mark>Fortroligt</mark> notat").
    unescaped = html.unescape(html.unescape(text))
    return "\n".join([unescaped, MARK.sub("", unescaped), text])


def leaked(response, forbidden) -> list[str]:
    text = response_text(response)
    return [marker for marker in forbidden if marker in text]


def reader_urls(*, search_for=()) -> list[str]:
    """Every output a reader can reach for what is in the database now: lists, pages of every
    meeting and version, every document and annex download, search, feeds, calendars, the API,
    budget and contract pages and CSV exports."""
    from agreements.models import Contract
    from budgets.models import BudgetTable, DistributionKey
    from meetings.models import Body, Meeting

    urls = [
        reverse("meetings:meeting_list"),
        reverse("meetings:feed"),
        reverse("meetings:calendar"),
        reverse("api:meetings") + "?page_size=100",
        reverse("api:contracts") + "?page_size=100",
        reverse("api:budgets") + "?page_size=100",
        reverse("budgets:table_list"),
        reverse("budgets:key_list"),
        reverse("agreements:contract_list"),
        reverse("agreements:comparison"),
    ]
    urls += [reverse("meetings:body_calendar", args=[slug]) for slug in
             Body.objects.values_list("slug", flat=True)]  # fmt: skip
    for meeting in Meeting.objects.prefetch_related("versions__documents"):
        urls += meeting_urls(meeting)
        urls.append(reverse("meetings:meeting_plan", args=[meeting.start.year]))
    for table in BudgetTable.objects.all():
        urls += [reverse("budgets:table_detail", args=[table.pk]),
                 reverse("budgets:table_csv", args=[table.pk])]  # fmt: skip
    urls += [reverse("budgets:key_detail", args=[pk]) for pk in
             DistributionKey.objects.values_list("pk", flat=True)]  # fmt: skip
    urls += [reverse("agreements:contract_detail", args=[year]) for year in
             Contract.objects.values_list("year", flat=True).distinct()]  # fmt: skip
    urls += [reverse("search:search") + f"?q={query}" for query in search_for]
    urls += _personal_and_municipal_urls()
    return sorted(set(urls))


def _personal_and_municipal_urls() -> list[str]:
    """A member's own pages about meetings (notes, their exports, apologies, proposals) and the
    municipalities' side (follow-up of every referred decision, a council's page)."""
    from meetings.models import Meeting, Municipality
    from municipalities.models import CouncilReferral

    urls = [reverse("notes:my_notes"), reverse("municipalities:followup_index")]
    for pk in Meeting.objects.values_list("pk", flat=True):
        urls += [reverse(name, args=[pk]) for name in (
            "notes:meeting_notes", "notes:export_markdown", "notes:export_pdf",
            "meetings:absence_report", "meetings:proposal_create")]  # fmt: skip
    urls += [reverse("municipalities:followup_detail", args=[pk]) for pk in
             CouncilReferral.objects.values_list("pk", flat=True)]  # fmt: skip
    urls += [reverse("municipalities:municipality_followup", args=[code]) for code in
             Municipality.objects.values_list("code", flat=True)[:1]]  # fmt: skip
    return urls


def meeting_urls(meeting) -> list[str]:
    """A meeting's page, API answer, and every version's page, documents and annexes; kept
    before a meeting is deleted, to ask again after."""
    pk = meeting.pk
    urls = [reverse("meetings:meeting_detail", args=[pk]), reverse("api:meeting", args=[pk])]
    for version in meeting.versions.all():
        urls.append(reverse("meetings:meeting_version", args=[pk, version.number]))
        for document in version.documents.all():
            urls.append(reverse("meetings:document_download", args=[pk, document.slug]))
            urls.append(
                reverse(
                    "meetings:document_version_download", args=[pk, version.number, document.slug]
                )
            )
        for section in version.snapshot["sections"]:
            for item in section["items"]:
                for annex in item["annexes"]:
                    for latest, of_version in (
                        ("annex_download", "annex_version_download"),
                        ("annex_signed_original", "annex_version_signed_original"),
                    ):
                        urls.append(reverse(f"meetings:{latest}", args=[pk, annex["uid"]]))
                        urls.append(
                            reverse(
                                f"meetings:{of_version}", args=[pk, version.number, annex["uid"]]
                            )
                        )
    return urls


def scan(client_for, forbidden_for, urls) -> dict:
    """Ask every URL as every role; what each role received that it must not."""
    found = {}
    for role in ROLES:
        client = client_for(role)
        forbidden = forbidden_for(role)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, (url, role)
            query = parse_qs(urlsplit(url).query).get("q", [""])[0]
            # The search page repeats the query; that it found something is the leak.
            hits = leaked(response, [marker for marker in forbidden if marker != query])
            if query in forbidden and search_count(response):
                hits.append(f"{search_count(response)} hits for {query}")
            if hits:
                found[(role, url)] = hits
    return found


def search_count(response) -> int:
    match = re.search(r"(\d+) resultat", response.content.decode())
    return int(match.group(1)) if match else 0
