"""Form field values that take more than one line, laid out as viewers lay them out.

A multi-line text field's value: from the top of the field, at its own line breaks and between
words wrapped at the field's width, aligned as the field says (/Q); qpdf writes a value on one
line, cut off at the field's edge, so a long answer lost all but its first words. A comb
field's value one character to a box (qpdf writes it as one word). A list box:
its options from the first one shown (/TI), the chosen ones marked; qpdf writes one line.
Done where the font's widths and encoding are known: a standard font (Adobe's metrics, as pypdf
carries them) or one with its own /Widths, written in WinAnsi. Pure pikepdf, no Django."""

import pikepdf
from pikepdf import Name

from meetings.publishing.objects import number

try:  # Adobe's metrics of the 14 standard fonts; the font's own /Widths serve without them
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
except ImportError:  # pragma: no cover
    CORE_FONT_METRICS = {}

LEADING = 1.15  # line height, in font sizes
CAP_HEIGHT = 0.72  # of a Latin font, in font sizes
AUTO_SIZES = [half / 2 for half in range(24, 7, -1)]  # 12 down to 4, where /DA says "auto" (0)
CHOSEN = "0 0.2 0.44 rg"  # a chosen option's bar (white text on dark blue, as PDFium marks it)


def wrapped_value(text, *, font, font_operator, size, box, inset, alignment) -> bytes | None:
    """Operators that draw text in the box (an appearance's /BBox), or None where the font
    cannot be measured. font_operator: the fill colour and font name from /DA ("0 g /Helv")."""
    measured = _measure(font)
    try:
        left, bottom, right, top = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    if measured is None or right - left <= 2 * inset:
        return None
    width, ascent = measured
    room = (right - left - 2 * inset, top - bottom - 2 * inset)
    size, lines = _fit(text, width, size, room)
    clip = f"{number(left)} {number(bottom)} {number(right - left)} {number(top - bottom)}"
    ops = [f"q {clip} re W n", f"BT {font_operator} {number(size)} Tf"]
    y = top - inset - ascent * size / 1000
    if len(lines) == 1 and size * LEADING > room[1]:
        # A field too low for its one line: centred, legible where viewers cut it off.
        y = (top + bottom) / 2 - CAP_HEIGHT * size / 2
    for line in lines:
        spare = room[0] - _width(line, width) * size / 1000
        x = left + inset + {1: spare / 2, 2: spare}.get(alignment, 0)
        ops.append(f"1 0 0 1 {number(x)} {number(y)} Tm {_string(line)} Tj")
        y -= size * LEADING
    ops.append("ET Q")
    return "\n".join(ops).encode("latin-1")


def listed_options(options, chosen, *, font, font_name, colour, size, box, inset) -> bytes | None:
    """Operators that list the options (display texts, from the first one shown) in the box,
    the chosen ones (their indices in options) on a bar; None where the font cannot be measured."""
    measured = _measure(font)
    try:
        left, bottom, right, top = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    if measured is None or right - left <= 2 * inset:
        return None
    _width_of, ascent = measured
    size = size or 12.0
    line = size * LEADING
    clip = f"{number(left)} {number(bottom)} {number(right - left)} {number(top - bottom)}"
    ops, y = [f"q {clip} re W n"], top - inset
    for index, text in options:
        if y <= bottom:
            break
        fill = colour or "0 g"
        if index in chosen:
            bar = f"{number(left)} {number(y - line)} {number(right - left)} {number(line)}"
            ops.append(f"q {CHOSEN} {bar} re f Q")
            fill = "1 g"
        baseline = y - (line - size) / 2 - ascent * size / 1000
        ops.append(
            f"BT {fill} {font_name} {number(size)} Tf 1 0 0 1 {number(left + inset)} "
            f"{number(baseline)} Tm {_string(text)} Tj ET"
        )
        y -= line
    ops.append("Q")
    return "\n".join(ops).encode("latin-1")


