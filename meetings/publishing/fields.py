"""Form fields a file leaves its viewer to draw, drawn as viewers draw them.

A form that sets NeedAppearances asks the viewer to draw its fields, and some writers rely on
it: LaTeX's hyperref gives a text field no appearance at all and a check box a placeholder. A
field with no appearance is drawn by viewers in any form (Acrobat leaves text fields without
one; PDFium's tests have list boxes with none). Viewers draw each field's frame from its
appearance characteristics (/MK: background and border colours; /BS: border width and style),
its value inside, and, in a check box or radio button that is on, its mark (/MK /CA, a
ZapfDingbats character).

The reader's copy draws form fields into the page (safety.flatten_forms), so before it does, it
gives these fields the same appearance, one field at a time: a text or choice field without one
gets its frame around an empty variable-text section, which qpdf fills with the value (in
WinAnsi where the font allows, for the Danish letters), or which wrapping.py fills for a
multi-line field, a comb or a list box; a check box or radio button shows the state its value
names, and where its drawing is missing or a placeholder it gets its frame and, when on, its
mark. A field whose file draws it completely keeps the file's drawing, and so does a field
whose entries are broken. Pure pikepdf, no Django."""

import contextlib

import pikepdf
from pikepdf import Name

from meetings.publishing.objects import inherited, number
from meetings.publishing.wrapping import (
    combed_value,
    listed_options,
    replace_variable_text,
    wrapped_value,
    writing,
)

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
MULTILINE, RADIO, PUSHBUTTON, COMBO, COMB = 1 << 12, 1 << 15, 1 << 16, 1 << 17, 1 << 24
BROKEN_ENTRY = (TypeError, ValueError, AttributeError, LookupError, ArithmeticError)
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
    """Give every field the file leaves to its viewer the appearance a viewer gives it: every
    field of a form that asks for it (NeedAppearances, which is then done), elsewhere a field
    that has no appearance."""
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
            if every or "/AP" not in widget:
                # A field whose entries are broken (a name where a number belongs, an array for a
                # dictionary) keeps what the file draws of it; the others are drawn.
                with contextlib.suppress(pikepdf.PdfError, *BROKEN_ENTRY):
                    if every:
                        _state_from_value(pdf, widget)
                    _draw(pdf, form, widget)
    if every:
        form.NeedAppearances = False


def _draw(pdf, form, widget) -> None:
    kind, flags = inherited(widget, "/FT"), int(inherited(widget, "/Ff") or 0)
    size = _size(widget)
    upright = size is not None and not int(widget.get("/MK", {}).get("/R", 0)) % 360
    if kind in (Name.Tx, Name.Ch):
        if upright and "/AP" not in widget:
            # qpdf writes the value between /Tx BMC and EMC and keeps what is around them;
            # viewers keep it off the frame, as far in as the frame is wide and once more.
            inset = number(2 * _border_width(widget))
            section = f"q 1 0 0 1 {inset} 0 cm\n/Tx BMC\nEMC\nQ\n".encode()
            _appear(pdf, form, widget, size, _frame(widget, *size) + section)
        _write_in_win_ansi(form, widget)
        if kind == Name.Tx and flags & MULTILINE:
            drawn = _write_wrapped(form, widget)
        elif kind == Name.Tx and flags & COMB:
            drawn = _write_combed(form, widget)
        else:
            drawn = kind == Name.Ch and not flags & COMBO and _write_list(form, widget)
        if not drawn:
            _generate(pdf, widget)
    elif kind == Name.Btn and upright and not flags & PUSHBUTTON and _incomplete(widget):
        mark = _mark(form, widget, flags, *size) if _is_on(widget) else b""
        _appear(pdf, form, widget, size, _frame(widget, *size) + mark)


def _state_from_value(pdf, widget) -> None:
    """A check box or radio button shows the state its field's value names, as in a viewer
    asked to draw the form: a program that fills one in may set the value only."""
    if inherited(widget, "/FT") != Name.Btn:
        return
    annotation = pikepdf.Annotation(widget)
    field = pdf.acroform.get_field_for_annotation(annotation)
    if (field.is_checkbox or field.is_radio_button) and isinstance(field.value, Name):
        field.set_value(field.value)


def _generate(pdf, widget) -> None:
    """qpdf's appearance for one field's value: a single line (a text field, a combo box's
    choice), and a list box where its font cannot be measured."""
    annotation = pikepdf.Annotation(widget)
    with contextlib.suppress(pikepdf.PdfError, AttributeError):
        pdf.acroform.get_field_for_annotation(annotation).generate_appearance(annotation)


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
    normal, name, font = _value_font(form, widget)
    if font is None or (
        font.get("/Subtype") != Name.Type1
        or "/FontDescriptor" in font
        or str(font.get("/BaseFont")) not in STANDARD_LATIN
        or font.get("/Encoding") in (Name.WinAnsiEncoding, Name.MacRomanEncoding)
    ):
        return
    win_ansi = pikepdf.Dictionary(
        Type=Name.Font, Subtype=Name.Type1, BaseFont=font.BaseFont, Encoding=Name.WinAnsiEncoding
    )
    _give_font(normal, name, win_ansi)


def _write_wrapped(form, widget) -> bool:
    """A multi-line field's value as viewers draw it: from the top, wrapped at the field's
    width (qpdf writes it on one line, cut off at the field's edge)."""
    text, inset = _text_value(widget), 2 * _border_width(widget) + 1
    alignment = int(inherited(widget, "/Q") or 0)
    return _write_value(
        form, widget, lambda w: wrapped_value(text, w, inset=inset, alignment=alignment)
    )


