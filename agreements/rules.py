from meetings.rules import secretariat_edits

secretariat_edits(
    "agreements", ("contract", "chapter", "goal", "target", "targetvalue", "activity", "result")
)
