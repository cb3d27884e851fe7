"""Small real PDFs for tests, made with pikepdf (fast) — text pages, landscape pages, encrypted —
and signed with pyHanko."""

import datetime
import functools
import io
from concurrent.futures import ThreadPoolExecutor

import pikepdf
from asn1crypto import keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


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


@functools.cache
def _signing_key():
    return ec.generate_private_key(ec.SECP256R1())


def _certificate(name: str, organisation: str):
    """A self-signed certificate laid out as a MitID Erhverv employee certificate names its
    holder: common name, organisation with its CVR number, and an identifier as serial number."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "DK"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, "UI:DK-E:G:0b7d1c5e-5c7d-4e0b-9d4a-2f6f1c0e4a11"),
    ])  # fmt: skip
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    return (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(_signing_key().public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365 * 30))
        .sign(_signing_key(), hashes.SHA256())
    )  # fmt: skip


def with_signature(
    data: bytes,
    signer: str = "Lone Underskriver",
    organisation: str = "KKR Nordjylland // CVR:29189501",
    field: str = "Underskrift1",
) -> bytes:
    """The PDF signed by `signer` with pyHanko, as a signing program leaves it: an incremental
    update with a signature field whose signature covers the whole file as it then was. The
    certificate is self-signed (no reader's program trusts it; the signature itself holds)."""
    der = serialization.Encoding.DER
    key = _signing_key().private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    simple = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(
            _certificate(signer, organisation).public_bytes(der)
        ),
        signing_key=keys.PrivateKeyInfo.load(key),
        cert_registry=SimpleCertificateStore(),
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if writer.prev.encrypted:  # encrypted with an empty user password, as some services send
        writer.encrypt("")
    metadata = signers.PdfSignatureMetadata(field_name=field)
    # pyHanko signs under asyncio.run, which cannot start in a thread whose event loop runs
    # (Playwright's, once a browser test has run): it signs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        out = pool.submit(signers.sign_pdf, writer, metadata, signer=simple).result()
    return out.getvalue()


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
