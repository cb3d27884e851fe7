"""Small real PDFs for tests, made with pikepdf (fast) — text pages, landscape pages, encrypted."""

import io

import pikepdf


def make_pdf(pages: int = 1, text: str = "Bilag", *, size=(595, 842)) -> bytes:
    lines = [[f"{text} side {number}"] for number in range(1, pages + 1)]
    return text_pdf(lines, size=size, start=b"BT /F1 14 Tf 72 720 Td")


def text_pdf(pages: list[list[str]], *, size=(595, 842), start=b"BT /F1 10 Tf 14 TL 50 800 Td"):
    """A PDF with the given lines of Helvetica text on each page."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for lines in pages:
        pdf.add_blank_page(page_size=size)
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        ops = [start]
        for line in lines:
            data = line.encode("cp1252", "replace")
            data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + data + b") Tj T*")
        ops.append(b"ET")
        page.Contents = pdf.make_stream(b"\n".join(ops))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypt(data: bytes, user_password: str = "hemmelig") -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="ejer", user=user_password))
    return out.getvalue()


def with_hidden_layer(data: bytes, layer: str, text: str) -> bytes:
    """The PDF with a layer named `layer`, turned off, that writes `text` on the first page (as a
    map's owners or a report's notes are hidden)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        group = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=layer))
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=pikepdf.Array([group]), D=pikepdf.Dictionary(OFF=pikepdf.Array([group]))
        )
        page = pdf.pages[0]
        page.add_resource(group, pikepdf.Name.Properties, pikepdf.Name("/Skjult"))
        shown = text.encode("cp1252").replace(b"(", b"\\(").replace(b")", b"\\)")
        page.contents_add(
            pdf.make_stream(b"/OC /Skjult BDC BT /F1 12 Tf 72 500 Td (%s) Tj ET EMC" % shown)
        )
        pdf.save(out)
    return out.getvalue()


def with_signature(data: bytes, signer: str = "Lone Underskriver") -> bytes:
    """The PDF with a signature field holding a signature, laid out as a signing program leaves
    it: its byte ranges cover the file but the signature's hex string. The bytes of that string
    are no valid signature: the portal counts signatures and passes them on, it does not check
    them (tests/annexes/corpus holds really signed files)."""
    placeholder = [1111111111, 2222222222, 3333333333]
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        value = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Sig,
                Filter=pikepdf.Name("/Adobe.PPKLite"),
                SubFilter=pikepdf.Name("/ETSI.CAdES.detached"),
                ByteRange=pikepdf.Array([0, *placeholder]),
                Contents=pikepdf.String(bytes(64)),
                Name=signer,
                M="D:20240312101500+01'00'",
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                FT=pikepdf.Name.Sig, T="Underskrift1", V=value, Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget, Rect=pikepdf.Array([0, 0, 0, 0]), F=132,
                P=pdf.pages[0].obj,
            )
        )  # fmt: skip
        pdf.pages[0].obj.Annots = pikepdf.Array([field])
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]), SigFlags=3)
        pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    signed = out.getvalue()
    start = signed.index(b"<" + b"00" * 64 + b">")
    end = start + 2 + 128
    ranges = b"0 %d %d %d" % (start, end, len(signed) - end)
    written = b"0 " + b" ".join(b"%d" % number for number in placeholder)
    return signed.replace(written, ranges.ljust(len(written)), 1)


def with_update(data: bytes, *, objects: dict | None = None, **catalog) -> bytes:
    """The PDF with an incremental update, as a program that changes a signed file without
    breaking its signatures writes it: entries added to its catalogue (direct objects), and
    `objects` ({(number, generation): body}) written anew. What the update replaces stays in
    the file before it."""
    objects = dict(objects or {})
    if catalog:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            root = pdf.Root
            for key, entry in catalog.items():
                root[f"/{key}"] = entry
            objects[root.objgen] = root.unparse(resolved=True)
            root_ref = root.objgen
    else:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            root_ref = pdf.Root.objgen
    previous = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    update, offsets = b"\n", {}
    for (number, generation), body in sorted(objects.items()):
        offsets[number, generation] = len(data) + len(update)
        update += b"%d %d obj\n%s\nendobj\n" % (number, generation, body)
    xref = len(data) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n"
    for (number, generation), at in sorted(offsets.items()):
        update += b"%d 1\n%010d %05d n \n" % (number, at, generation)
    update += b"trailer\n<< /Size %d /Root %d %d R /Prev %d >>\n" % (
        max(_size(data), max(number for number, _ in objects) + 1),
        *root_ref,
        previous,
    )
    return data + update + b"startxref\n%d\n%%%%EOF\n" % xref


def _size(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return int(pdf.trailer.Size)
