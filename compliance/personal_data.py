"""Finding personal data in text before it is published: CPR numbers, phone numbers, e-mail
addresses and bank accounts. Pure functions; the publishing checklist and the person search ask here.

Datatilsynet does not accept private persons' CPR numbers, e-mail addresses and phone numbers in
public web archives, so a finding is shown with the words around it and graded by confidence.
"""

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    CPR = "cpr"
    PHONE = "phone"
    EMAIL = "email"
    BANK = "bank"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


KIND_LABELS = {Kind.CPR: "CPR-nummer", Kind.PHONE: "Telefonnummer", Kind.EMAIL: "E-mailadresse",
               Kind.BANK: "Kontonummer"}  # fmt: skip
CONFIDENCE_LABELS = {Confidence.HIGH: "sikker", Confidence.MEDIUM: "sandsynlig",
                     Confidence.LOW: "mulig"}  # fmt: skip
CONTEXT_WORDS = 6


@dataclass(frozen=True)
class Finding:
    kind: Kind
    confidence: Confidence
    match: str
    start: int
    end: int
    context: str  # the words around the match, as the secretariat sees it in the checklist

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]} ({CONFIDENCE_LABELS[self.confidence]})"


# Digits that are part of a longer number (amounts "1.771.663", case numbers, dates) are not ours.
_EDGE_BEFORE = r"(?<![\d.,/\-])"
_EDGE_AFTER = r"(?![\d]|[.,/]\d)"
_CPR = re.compile(_EDGE_BEFORE + r"(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{2})(?P<sep>[- ]?)(?P<s>\d{4})"
                  + _EDGE_AFTER)  # fmt: skip
# One digit to a box, as a form's comb field or a printed form's boxes give it to pdftotext:
# "0 1 0 2 0 3 - 1 2 3 4" (ten digits, no more and no fewer, a dash after the sixth or not).
_CPR_BOXED = re.compile(
    r"(?<![\d.,/\-])(?<!\d )\d(?: \d){5}(?: ?- ?| )\d(?: \d){3}(?! ?\d)(?![.,/]\d)"
)
_PHONE = re.compile(
    r"(?<![\w.,/\-])(?P<prefix>(?:\+|00)45[ \u00a0]?)?"
    r"(?P<n>[2-9]\d(?:[ \u00a0]?\d{2}){3}|[2-9]\d{3}[ \u00a0]\d{4})" + _EDGE_AFTER
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_IBAN = re.compile(r"\bDK\d{2}(?:[ ]?\d{4}){3}[ ]?\d{2}\b")
_ACCOUNT = re.compile(
    r"(?:reg\.?\s*(?:nr\.?)?\s*)?" + _EDGE_BEFORE
    + r"(?P<reg>\d{4})(?:[ \-]|\s+(?:konto(?:nr)?\.?|kt\.?)\s*)(?P<account>\d{6,10})"
    + _EDGE_AFTER, re.IGNORECASE
)  # fmt: skip
_YEARS = re.compile(r"(?:19|20)\d\d[ \u00a0](?:19|20)\d\d")
_CPR_WORDS = re.compile(r"\b(?:cpr|personnummer|cpr-nr)", re.IGNORECASE)
_BANK_WORDS = re.compile(r"\b(?:reg|konto|kontonr|bank)", re.IGNORECASE)
_PHONE_WORDS = re.compile(r"\b(?:tlf|telefon|mobil|ring)", re.IGNORECASE)


def cpr_century(year2: int, seventh: int) -> int | None:
    """The birth century from the 7th digit (CPR-kontorets tabel)."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year2 <= 36 else 1900
    return 2000 if year2 <= 57 else 1800


def cpr_date(digits: str) -> datetime.date | None:
    """The birth date a 10-digit CPR number states, or None when it is not a date."""
    day, month, year2, seventh = int(digits[:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    century = cpr_century(year2, seventh)
    try:
        return datetime.date(century + year2, month, day)
    except ValueError:
        return None


def cpr_modulus11(digits: str) -> bool:
    """The old check; numbers without it exist since 2007, so failing it lowers confidence only."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def _context(text: str, start: int, end: int) -> str:
    before = text[:start].split()[-CONTEXT_WORDS:]
    after = text[end:].split()[:CONTEXT_WORDS]
    return " ".join([*before, "«" + text[start:end] + "»", *after])


def _near(words: re.Pattern, text: str, start: int) -> bool:
    return bool(words.search(text[max(0, start - 30) : start]))


def _iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def _cpr_findings(text: str):
    written = ((m, m["d"] + m["m"] + m["y"] + m["s"], m["sep"]) for m in _CPR.finditer(text))
    boxed = (
        (m, re.sub(r"\D", "", m[0]), "-" if "-" in m[0] else "") for m in _CPR_BOXED.finditer(text)
    )
    for match, digits, separator in [*written, *boxed]:
        if separator == " ":
            continue  # "120345 6789" is far more often two numbers than a CPR number
        if cpr_date(digits) is None:
            continue
        dashed = separator == "-"
        named = _near(_CPR_WORDS, text, match.start())
        if dashed and (cpr_modulus11(digits) or named):
            confidence = Confidence.HIGH
        elif dashed or named or cpr_modulus11(digits):
            confidence = Confidence.MEDIUM
        else:
            confidence = Confidence.LOW
        yield Kind.CPR, confidence, match


def _phone_findings(text: str, taken: list[tuple[int, int]]):
    for match in _PHONE.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if _YEARS.fullmatch(match["n"]):
            continue  # "2024 2025": two years, not a number
        spaced = " " in match["n"] or "\u00a0" in match["n"]
        if match["prefix"] or _near(_PHONE_WORDS, text, match.start()):
            confidence = Confidence.HIGH
        elif spaced:
            confidence = Confidence.MEDIUM
        else:
            confidence = Confidence.LOW
        yield Kind.PHONE, confidence, match


def _bank_findings(text: str):
    for match in _IBAN.finditer(text):
        yield Kind.BANK, Confidence.HIGH if _iban_valid(match[0]) else Confidence.LOW, match
    for match in _ACCOUNT.finditer(text):
        named = _near(_BANK_WORDS, text, match.start() + 1) or match[0].lower().startswith("reg")
        yield Kind.BANK, Confidence.HIGH if named else Confidence.LOW, match


def scan(text: str) -> list[Finding]:
    """Every likely piece of personal data in the text, in reading order."""
    raw = [*_cpr_findings(text), *_bank_findings(text)]
    raw += [(Kind.EMAIL, Confidence.HIGH, m) for m in _EMAIL.finditer(text)]
    taken = [(m.start(), m.end()) for _kind, _conf, m in raw]
    raw += list(_phone_findings(text, taken))
    findings = []
    for kind, confidence, match in sorted(raw, key=lambda r: r[2].start()):
        start, end = match.span()
        if kind == Kind.BANK and match[0].lower().startswith("reg"):
            start = match.start("reg")
        findings.append(
            Finding(kind, confidence, text[start:end], start, end, _context(text, start, end))
        )
    return findings


def blocks_publishing(finding: Finding) -> bool:
    """A CPR number in public content stops publishing until it is handled; the rest warn."""
    return finding.kind == Kind.CPR and finding.confidence != Confidence.LOW
