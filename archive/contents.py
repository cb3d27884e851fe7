"""Reading an old package: the agenda's items and case numbers, and the annex bundle's
"Indholdsfortegnelse - Bilag" (an item line with the page of its first annex, then "Bilag N:
title ….. page" lines, over one or more pages). Nothing here guesses: a line that cannot be
read or pages that do not add up become a `Problem` with the reason in Danish."""

import datetime
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive import itemtexts

ITEM_START = re.compile(r"^(\d+)\.(\d+)\.?\s+(\S.*)$")
ANNEX_START = re.compile(r"^Bilag\s+(\d+)\s*:\s*(.*)$")
# A page number after dot leaders, a tab or a column gap; never a year at the end of a title.
TRAILING_PAGE = re.compile(r"^(.*?)(?:\s*(?:\.{2,}|…+)\s*|\t+\s*|\s{2,})(\d+)$")
LEADERS = re.compile(r"\s*(?:\.{2,}|…+)\s*$")
CASE_LINE = re.compile(r"^((?:SAG|[A-ZÆØÅ]{2,6})-\d{4}-\d+|\d{4}\s*-\s*\d+)\s*(.*)$")
STAMP_LINE = re.compile(r"^(Bilagssamling side \d+ af \d+|Side \d+ af \d+)$")
ITEM_LABELS = ("Baggrund", "Indstilling", "Sagsfremstilling", "Beslutning", "Punktet er lukket.")
CLOSED_BADGE = " Lukket punkt"
CONTENTS_HEADING = "Indholdsfortegnelse - Bilag"
COVER_DATE = re.compile(r"^Dato:\s*(\d{1,2})-(\d{1,2})-(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")


class ContentsError(Exception):
    """The package cannot be imported; `problems` says why, line by line, in Danish."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class AnnexEntry:
    number: int
    title: str
    first_page: int
    last_page: int = 0
    divider: bool = False

    @property
    def pages(self) -> range:
        """The annex's own pages (1-based, in the bundle), after a divider page if there is one."""
        return range(self.first_page + (1 if self.divider else 0), self.last_page + 1)


@dataclass
class ItemEntry:
    number: str
    title: str
    page: int | None
    annexes: list[AnnexEntry] = field(default_factory=list)


@dataclass
class AgendaItemRow:
    number: str
    title: str
    case_number: str = ""
    initials: str = ""
    closed: bool = False
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class AgendaContents:
    sections: dict[int, str]
    items: list[AgendaItemRow]
    location: str = ""
    start: datetime.datetime | None = None


def page_texts(path: str, *, layout: bool = False) -> list[str]:
    """One string per page (poppler's pdftotext separates pages with a form feed)."""
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) er ikke installeret")
    command = ["pdftotext", "-enc", "UTF-8", "-q", *(["-layout"] if layout else []), path, "-"]
    result = subprocess.run(command, capture_output=True, timeout=600, check=False)
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def pdf_bytes_page_texts(data: bytes, *, layout: bool = False) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return page_texts(handle.name, layout=layout)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _content_lines(page: str) -> list[str]:
    lines = [line.strip() for line in page.splitlines()]
    return [line for line in lines if line and not STAMP_LINE.match(_squash(line))]


def _split_page(text: str) -> tuple[str, int | None]:
    """'title ….. 12' → ('title', 12); a line without a page number → (line, None)."""
    match = TRAILING_PAGE.match(text)
    if match and match.group(1).strip():
        return LEADERS.sub("", match.group(1)).strip(), int(match.group(2))
    return LEADERS.sub("", text).strip(), None


# The bundle's contents ---------------------------------------------------------------------


