"""Form field values that take more than one line, laid out as viewers lay them out.

A multi-line text field's value: from the top of the field, at its own line breaks and between
words wrapped at the field's width, aligned as the field says (/Q); qpdf writes a value on one
line, cut off at the field's edge, so a long answer lost all but its first words. A comb
field's value one character to a box (qpdf writes it as one word). A list box:
its options from the first one shown (/TI), the chosen ones marked; qpdf writes one line.
Done where the font's widths and encoding are known: a standard font (Adobe's metrics, as pypdf
carries them) or one with its own /Widths, written in WinAnsi. Pure pikepdf, no Django."""

from collections.abc import Callable
from dataclasses import dataclass

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
MAX_VALUE = 20_000  # characters of a value laid out: more than the largest field shows
CHOSEN = "0 0.2 0.44 rg"  # a chosen option's bar (white text on dark blue, as PDFium marks it)


@dataclass(frozen=True)
class Writing:
    """How a field's value is written: its font (measured), name, size and colour, and the box
    (the appearance's /BBox) it is written in."""

    width: Callable[[str], float]  # of a character, in thousandths of the font size
    ascent: float
    font_name: str
    size: float  # 0: "auto"
    colour: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def clip(self) -> str:
        box = (self.left, self.bottom, self.right - self.left, self.top - self.bottom)
        return " ".join(number(v) for v in box) + " re W n"

    def font(self, size: float, colour: str | None = None) -> str:
        return f"{colour or self.colour} {self.font_name} {number(size)} Tf"


def writing(font, font_name: str, size: float, colour: str | None, box) -> Writing | None:
    """How a value is written in the font and box, or None where the font cannot be measured
    or the box is none."""
    measured = _measure(font)
    try:
        left, bottom, right, top = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    if measured is None or right <= left or top <= bottom:
        return None
    return Writing(*measured, font_name, size, colour or "0 g", left, bottom, right, top)


def wrapped_value(text: str, w: Writing, *, inset: float, alignment: int) -> bytes | None:
    """Operators that write a multi-line field's text from the top of the box, wrapped at its
    width, aligned as /Q says (0 left, 1 centred, 2 right)."""
    if w.right - w.left <= 2 * inset:
        return None
    room = (w.right - w.left - 2 * inset, w.top - w.bottom - 2 * inset)
    size, lines = _fit(text[:MAX_VALUE], w.width, w.size, room)
    ops = [f"q {w.clip}", f"BT {w.font(size)}"]
    y = w.top - inset - w.ascent * size / 1000
    if len(lines) == 1 and size * LEADING > room[1]:
        # A field too low for its one line: centred, legible where viewers cut it off.
        y = (w.top + w.bottom) / 2 - CAP_HEIGHT * size / 2
    for line in lines:
        spare = room[0] - _width(line, w.width) * size / 1000
        x = w.left + inset + {1: spare / 2, 2: spare}.get(alignment, 0)
        ops.append(f"1 0 0 1 {number(x)} {number(y)} Tm {_string(line)} Tj")
        y -= size * LEADING
    ops.append("ET Q")
    return "\n".join(ops).encode("latin-1")


def listed_options(options, chosen: set[int], w: Writing, *, inset: float) -> bytes:
    """Operators that list the options ((index, display text), from the first one shown) in
    the box, the chosen ones on a bar."""
    size = w.size or 12.0
    line = size * LEADING
    ops, y = [f"q {w.clip}"], w.top - inset
    for index, text in options:
        if y <= w.bottom:
            break
        fill = None
        if index in chosen:
            bar = f"{number(w.left)} {number(y - line)} {number(w.right - w.left)} {number(line)}"
            ops.append(f"q {CHOSEN} {bar} re f Q")
            fill = "1 g"
        baseline = y - (line - size) / 2 - w.ascent * size / 1000
        x = number(w.left + inset)
        ops.append(
            f"BT {w.font(size, fill)} 1 0 0 1 {x} {number(baseline)} Tm {_string(text)} Tj ET"
        )
        y -= line
    ops.append("Q")
    return "\n".join(ops).encode("latin-1")


def combed_value(text: str, cells: int, w: Writing) -> bytes | None:
    """Operators that write text one character to a cell, each centred in its cell (a comb
    field: a CPR number's ten boxes)."""
    if cells < 1:
        return None
    cell = (w.right - w.left) / cells
    size = w.size or min(12.0, (w.top - w.bottom) * 0.8)
    y = (w.top + w.bottom) / 2 - CAP_HEIGHT * size / 2
    ops = [f"q {w.clip}", f"BT {w.font(size)}"]
    for n, char in enumerate(text[:cells]):
        x = w.left + n * cell + (cell - w.width(char) * size / 1000) / 2
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
    line breaks, between words, and inside a word longer than a line (in one pass: a value
    may be long)."""
    lines = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            wide, space = _width(word, width), width(" ") if line else 0.0
            if line and used + space + wide > room:
                lines.append(line)
                line, used, space = "", 0.0, 0.0
            if not line and wide > room:  # longer than a line: cut where the line is full
                for char in word:
                    if line and used + width(char) > room:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + char, used + width(char)
                continue
            line, used = (f"{line} {word}" if line else word), used + space + wide
        lines.append(line)
    return lines


def _string(text: str) -> str:
    raw = text.encode("cp1252", "replace").decode("latin-1")
    return "(" + raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
