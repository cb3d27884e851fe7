"""What the seeds show slipping through before a contract is approved."""

import re
from dataclasses import dataclass

from django.utils.html import strip_tags

# "bilag xx", "x/x", "xx", and a date still to be written: "d. xx/xx – 2022".
PLACEHOLDER = re.compile(r"(?<![\w/])(bilag\s+xx|x+\s*/\s*x+|xx)(?![\w/])", re.IGNORECASE)
DEADLINE_YEAR = re.compile(
    r"\b(ultimo|primo|medio|udgangen af|inden udgangen af)\s+(\d{4})\b", re.I
)
GOAL_REFERENCE = re.compile(r"\bmål\s+(\d{1,2})\b", re.IGNORECASE)
NUMBER_WORDS = {
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "syv": 7,
    "otte": 8,
    "ni": 9,
    "ti": 10,
}
ACTIVITY_COUNT = re.compile(
    r"\b(?:de|ovenstående)\s+(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(indsatser|aktiviteter)\b",
    re.I,
)


@dataclass(frozen=True)
class Warning:
    code: str
    where: str
    message: str


def _texts(contract):
    for chapter in contract.chapters.all():
        yield f"kapitel {chapter.position} “{chapter.title}”", chapter.title + "\n" + chapter.body
    for goal in contract.goals.all():
        where = f"mål {goal.number}"
        fields = (goal.title, goal.introduction, goal.goal_text, goal.method, goal.rationale,
                  goal.reporting)  # fmt: skip
        yield where, "\n".join(fields)
        for target in goal.targets.all():
            yield f"{where}, målepunkt “{target.indicator}”", target.indicator
        for activity in goal.activities.all():
            yield f"{where}, indsats {activity.position}", activity.text
    for signature in contract.signatures.all():
        yield (
            f"underskrift for {signature.party}",
            "\n".join((signature.date_text, signature.signatory, signature.role)),
        )


def contract_warnings(contract) -> list[Warning]:
    """Placeholders, years of an earlier contract, references to goals that do not exist, and
    stated activity counts that differ from the listed activities."""
    warnings = []
    numbers = {goal.number for goal in contract.goals.all()}
    for where, raw in _texts(contract):
        text = strip_tags(raw)
        for match in PLACEHOLDER.finditer(text):
            warnings.append(Warning("placeholder", where, f"pladsholder “{match.group(0)}”"))
        for match in DEADLINE_YEAR.finditer(text):
            if int(match.group(2)) < contract.year:
                warnings.append(
                    Warning(
                        "old_year",
                        where,
                        f"“{match.group(0)}” hører til en tidligere kontrakt end {contract.year}",
                    )
                )
        for match in GOAL_REFERENCE.finditer(text):
            if int(match.group(1)) not in numbers:
                warnings.append(
                    Warning(
                        "unknown_goal", where, f"henviser til {match.group(0)}, som ikke findes"
                    )
                )
    for goal in contract.goals.all():
        listed = len(goal.activities.all())
        if not listed:
            continue
        text = strip_tags("\n".join((goal.goal_text, goal.method, goal.reporting)))
        for match in ACTIVITY_COUNT.finditer(text):
            word = match.group(1).lower()
            stated = int(word) if word.isdigit() else NUMBER_WORDS[word]
            if stated != listed:
                warnings.append(
                    Warning(
                        "activity_count",
                        f"mål {goal.number}",
                        f"teksten nævner {stated} {match.group(2)}, men der er {listed} på listen",
                    )
                )
    return warnings
