"""The package as plain data: built from the draft when a version is frozen, and what changed
between two versions. Read by publishing, pages, PDFs, search and e-mail."""

from meetings.models import AgendaItem, Meeting
from meetings.richtext import sanitize_html


def _closed_item_public_facts(item: AgendaItem) -> dict:
    """What the public is told of a closed item instead of its texts (DESIGN.md §4)."""
    reason = item.closure_reason
    return {
        "title": item.public_title.strip(),
        "reason": reason.name if reason else "",
        "reference": reason.legal_reference if reason else "",
        "decision": sanitize_html(item.public_decision),
    }


def meeting_facts(meeting: Meeting) -> dict:
    """What readers are told about the meeting (title, body, time, place, cancelled), from the
    draft: what a version freezes, and what the secretariat previews before the first."""
    return {
        "uid": str(meeting.uid),
        "title": meeting.display_title,
        "body": meeting.body.name,
        "start": meeting.start.isoformat(),
        "location": meeting.location,
        "cancelled": meeting.cancelled,
    }


def meeting_snapshot(*, meeting: Meeting) -> dict:
    """The whole package as plain data: what a version freezes and what readers are shown."""
    sections = (
        meeting.sections.order_by("position", "pk")
        .prefetch_related("items__annexes", "items__closure_reason")
        .select_related("meeting__body")
    )
    data = {"meeting": meeting_facts(meeting), "sections": []}
    for section in sections:
        entry = {"number": str(section.position), "title": section.title, "items": []}
        for item in sorted(section.items.all(), key=lambda i: (i.position, i.pk)):
            entry["items"].append(
                {
                    "id": item.pk,
                    "number": f"{section.position}.{item.position}",
                    "title": item.title,
                    "case_number": item.case_number,
                    "initials": item.initials,
                    "kle_number": item.kle_number,
                    "closed": item.closed,
                    "public": _closed_item_public_facts(item),
                    "texts": {
                        field: sanitize_html(getattr(item, field))
                        for field in AgendaItem.TEXT_FIELDS
                    },
                    "annexes": [
                        {
                            "uid": str(annex.uid),
                            "number": index,
                            "title": annex.title,
                            "closed": annex.closed or item.closed,
                            "file": annex.file.name,
                            "original_name": annex.original_name,
                            "sha256": annex.sha256,
                            "size": annex.size,
                            "page_count": annex.page_count,
                            "signatures": annex.signatures,
                            "signed_original": annex.signed_original,
                            "sent": annex.sent.name,
                            "signers": annex.signers,
                        }
                        for index, annex in enumerate(
                            sorted(item.annexes.all(), key=lambda a: (a.position, a.pk)), start=1
                        )
                    ],
                }
            )
        data["sections"].append(entry)
    return data


def _shown(item: dict) -> dict:
    """The item as change lines name it: everyone reads them (feed, e-mail, public bundle), so a
    closed item goes by its public title."""
    public_title = (item.get("public") or {}).get("title")
    return {**item, "title": public_title} if item["closed"] and public_title else item


def _items_shown(snapshot: dict) -> dict[int, dict]:
    """A version's items by id, as change lines name them."""
    return {
        item["id"]: _shown(item) for section in snapshot["sections"] for item in section["items"]
    }


def snapshot_changes(old: dict, new: dict) -> list[dict]:
    """What changed between two versions: items added, removed, moved or renumbered; annexes
    added, replaced or removed; item texts changed."""
    changes = []
    old_items, new_items = _items_shown(old), _items_shown(new)
    for item_id, item in new_items.items():
        before = old_items.get(item_id)
        if before is None:
            changes.append({"kind": "item_added", "number": item["number"], "title": item["title"]})
            continue
        if before["number"] != item["number"]:
            changes.append(
                {
                    "kind": "item_moved",
                    "number": item["number"],
                    "old_number": before["number"],
                    "title": item["title"],
                }
            )
        if before["title"] != item["title"]:
            changes.append(
                {"kind": "item_retitled", "number": item["number"], "title": item["title"]}
            )
        changed_texts = [
            field
            for field in AgendaItem.TEXT_FIELDS
            if field != "decision" and before["texts"].get(field) != item["texts"].get(field)
        ]
        if changed_texts:
            changes.append(
                {
                    "kind": "text_changed",
                    "number": item["number"],
                    "title": item["title"],
                    "fields": changed_texts,
                }
            )
        old_annexes = {annex["uid"]: annex for annex in before["annexes"]}
        new_annexes = {annex["uid"]: annex for annex in item["annexes"]}
        for uid, annex in new_annexes.items():
            previous = old_annexes.get(uid)
            if previous is None:
                kind = "annex_added"
            elif previous["sha256"] != annex["sha256"]:
                kind = "annex_replaced"
            else:
                continue
            changes.append(_annex_change(kind, item, annex))
        for uid, annex in old_annexes.items():
            if uid not in new_annexes:
                changes.append(_annex_change("annex_removed", item, annex))
    for item_id, item in old_items.items():
        if item_id not in new_items:
            changes.append(
                {"kind": "item_removed", "number": item["number"], "title": item["title"]}
            )
    return changes


def _annex_change(kind: str, item: dict, annex: dict) -> dict:
    """One annex's line in the change summary; a closed annex is listed without its title."""
    return {
        "kind": kind,
        "number": item["number"],
        "annex": annex["number"],
        "title": "" if annex["closed"] else annex["title"],
        "closed": annex["closed"],
    }
