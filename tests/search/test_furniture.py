"""What a layout sets on page after page – a running head, the page's number, a letter's side
column – stands after each page's own text, and the index keeps it once: a memo's paragraphs
read whole, its address is one hit, and a hit's snippet shows the annex's words."""

import collections
import html
import re

import pytest
import weasyprint

from search.extraction import pdf_text
from search.furniture import key
from search.models import AnnexText, Entry
from search.text import ANGLES
from tests.annexes.helpers import CORPUS
from tests.search.corpus import published_annex, results, seed_paragraphs

# KL's side column, as on the letters of the seeds (../shared/seeds/000_*.txt).
COLUMN = ["Dato: 17. januar 2024", "Sags ID: SAG-2024-00461", "Dok. ID: 3416943",
          "E-mail: JJC@kl.dk", "Direkte: 3370 3852", "Weidekampsgade 10", "Postboks 3370",
          "2300 København S", "www.kl.dk"]  # fmt: skip
HEAD = "KL · Notat om sygeplejersker"


def _letter(paragraphs: list[str]) -> bytes:
    """KKR's own paragraphs set as KL sets a letter: the side column on every page beside the
    text, a running head, and "Side 2 af 4" at the foot."""
    column = "".join(f"<p>{line}</p>" for line in COLUMN)
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return weasyprint.HTML(
        string=f'<html lang="da"><style>@page {{ margin: 2cm 6cm 2cm 2cm; '
        f'@top-left {{ content: "{HEAD}" }} '
        f'@bottom-right {{ content: "Side " counter(page) " af " counter(pages) }} }} '
        f"aside {{ position: fixed; right: -5cm; width: 4.5cm; font-size: 8pt }}</style>"
        f"<aside>{column}</aside><h1>Forbeholdt virksomhedsområde</h1>{body}</html>"
    ).write_pdf()


def _bare(text: str) -> str:
    """The text without its spaces, line breaks and hyphens (how a line ends is pdflines')."""
    return re.sub(r"[\s\-\u2010]+", "", text)


def test_a_letter_s_side_column_stands_after_each_page_s_own_text():
    paragraphs = seed_paragraphs(6)
    read = pdf_text(_letter(paragraphs))
    assert read.pages >= 3
    furniture = {HEAD, *COLUMN}
    own = []
    for number, page in enumerate(read.text.split("\f"), start=1):
        lines = page.split("\n")
        tail = lines[-len(furniture) - 1 :]
        # All of it on every page (what is read for personal data), after the page's own lines.
        assert set(tail) == furniture | {f"Side {number} af {read.pages}"}, number
        own.append(" ".join(lines[: -len(tail)]))
    body = _bare(" ".join(own))
    # Every paragraph reads whole, across the pages too: nothing of the column inside it.
    for paragraph in paragraphs:
        assert _bare(html.unescape(paragraph)) in body, paragraph[:60]
    assert {"Side # af #", "Weidekampsgade #", HEAD, "Dok. ID: 3416943"} <= set(read.furniture)


def _published(data: bytes) -> tuple[Entry, AnnexText]:
    published_annex(data)
    return Entry.objects.get(kind="annex"), AnnexText.objects.get()


def _first_hit(page: str) -> int:
    return int(re.search(r"første fund på <a [^>]*>side (\d+)</a>", page).group(1))


def test_the_index_keeps_a_letter_s_furniture_once(db, client_for):
    entry, read = _published(_letter(seed_paragraphs(6)))
    assert read.text.count("Weidekampsgade 10") == read.pages >= 3
    assert entry.text.count("Weidekampsgade 10") == 1
    assert entry.text.count("Sags ID: SAG-2024-00461") == entry.text.count(HEAD) == 1
    assert f"Side 1 af {read.pages}" in entry.text and "Side 2 af" not in entry.text
    client = client_for("anonymous")
    count, page = results(client, "Weidekampsgade")
    assert count == 1 and _first_hit(page) == 1
    # A word of the last page only: its snippet is the annex's text, not the letterhead.
    last = entry.text.split("\f")[-1]
    word = next(
        w for w in re.findall(r"\b[a-zæøå]{9,}\b", last) if w not in read.text[: -len(last)]
    )
    count, page = results(client, word)
    snippet = re.search(r'<p class="snippet">(.*?)</p>', page, re.S).group(1)
    assert count == 1 and word in re.sub("<[^>]+>", "", snippet)
    assert not any(line in snippet for line in ("Weidekampsgade", "Sags ID", "Notat om", "Side "))
    assert _first_hit(page) == read.pages


@pytest.mark.parametrize(
    ("name", "running"),
    [
        ("debian-shared-mime-info-spec.pdf", ["Shared MIME-info Database"]),
        ("debian-libtasn1.pdf", ["Chapter 2: ASN.1 structure handling", "Chapter 3: Utilities",
                                 "Chapter 4: Function reference"]),
    ],
)  # fmt: skip
def test_a_real_manual_s_running_heads_and_page_numbers_are_indexed_once(db, name, running):
    """Two manuals from Debian's documentation packages, set by LaTeX: a running head on every
    page and its number at the foot, or a chapter's name and the number at the top."""
    entry, read = _published((CORPUS / name).read_bytes())
    for head in running:
        # On the pages it heads (among the page's last lines), the index has it once.
        heads = sum(1 for page in read.text.split("\f") if head in page.split("\n")[-3:])
        assert heads >= 2 and entry.text.count(head) == read.text.count(head) - heads + 1, head
    # A page's number, its last line as read, is left at the end of the first page it is on.
    indexed = entry.text.split("\f")
    printed = [
        (index, found.group(1))
        for index, page in enumerate(read.text.split("\f"))
        if (found := re.search(r"\n(\d+)$", page))
    ]
    still = [index for index, number in printed if indexed[index].endswith(f" {number}")]
    assert len(printed) >= read.pages // 2 and len(still) == 1
    # Only what was set on page after page is left out: every other word is there.
    written = read.text.translate(ANGLES).split()
    left_out = collections.Counter(written) - collections.Counter(entry.text.split())
    furniture = set(" ".join(read.furniture).split())
    assert left_out and all(key(word) in furniture for word in left_out), left_out


def test_a_table_s_rows_set_at_the_same_place_on_every_page_are_the_annex_s_text(db):
    """Three pages of one table, its rows at the same places on each page with other figures (a
    column going up by one from page to page too): no figure is furniture."""
    municipalities = ["Brønderslev", "Frederikshavn", "Hjørring", "Jammerbugt", "Aalborg"]
    pages = "".join(
        '<table style="page-break-after: always"><tr><th>Kommune</th><th>Andel</th>'
        "<th>Beløb</th></tr>"
        + "".join(
            f"<tr><td>{name}</td><td>{row * 3 + page}</td><td>{row * 1000 + page * 17}</td></tr>"
            for row, name in enumerate(municipalities, start=1)
        )
        + "</table>"
        for page in range(1, 4)
    )
    entry, read = _published(weasyprint.HTML(string=f"<html lang='da'>{pages}</html>").write_pdf())
    assert read.pages == 3
    for page, text in enumerate(entry.text.split("\f"), start=1):
        for row, _name in enumerate(municipalities, start=1):
            assert f"{row * 3 + page} {row * 1000 + page * 17}" in text, (page, row)
