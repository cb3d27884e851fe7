"""Danish text conventions: sorting and number formatting."""

from decimal import ROUND_HALF_UP, Decimal

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


def format_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_danish_number(Decimal(size) / 1024, 0)} kB"
    return f"{format_danish_number(Decimal(size) / (1024 * 1024), 1)} MB"
