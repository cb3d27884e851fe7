"""Form fields a file leaves its viewer to draw, drawn as viewers draw them.

A form that sets NeedAppearances asks the viewer to draw its fields, and some writers rely on
it: LaTeX's hyperref gives a text field no appearance at all and a check box a placeholder.
A field with no appearance is drawn by viewers in any form (PDFium's tests have list boxes
with none).
Viewers then draw each field's frame from its appearance characteristics (/MK: background and
border colours; /BS: border width and style) and, in a check box or radio button that is on,
its mark (/MK /CA, a ZapfDingbats character). The reader's copy draws form fields into the page
(safety.flatten_forms), so before it does, it gives these fields the same appearance: a text or
choice field gets its frame around an empty variable-text section that qpdf then fills with the
value, a check box or radio button gets its frame and, when on, its mark. A field whose file
draws it completely keeps the file's drawing. Pure pikepdf, no Django."""

import contextlib
from decimal import Decimal

import pikepdf
from pikepdf import Name

from meetings.publishing.objects import inherited

# ZapfDingbats: advance and glyph box (thousandths of the font size) of the marks forms use
# (check, cross, circle, square, diamond, star); others are centred by a typical box.
MARKS = {
    "4": (35, -14, 811, 706),
    "8": (36, -14, 642, 705),
    "l": (35, -14, 757, 708),
    "n": (35, 0, 726, 691),
    "u": (35, -14, 754, 705),
    "H": (35, -13, 782, 707),
}
TYPICAL_MARK = (35, -14, 760, 706)
RADIO, PUSHBUTTON = 1 << 15, 1 << 16
STANDARD_LATIN = {
    f"/{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
    )
    for style in styles
}


def draw_left_to_viewer(pdf: pikepdf.Pdf) -> None:
    """Give every field the file leaves to its viewer the appearance a viewer gives it."""
    form = pdf.Root.get("/AcroForm")
    if not isinstance(form, pikepdf.Dictionary):
        return
    every = bool(form.get("/NeedAppearances", False))
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for widget in annots:
            if not isinstance(widget, pikepdf.Dictionary) or widget.get("/Subtype") != Name.Widget:
                continue
            if every:
                _draw(pdf, form, widget)
            elif "/AP" not in widget:
                _draw(pdf, form, widget)
                _generate(pdf, widget)  # qpdf generates all values only under NeedAppearances


def _generate(pdf, widget) -> None:
    if inherited(widget, "/FT") not in (Name.Tx, Name.Ch):
        return
    annotation = pikepdf.Annotation(widget)
    with contextlib.suppress(pikepdf.PdfError, AttributeError):
        pdf.acroform.get_field_for_annotation(annotation).generate_appearance(annotation)


def _draw(pdf, form, widget) -> None:
    kind, flags = inherited(widget, "/FT"), int(inherited(widget, "/Ff") or 0)
    size = _size(widget)
    if size is not None and not int(widget.get("/MK", {}).get("/R", 0)) % 360:
        if kind in (Name.Tx, Name.Ch) and "/AP" not in widget:
            # qpdf writes the value between /Tx BMC and EMC and keeps what is around them;
            # viewers keep it off the frame, as far in as the frame is wide and once more.
            inset = _number(2 * _border_width(widget))
            section = f"q 1 0 0 1 {inset} 0 cm\n/Tx BMC\nEMC\nQ\n".encode()
            _appear(pdf, form, widget, size, _frame(widget, *size) + section)
        elif kind == Name.Btn and not flags & PUSHBUTTON and _incomplete(widget):
            mark = _mark(form, widget, flags, *size) if _is_on(widget) else b""
            _appear(pdf, form, widget, size, _frame(widget, *size) + mark)
    if kind in (Name.Tx, Name.Ch):
        _write_in_win_ansi(form, widget)


def _appear(pdf, form, widget, size, content: bytes) -> None:
    width, height = size
    widget.AP = pikepdf.Dictionary(
        N=pdf.make_stream(
            content,
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=[0, 0, width, height],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(ZaDb=_dingbats(pdf, form))),
        )
    )
    if "/AS" in widget:
        del widget["/AS"]


def _write_in_win_ansi(form, widget) -> None:
    """qpdf writes a value in its font's encoding when that is WinAnsi or MacRoman, and as ASCII
    otherwise ("Søren Ærø" → "S?ren ?r?"). Acrobat, iText and hyperref name Helvetica with an
    encoding of their own (/Helv), so a form filled in by a program that leaves the drawing to
    the viewer lost every Danish letter. Where the font is one of the standard Latin fonts, not
    embedded, the value's appearance gets the same font in WinAnsi under the same name."""
    normal = widget.get("/AP", {}).get("/N")
    name = _appearance_text(inherited(widget, "/DA") or form.get("/DA"))[0]
    if not isinstance(normal, pikepdf.Stream) or name is None:
        return
    resources = normal.get("/Resources", pikepdf.Dictionary())
    fonts = resources.get("/Font", pikepdf.Dictionary())
    font = fonts.get(name) or form.get("/DR", {}).get("/Font", {}).get(name)
    if (
        not isinstance(font, pikepdf.Dictionary)
        or font.get("/Subtype") != Name.Type1
        or "/FontDescriptor" in font
        or str(font.get("/BaseFont")) not in STANDARD_LATIN
        or font.get("/Encoding") in (Name.WinAnsiEncoding, Name.MacRomanEncoding)
    ):
        return
    win_ansi = pikepdf.Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=font.BaseFont, Encoding=Name.WinAnsiEncoding
    )
    # New dictionaries: the stream's resources may be shared with other appearances.
    fonts = pikepdf.Dictionary({**dict(fonts.items()), name: win_ansi})
    normal.Resources = pikepdf.Dictionary({**dict(resources.items()), "/Font": fonts})


