"""The demo's annexes as the council reads them: KL's letters and Erhvervshus Nordjylland's draft
goals from the real annex bundles (text kept in demo_annexes.json, with KL's side column of date,
case and address on every page), and for the rest a note of the secretariat with the item's own
text."""

import functools
import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

TEXTS = json.loads(Path(__file__).with_name("demo_annexes.json").read_text(encoding="utf-8"))
KL = {"sender": "KL", "kind": "Notat"}
SECRETARIAT = {"sender": "KKR Nordjylland", "kind": "Notat"}


@functools.cache
def annex_pdf(title: str, *, subtitle: str, text: str = "") -> bytes:
    """The annex `title` as a PDF: its real text where the demo has it, else a note with `text`."""
    from weasyprint import HTML

    known = TEXTS.get(title, {})
    known = TEXTS[known["same_as"]] if "same_as" in known else known
    letter = known.get("letter")
    sender = known.get("from") or (KL if letter else SECRETARIAT)
    context = {
        "title": title,
        "subtitle": subtitle,
        "letter": letter,
        "sender": sender["sender"],
        "kind": known.get("kind") or sender["kind"],
        "heading": known.get("heading", ""),
        # The demo's own data (this module's JSON and the agendas' texts), not a user's input.
        "body": mark_safe(known.get("html") or text),
    }
    return HTML(string=render_to_string("pdf/demo_annex.html", context)).write_pdf()
