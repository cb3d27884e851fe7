"""The demo's annexes as the council reads them: KL's letters and Erhvervshus Nordjylland's draft
goals from the real annex bundles (text kept in demo_annexes.json, with KL's side column of date,
case and address on every page), and for the rest a note of the secretariat with the item's own
text."""

import functools
import json
from pathlib import Path

from django.utils.safestring import mark_safe

from meetings.publishing.layout import council_html, html_to_pdf

TEXTS = json.loads(Path(__file__).with_name("demo_annexes.json").read_text(encoding="utf-8"))


@functools.cache
def annex_pdf(title: str, *, subtitle: str, text: str = "") -> bytes:
    """The annex `title` as a PDF: its real text where the demo has it, else a note with `text`."""
    known = TEXTS.get(title, {})
    known = TEXTS[known["same_as"]] if "same_as" in known else known
    letter = known.get("letter")
    context = {
        "title": title,
        "subtitle": subtitle,
        "letter": letter,
        "sender": known.get("sender") or ("KL" if letter else "KKR Nordjylland"),
        "kind": known.get("kind", "Notat"),
        "heading": known.get("heading", ""),
        # The demo's own data (this module's JSON and the agendas' texts), not a user's input.
        "body": mark_safe(known.get("html") or text),
    }
    # Untagged, as the letters the secretariat receives mostly are.
    return html_to_pdf(council_html("pdf/demo_annex.html", context), pdf_variant=None)