def _size(widget) -> tuple[float, float] | None:
    try:
        left, bottom, right, top = (float(v) for v in widget.Rect)
    except (AttributeError, TypeError, ValueError):
        return None
    width, height = abs(right - left), abs(top - bottom)
    return (width, height) if width and height else None


def _incomplete(widget) -> bool:
    """A check box or radio button without a drawing for each of its states (hyperref writes an
    empty dictionary for "on" and nothing for "Off")."""
    normal = widget.get("/AP", {}).get("/N")
    if isinstance(normal, pikepdf.Stream):
        return False
    if not isinstance(normal, pikepdf.Dictionary) or Name.Off not in normal:
        return True
    return not all(isinstance(state, pikepdf.Stream) for state in normal.values())


def _is_on(widget) -> bool:
    state = widget.get("/AS")
    if state is not None:
        return state != Name.Off
    value = inherited(widget, "/V")
    normal = widget.get("/AP", {}).get("/N")
    states = set(normal.keys()) - {"/Off"} if isinstance(normal, pikepdf.Dictionary) else set()
    return isinstance(value, Name) and str(value) in states


def _number(value) -> str:
    return f"{Decimal(str(round(float(value), 4))).normalize():f}"


def _colour(components, stroke: bool) -> str | None:
    """A /MK colour as an operator: none, gray, RGB or CMYK by its number of components."""
    if not isinstance(components, pikepdf.Array):
        return None
    operator = {1: "g", 3: "rg", 4: "k"}.get(len(components))
    if operator is None:
        return None
    return " ".join([*(_number(c) for c in components), operator.upper() if stroke else operator])


def _border_width(widget) -> float:
    style = widget.get("/BS")
    if isinstance(style, pikepdf.Dictionary) and "/W" in style:
        return float(style.W)
    border = widget.get("/Border")
    if isinstance(border, pikepdf.Array) and len(border) >= 3:
        return float(border[2])
    return 1.0


def _frame(widget, width: float, height: float) -> bytes:
    characteristics = widget.get("/MK", pikepdf.Dictionary())
    w, h = _number(width), _number(height)
    ops = []
    background = _colour(characteristics.get("/BG"), stroke=False)
    if background:
        ops.append(f"q {background} 0 0 {w} {h} re f Q")
    border, line = _colour(characteristics.get("/BC"), stroke=True), _border_width(widget)
    if border and line > 0:
        style = widget.get("/BS", {}).get("/S", Name.S)
        half = _number(line / 2)
        dash = "[3] 0 d " if style == Name.D else ""
        if style == Name.U:  # underline: the bottom edge only
            path = f"0 {half} m {w} {half} l S"
        else:  # solid, dashed; beveled and inset are drawn solid
            path = f"{half} {half} {_number(width - line)} {_number(height - line)} re S"
        ops.append(f"q {border} {_number(line)} w {dash}{path} Q")
    return ("\n".join(ops) + "\n").encode() if ops else b""


def _mark(form, widget, flags: int, width: float, height: float) -> bytes:
    caption = str(widget.get("/MK", {}).get("/CA", "")) or ("l" if flags & RADIO else "4")
    char = caption[0]
    if ord(char) > 126:
        return b""
    left, bottom, right, top = MARKS.get(char, TYPICAL_MARK)
    _font, size, colour = _appearance_text(inherited(widget, "/DA") or form.get("/DA"))
    line = _border_width(widget)
    if not size:  # auto: the mark fills the frame's inside
        size = min((width - 4 * line) / (right - left), (height - 4 * line) / (top - bottom))
        size = max(size * 1000, 1.0)
    x = (width - (right - left) * size / 1000) / 2 - left * size / 1000
    y = (height - (top - bottom) * size / 1000) / 2 - bottom * size / 1000
    text = "\\" + char if char in "()\\" else char
    return (
        f"q BT {colour or '0 g'} /ZaDb {_number(size)} Tf {_number(x)} {_number(y)} Td ({text}) Tj ET Q\n"
    ).encode()


def _appearance_text(default) -> tuple[str | None, float, str | None]:
    """The font name, font size and fill colour a field's default appearance (/DA) names."""
    tokens = str(default or "").split()
    font, size, colour = None, 0.0, None
    for n, token in enumerate(tokens):
        count = {"Tf": 1, "g": 1, "rg": 3, "k": 4}.get(token, 0)
        operands = tokens[n - count : n] if n >= count else []
        if not operands or not all(_is_number(o) for o in operands):
            continue
        if token == "Tf":
            font, size = (tokens[n - 2] if n >= 2 else None), float(operands[0])
        else:
            colour = " ".join([*operands, token])
    return font, size, colour


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _dingbats(pdf, form):
    fonts = form.get("/DR", {}).get("/Font", {})
    for font in fonts.values() if isinstance(fonts, pikepdf.Dictionary) else ():
        if isinstance(font, pikepdf.Dictionary) and font.get("/BaseFont") == Name.ZapfDingbats:
            return font
    return pdf.make_indirect(
        pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.ZapfDingbats)
    )
