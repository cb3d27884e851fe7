"""Danish text conventions: sorting, and numbers and dates as the reader's language writes them."""

import csv
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext, ngettext

# Danish alphabet order after z; "aa" is the old spelling of "å" and sorts with it (Aalborg last).
_DANISH_TAIL = {"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "ü": "y"}


def danish_sort_key(text: str) -> str:
    lowered = text.casefold()
    if lowered.startswith("aa"):
        lowered = "å" + lowered[2:]
    lowered = lowered.replace(" aa", " å")
    return "".join(_DANISH_TAIL.get(ch, ch) for ch in lowered)


def format_danish_number(value, decimals: int = 0) -> str:
    """1771663.13 → '1.771.663,13' (half-up rounding, as the seeds print money)."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{frac}" if decimals else f"{sign}{text}"


# Dates as each language writes them: "fredag 22. september 2023 kl. 09.45" in Danish,
# "Friday 22 September 2023 at 09:45" in English.
DATE_STYLES = {
    "da": {"long": r"l j. F Y \k\l. H.i", "weekday": "l j. F Y", "day": "j. F Y",
           "stamp": "j. F Y H.i", "short": "j. F H.i", "weekday_short": "l j. F",
           "numeric": "d.m.Y", "numeric_time": r"d.m.Y \k\l. H.i", "month": "F Y"},
    "en": {"long": r"l j F Y \a\t H:i", "weekday": "l j F Y", "day": "j F Y",
           "stamp": "j F Y H:i", "short": "j F H:i", "weekday_short": "l j F",
           "numeric": "d/m/Y", "numeric_time": r"d/m/Y \a\t H:i", "month": "F Y"},
}  # fmt: skip


def format_date(value, style: str = "day") -> str:
    """A date or moment the way the reader's language writes it, in the portal's time zone."""
    if value in (None, ""):
        return ""
    styles = DATE_STYLES.get((get_language() or "da")[:2], DATE_STYLES["da"])
    if hasattr(value, "tzinfo") and hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, styles[style])


def join_words(parts: list[str]) -> str:
    """'a', 'a og b', 'a, b og c' ('and' in English)."""
    if len(parts) < 2:
        return "".join(parts)
    return gettext("%(list)s og %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}


def signed_by(count: int, signers) -> str:
    """'Underskrevet digitalt af Mikael Klitgaard (Brønderslev Kommune) 12. marts 2026 og …':
    who signed, as the certificates say, and which signature no longer fits the file. A
    signature whose certificate names no one is counted, not named (package.Signer)."""
    parts = []
    for signer in signers:
        if not signer.name:
            continue
        part = signer.name + (f" ({signer.organisation})" if signer.organisation else "")
        if signer.date:
            part += " " + format_date(signer.date)
        if signer.holds is False:
            part += " – " + gettext("underskriften passer ikke til filen")
        parts.append(part)
    if not parts:
        return gettext("Underskrevet digitalt")
    if (unnamed := count - len(parts)) > 0:
        parts.append(
            ngettext("%(n)d underskrift mere", "%(n)d underskrifter mere", unnamed) % {"n": unnamed}
        )
    return gettext("Underskrevet digitalt af %(signers)s") % {"signers": join_words(parts)}


_ENGLISH_MARKS = str.maketrans(".,", ",.")


def format_number(value, decimals: int = 0) -> str:
    """A number the way the reader's language writes it: '1.771.663,13' in Danish (also the
    council's PDFs and the CSV files, which keep format_danish_number), '1,771,663.13' in English."""
    text = format_danish_number(value, decimals)
    return text.translate(_ENGLISH_MARKS) if (get_language() or "da")[:2] == "en" else text


def format_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_number(Decimal(size) / 1024, 0)} kB"
    return f"{format_number(Decimal(size) / (1024 * 1024), 1)} MB"


# C0/C1 control characters except tab; line breaks in a one-line field become spaces.
_CONTROL = {code: None for code in [*range(0, 32), 127, *range(128, 160)] if code != 9}
_LINE_BREAKS = {10: " ", 13: " ", 0x2028: " ", 0x2029: " "}


def strip_control_characters(text: str) -> str:
    """A title or name as one clean line: no NUL, no CR/LF (header injection), single spaces."""
    return " ".join(text.translate(_LINE_BREAKS).translate(_CONTROL).split())


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?\d[\d.]*(,\d+)?")


def csv_cell(value):
    """A value safe to write into a CSV cell: text that could start a formula gets a leading
    apostrophe; numbers (also Danish-formatted ones such as -1.234,50) stay numbers."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer whose every cell goes through csv_cell: the one way the portal writes CSV."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
