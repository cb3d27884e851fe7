"""The secretariat keeps the compliance records; readers only send requests."""

from meetings.rules import secretariat_edits

secretariat_edits(
    "compliance",
    ("annexocr", "annexaccessibility", "accessibilitystatement", "accessiblecopyrequest"),
)