def _contents_entries(lines: list[str], problems: list[str]) -> list[ItemEntry]:
    items: list[ItemEntry] = []
    current = None  # the entry (item or annex) that continuation lines belong to
    for raw in lines:
        line = raw.replace("\t", "  ").strip()
        squashed = _squash(line)
        if squashed.startswith(CONTENTS_HEADING):
            continue
        item_match = ITEM_START.match(line)
        annex_match = ANNEX_START.match(line)
        if item_match:
            text, page = _split_page(item_match.group(3))
            number = f"{item_match.group(1)}.{item_match.group(2)}"
            current = ItemEntry(number=number, title=_squash(text), page=page)
            items.append(current)
        elif annex_match:
            if not items:
                problems.append(_("»%(line)s« står før noget punkt.") % {"line": squashed})
                continue
            text, page = _split_page(annex_match.group(2))
            current = AnnexEntry(
                number=int(annex_match.group(1)), title=_squash(text), first_page=page or 0
            )
            items[-1].annexes.append(current)
        elif current is not None:
            text, page = _split_page(line)
            current.title = _squash(f"{current.title} {text}")
            if isinstance(current, AnnexEntry) and not current.first_page and page:
                current.first_page = page
            elif isinstance(current, ItemEntry) and current.page is None and page:
                current.page = page
    return items


def bundle_contents(pages: list[str], *, total_pages: int) -> list[ItemEntry]:
    """The items and annexes of a bundle from its layout-preserving page texts; each annex's
    page range checked against its neighbours and the bundle's length."""
    problems: list[str] = []
    if not pages or CONTENTS_HEADING not in _squash(pages[0]):
        raise ContentsError(
            [
                _(
                    "Første side er ikke »Indholdsfortegnelse - Bilag«, så bilagssamlingen kan ikke deles."
                )
            ]
        )
    lines: list[str] = []
    contents_pages = 1
    lines += _content_lines(pages[0])
    items = _contents_entries(lines, [])
    # The contents goes on over the following pages until the first annex's page.
    while contents_pages < len(pages):
        first = min((a.first_page for i in items for a in i.annexes if a.first_page), default=0)
        following = _content_lines(pages[contents_pages])
        if first and contents_pages + 1 >= first:
            break
        if not any(
            ITEM_START.match(_squash(x)) or ANNEX_START.match(_squash(x)) for x in following
        ):
            break
        lines += following
        contents_pages += 1
        items = _contents_entries(lines, [])
    items = _contents_entries(lines, problems)
    _check_pages(items, contents_pages=contents_pages, total_pages=total_pages, problems=problems)
    if problems:
        raise ContentsError(problems)
    return items


def _check_pages(items, *, contents_pages: int, total_pages: int, problems: list[str]) -> None:
    annexes = [(item, annex) for item in items for annex in item.annexes]
    if not annexes:
        problems.append(_("Indholdsfortegnelsen nævner ingen bilag."))
        return
    for item in items:
        if not item.annexes:
            problems.append(
                _("Punkt %(item)s har ingen bilag i indholdsfortegnelsen.") % {"item": item.number}
            )
        elif (
            item.page is not None
            and item.annexes[0].first_page
            and item.page != item.annexes[0].first_page
        ):
            problems.append(
                _("Punkt %(item)s står til side %(page)s, men dets bilag 1 til side %(annex)s.")
                % {"item": item.number, "page": item.page, "annex": item.annexes[0].first_page}
            )
    previous = contents_pages
    for position, (item, annex) in enumerate(annexes):
        label = _("Bilag %(annex)s til punkt %(item)s") % {
            "annex": annex.number,
            "item": item.number,
        }
        if not annex.first_page:
            problems.append(
                _("%(label)s har intet sidetal i indholdsfortegnelsen.") % {"label": label}
            )
            continue
        if annex.first_page <= previous:
            problems.append(
                _("%(label)s begynder på side %(page)s, men side %(previous)s er allerede brugt.")
                % {"label": label, "page": annex.first_page, "previous": previous}
            )
        if annex.first_page > total_pages:
            problems.append(
                _(
                    "%(label)s begynder på side %(page)s, men bilagssamlingen har kun %(total)s sider."
                )
                % {"label": label, "page": annex.first_page, "total": total_pages}
            )
        following = next((a.first_page for _i, a in annexes[position + 1 :] if a.first_page), None)
        annex.last_page = (following - 1) if following else total_pages
        previous = max(previous, annex.first_page)
    for item in items:
        expected = list(range(1, len(item.annexes) + 1))
        if [annex.number for annex in item.annexes] != expected:
            problems.append(
                _("Bilagene til punkt %(item)s er ikke nummereret 1, 2, 3 …")
                % {"item": item.number}
            )


