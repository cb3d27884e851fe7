from meetings.rules import secretariat_edits

secretariat_edits(
    "budgets",
    (
        "distributionkey", "keybasis", "keyparticipant", "keyvalue", "keyderived",
        "secretariat", "budgettable", "period", "line", "amount", "footnote",
    ),
)  # fmt: skip