def combed_value(text, cells: int, *, font, font_operator, size, box) -> bytes | None:
    """Operators that write text one character to a cell, each centred in its cell (a comb
    field: a CPR number's ten boxes); None where the font cannot be measured."""
    measured = _measure(font)
    try:
        left, bottom, right, top = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    if measured is None or cells < 1:
        return None
    width, _ascent = measured
    cell = (right - left) / cells
    size = size or min(12.0, (top - bottom) * 0.8)
    y = (top + bottom) / 2 - CAP_HEIGHT * size / 2
    clip = f"{number(left)} {number(bottom)} {number(right - left)} {number(top - bottom)}"
    ops = [f"q {clip} re W n", f"BT {font_operator} {number(size)} Tf"]
    for n, char in enumerate(text[:cells]):
        x = left + n * cell + (cell - width(char) * size / 1000) / 2
        ops.append(f"1 0 0 1 {number(x)} {number(y)} Tm {_string(char)} Tj")
    ops.append("ET Q")
    return "\n".join(ops).encode("latin-1")


def replace_variable_text(stream: pikepdf.Stream, operators: bytes) -> None:
    """Put operators between the stream's /Tx BMC and its EMC (where a value is written),
    keeping what is around them; a stream without that section gets one at its end."""
    instructions = list(pikepdf.parse_content_stream(stream))
    start = next(
        (n for n, (operands, op) in enumerate(instructions)
         if str(op) == "BMC" and operands and operands[0] == Name.Tx),
        None,
    )  # fmt: skip
    if start is None:
        stream.write(stream.read_bytes() + b"\n/Tx BMC\n" + operators + b"\nEMC\n")
        return
    depth, end = 0, len(instructions)
    for n in range(start, len(instructions)):
        op = str(instructions[n][1])
        depth += 1 if op in ("BMC", "BDC") else -1 if op == "EMC" else 0
        if depth == 0:
            end = n
            break
    before = pikepdf.unparse_content_stream(instructions[: start + 1])
    after = pikepdf.unparse_content_stream(instructions[end:])
    stream.write(before + b"\n" + operators + b"\n" + after)


def _measure(font):
    """(width of a character in thousandths of the font size, the font's ascent) for a font
    written in WinAnsi: from its own /Widths, or a standard font's metrics."""
    if not isinstance(font, pikepdf.Dictionary) or font.get("/Encoding") != Name.WinAnsiEncoding:
        return None
    widths = font.get("/Widths")
    if isinstance(widths, pikepdf.Array) and len(widths):
        table, first = [float(w) for w in widths], int(font.get("/FirstChar", 0))
        default = sum(table) / len(table)

        def width(char: str) -> float:
            code = char.encode("cp1252", "replace")[0] - first
            return table[code] if 0 <= code < len(table) else default

        ascent = float(font.get("/FontDescriptor", {}).get("/Ascent", 0)) or 800.0
        return width, ascent
    metrics = CORE_FONT_METRICS.get(str(font.get("/BaseFont", "")).lstrip("/"))
    if metrics is None:
        return None
    known = metrics.character_widths
    return (lambda char: known.get(char, known["default"])), metrics.font_descriptor.ascent


def _width(text: str, width) -> float:
    return sum(width(char) for char in text)


def _fit(text: str, width, size: float, room) -> tuple[float, list[str]]:
    """The field's font size, or, where it says "auto", the largest at which the text fits;
    and the text in lines at that size."""
    for tried in [size] if size else AUTO_SIZES:
        lines = _lines(text, width, room[0] * 1000 / tried)
        if len(lines) * tried * LEADING <= room[1]:
            break
    return tried, lines


def _lines(text: str, width, room: float) -> list[str]:
    """The text in lines no wider than room (thousandths of the font size): broken at its own
    line breaks, between words, and inside a word longer than a line."""
    lines = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate, width) > room:
                lines.append(line)
                candidate = word
            while len(candidate) > 1 and _width(candidate, width) > room:
                cut = len(candidate) - 1
                while cut > 1 and _width(candidate[:cut], width) > room:
                    cut -= 1
                lines.append(candidate[:cut])
                candidate = candidate[cut:]
            line = candidate
        lines.append(line)
    return lines


def _string(text: str) -> str:
    raw = text.encode("cp1252", "replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