def mark_dividers(items: list[ItemEntry], pages: list[str]) -> None:
    """The portal's own bundles put a divider page (item and annex label only) before each annex;
    it belongs to the bundle, not to the annex."""
    for item in items:
        for annex in item.annexes:
            if not 0 < annex.first_page <= len(pages):
                continue
            text = _squash(" ".join(_content_lines(pages[annex.first_page - 1])))
            label = _squash(f"{item.number} {item.title} Bilag {annex.number}: {annex.title}")
            annex.divider = text == label and annex.last_page > annex.first_page
            if text.startswith(label) and "Lukket bilag" in text[len(label) :]:
                raise ContentsError(
                    [
                        _(
                            "Bilag %(annex)s til punkt %(item)s er lukket i denne udgave "
                            "(»Lukket bilag«). Importér medlemmernes bilagssamling."
                        )
                        % {"annex": annex.number, "item": item.number}
                    ]
                )


# The agenda ------------------------------------------------------------------------------


def _heading_end(line: str) -> bool:
    return bool(CASE_LINE.match(line)) or line in ITEM_LABELS or line.startswith("Bilag")


def _add_texts(items, bodies, lines, sections) -> None:
    """Each item's texts: from its heading to the next item's heading or section heading."""
    headings = {f"{n}. {title}" for n, title in sections.items()}
    heading_lines = sorted(heading for heading, _start in bodies.values())
    for number, (heading, start) in bodies.items():
        end = next((h for h in heading_lines if h > heading), len(lines))
        body = []
        for line in lines[start:end]:
            if line in headings:
                break
            body.append(line)
        items[number].texts = itemtexts.item_texts(body)


def agenda_contents(pages: list[str]) -> AgendaContents:
    """Sections, items (number, title, case number, initials, closed) from the agenda's text:
    the last heading of each number wins, since the contents comes before the items."""
    page_lines = [_content_lines(page) for page in pages]
    running = itemtexts.running_lines(page_lines)
    lines = [line for page in page_lines for line in page if line not in running]
    sections: dict[int, str] = {}
    items: dict[str, AgendaItemRow] = {}
    bodies: dict[str, tuple[int, int]] = {}  # item number → (heading line, first text line)
    location, start = "", None
    for index, line in enumerate(lines):
        if line.startswith("Sted:") and not location:
            location = line[len("Sted:") :].strip()
        cover_date = COVER_DATE.match(line)
        if cover_date and start is None:
            day, month, year, hour, minute = cover_date.groups()
            start = datetime.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0)
            )
        match = ITEM_START.match(line)
        if not match:
            section = re.match(r"^(\d+)\.\s+(\D.*)$", line)
            if section and int(section.group(1)) not in sections:
                title, _page = _split_page(section.group(2))
                sections[int(section.group(1))] = title
            continue
        title_lines, end = [match.group(3)], None
        for offset, following in enumerate(lines[index + 1 : index + 5], start=index + 1):
            if _heading_end(following) or ITEM_START.match(following):
                end, body = following, offset
                break
            title_lines.append(following)
        if end is None or not _heading_end(end):
            continue  # a line in the contents or a numbered line in a text, not a heading
        title = _squash(" ".join(title_lines))
        closed = title.endswith(CLOSED_BADGE.strip())
        if closed:
            title = title[: -len(CLOSED_BADGE.strip())].strip()
        case = CASE_LINE.match(end)
        number = f"{match.group(1)}.{match.group(2)}"
        items[number] = AgendaItemRow(
            number=number,
            title=title,
            case_number=case.group(1).replace(" ", "") if case else "",
            initials=case.group(2).strip() if case else "",
            closed=closed,
        )
        bodies[number] = (index, body)
    _add_texts(items, bodies, lines, sections)
    ordered = sorted(items.values(), key=lambda row: tuple(int(p) for p in row.number.split(".")))
    if not ordered:
        raise ContentsError(
            [
                _(
                    "Dagsordenen nævner ingen punkter, der kan læses (»2.1 Titel« fulgt af sagsnummer)."
                )
            ]
        )
    return AgendaContents(sections=sections, items=ordered, location=location, start=start)