def _write_combed(form, widget) -> bool:
    """A comb field's value one character to a box, as viewers draw it."""
    cells = inherited(widget, "/MaxLen")
    if not isinstance(cells, int):
        return False
    text = _text_value(widget)
    return _write_value(form, widget, lambda w: combed_value(text, cells, w))


def _write_list(form, widget) -> bool:
    """A list box as viewers draw it: its options from the first one shown, the chosen ones
    marked (by /I, else by the value); qpdf writes one line."""
    options = inherited(widget, "/Opt")
    if not isinstance(options, pikepdf.Array):
        return False
    # An option is its display text, or [export value, display text].
    pairs = [
        (str(o[0]), str(o[1])) if isinstance(o, pikepdf.Array) and len(o) >= 2 else (str(o), str(o))
        for o in options
    ]
    indices = inherited(widget, "/I")
    if isinstance(indices, pikepdf.Array):
        chosen = {int(i) for i in indices}
    else:
        value = inherited(widget, "/V")
        values = {str(v) for v in value} if isinstance(value, pikepdf.Array) else {str(value)}
        chosen = {n for n, (export, _shown) in enumerate(pairs) if export in values}
    shown = [(n, text) for n, (_export, text) in enumerate(pairs)][
        int(inherited(widget, "/TI") or 0) :
    ]
    inset = _border_width(widget) + 1
    return _write_value(form, widget, lambda w: listed_options(shown, chosen, w, inset=inset))


def _text_value(widget) -> str:
    value = inherited(widget, "/V")
    return str(value) if isinstance(value, pikepdf.String) else ""


def _write_value(form, widget, lay_out) -> bool:
    """Write a field's value as lay_out lays it out (operators, from how it is written: font,
    size, colour and box), where the font can be measured; False where it cannot."""
    normal, name, font = _value_font(form, widget)
    if font is None:
        return False
    _name, size, colour = _appearance_text(inherited(widget, "/DA") or form.get("/DA"))
    how = writing(font, name, size, colour, normal.get("/BBox"))
    operators = lay_out(how) if how is not None else None
    if operators is None:
        return False
    _give_font(normal, name, font)
    replace_variable_text(normal, operators)
    return True


def _value_font(form, widget):
    """(the field's normal appearance, the /DA font's name, the font) as a value is written
    with it: from the appearance's resources, else the form's; Nones where there is none."""
    normal = widget.get("/AP", {}).get("/N")
    name = _appearance_text(inherited(widget, "/DA") or form.get("/DA"))[0]
    if not isinstance(normal, pikepdf.Stream) or name is None:
        return None, None, None
    font = normal.get("/Resources", {}).get("/Font", {}).get(name)
    font = font or form.get("/DR", {}).get("/Font", {}).get(name)
    return normal, name, font if isinstance(font, pikepdf.Dictionary) else None


def _give_font(normal, name: str, font) -> None:
    """The font under the name in the appearance's resources, in new dictionaries: the
    resources may be shared with other appearances."""
    resources = normal.get("/Resources", pikepdf.Dictionary())
    fonts = pikepdf.Dictionary({**dict(resources.get("/Font", {}).items()), name: font})
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


def _colour(components, stroke: bool) -> str | None:
    """A /MK colour as an operator: none, gray, RGB or CMYK by its number of components."""
    if not isinstance(components, pikepdf.Array):
        return None
    operator = {1: "g", 3: "rg", 4: "k"}.get(len(components))
    if operator is None:
        return None
    return " ".join([*(number(c) for c in components), operator.upper() if stroke else operator])


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
    w, h = number(width), number(height)
    ops = []
    background = _colour(characteristics.get("/BG"), stroke=False)
    if background:
        ops.append(f"q {background} 0 0 {w} {h} re f Q")
    border, line = _colour(characteristics.get("/BC"), stroke=True), _border_width(widget)
    if border and line > 0:
        style = widget.get("/BS", {}).get("/S", Name.S)
        half = number(line / 2)
        dash = "[3] 0 d " if style == Name.D else ""
        if style == Name.U:  # underline: the bottom edge only
            path = f"0 {half} m {w} {half} l S"
        else:  # solid, dashed; beveled and inset are drawn solid
            path = f"{half} {half} {number(width - line)} {number(height - line)} re S"
        ops.append(f"q {border} {number(line)} w {dash}{path} Q")
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
        f"q BT {colour or '0 g'} /ZaDb {number(size)} Tf {number(x)} {number(y)} Td ({text}) Tj ET Q\n"
    ).encode()


def _appearance_text(default) -> tuple[str | None, float, str | None]:
    """The font name, font size and fill colour a field's default appearance (/DA) names."""
    tokens = str(default or "").split()
    font, size, colour = None, 0.0, None
    for n, token in enumerate(tokens):
        count = {"Tf": 1, "g": 1, "rg": 3, "k": 4}.get(token, 0)
        operands = tokens[n - count : n] if n >= count else []
        if not operands or not all(_isnumber(o) for o in operands):
            continue
        if token == "Tf":
            font, size = (tokens[n - 2] if n >= 2 else None), float(operands[0])
        else:
            colour = " ".join([*operands, token])
    return font, size, colour


def _isnumber(token: str) -> bool:
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
