"""Meetings made of a few items' texts, for the search tests, and reading their results."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services as meeting_services
from search import services
from tests.factories import ItemFactory, MeetingFactory, SectionFactory
from tests.pdfs import text_pdf

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed_paragraphs(per_seed: int = 8) -> list[str]:
    """Whole paragraphs of KKR's own texts with hyphens of their own ("VEU-indsatsen",
    "2020-2023", "social- og sundhedsuddannelser"), from each seed."""
    paragraphs = []
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text().splitlines()
        # Whole paragraphs, no markup (a line may break after "/" with no hyphen).
        whole = [
            line for line in lines if len(line) > 300 and line[-1] not in "-/" and "<" not in line
        ]
        paragraphs += [line for line in whole if re.search(r"\w-[\w ]", line)][:per_seed]
    return paragraphs


def meeting_of(*items, closed=()):
    """An unpublished meeting of these (title, presentation) items, numbered 1.1, 1.2, …, with
    no other text; `closed`: the positions of closed items."""
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting)
    for position, (title, presentation) in enumerate(items, start=1):
        ItemFactory(section=section, position=position, title=title,
                    presentation=f"<p>{presentation}</p>", background="", recommendation="",
                    closed=position in closed)  # fmt: skip
    return meeting


def published_meeting_of(*items, closed=()):
    """`meeting_of`, published and indexed."""
    meeting = meeting_of(*items, closed=closed)
    meeting_services.meeting_publish(meeting=meeting)
    services.meeting_index(meeting_id=meeting.pk)
    return meeting


def published_annex(lines: list[str] | bytes):
    """A published meeting whose one annex is this PDF (or a page of these lines), its text
    read and indexed."""
    data = lines if isinstance(lines, bytes) else text_pdf([lines])
    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Redegørelse")
    annex = meeting_services.annex_create(
        item=item, uploaded=SimpleUploadedFile("r.pdf", data), title="Redegørelse"
    )
    meeting_services.meeting_publish(meeting=meeting)
    services.annex_text_extract(annex_id=annex.pk)
    services.rebuild_all()
    return annex


def result_titles(html: str) -> list[str]:
    """The search page's result titles, as text (its marks left out)."""
    return [
        re.sub("<[^>]+>", "", title)
        for title in re.findall(r'<li><a href="[^"]*"><span>(.*?)</span></a>', html)
    ]


def search_page(client, q, **params) -> str:
    """The search page's HTML for `q`."""
    return client.get(reverse("search:search"), {"q": q, **params}).content.decode()


def results(client, q) -> tuple[int, str]:
    """How many results the search page counts for `q`, and its HTML."""
    html = search_page(client, q)
    return int(re.search(r"(\d+) resultat", html).group(1)), html
