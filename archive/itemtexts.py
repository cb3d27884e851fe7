"""The texts of an old agenda's items (Baggrund, Indstilling, Sagsfremstilling, and Beslutning in
minutes), so that search finds the archive as it finds new packages. Paragraphs are rebuilt
from the PDF's lines: a line that ends a sentence ends its paragraph, a bullet is a list item."""

from collections import Counter

from django.utils.html import escape

LABELS = {
    "Baggrund": "background",
    "Indstilling": "recommendation",
    "Sagsfremstilling": "presentation",
    "Beslutning": "decision",
}
# Lines after which an item's texts stop: its annex list, or the closed item's note.
STOPS = ("Bilag", "Punktet er lukket.", "Fremmøde")
BULLETS = ("•", "–", "-", "▪")


def running_lines(pages: list[list[str]]) -> set[str]:
    """Page headers and footers: a page's first or last line that is the first or last line of
    at least half of the pages (and of two or more)."""
    counts = Counter(line for page in pages if page for line in {page[0], page[-1]})
    needed = max(2, len(pages) // 2)
    return {
        line for line, count in counts.items()
        if count >= needed and line not in LABELS and line not in STOPS
    }  # fmt: skip


def _html(lines: list[str]) -> str:
    blocks, paragraph, bullets = [], [], []

    def flush_paragraph():
        if paragraph:
            blocks.append(f"<p>{escape(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_bullets():
        if bullets:
            blocks.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for line in lines:
        if line.startswith(BULLETS) and len(line) > 2:
            flush_paragraph()
            bullets.append(line[1:].strip())
        elif bullets and not paragraph and not line[:1].isupper():
            bullets[-1] = f"{bullets[-1]} {line}"  # a bullet's wrapped line
        else:
            flush_bullets()
            paragraph.append(line)
            if line.endswith((".", ":", "!", "?")):
                flush_paragraph()
    flush_paragraph()
    flush_bullets()
    return "".join(blocks)


def item_texts(lines: list[str]) -> dict[str, str]:
    """{field: html} of one item's lines, from its case line to the next heading."""
    texts: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line in LABELS:
            current = LABELS[line]
            texts.setdefault(current, [])
        elif line in STOPS:
            current = None
        elif current is not None:
            texts[current].append(line)
    return {field: _html(body) for field, body in texts.items() if body}
