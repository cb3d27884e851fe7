"""Who signed an annex, when, and whether each signature still holds: read from the file as it was
sent with pyHanko. A signature holds when the bytes it covers are unchanged and it was made with
the key of the certificate it names. Whether that certificate is one a reader should trust is not
decided here (no trust roots are kept, nothing is fetched): a reader's PDF program checks that in
the signed original. No Django; run inside the bounded upload check, for a signed file only
(pyHanko takes half a second to load: the waiting checker loads it once, see `checker.py`)."""

import datetime
import importlib
import logging
import re
import time
import warnings
from zoneinfo import ZoneInfo

_USED = (
    "pyhanko.pdf_utils.reader",
    "pyhanko.sign.fields",
    "pyhanko.sign.validation.pdf_embedded",
    "pyhanko_certvalidator",
)
MAX_SIGNERS = 50
MAX_NAME = 200
_LOCAL = ZoneInfo("Europe/Copenhagen")
# MitID Erhverv certificates name the organisation as "Navn // CVR:12345678".
_CVR = re.compile(r"\s*//\s*CVR:\s*\d+\s*$")

# pyHanko logs every certificate it cannot build a path for, which is every one here.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)


def _text(value) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(part) for part in value)
    return " ".join(str(value or "").split())[:MAX_NAME]


def _who(certificate) -> tuple[str, str]:
    subject = certificate.subject.native
    name = _text(subject.get("common_name") or subject.get("pseudonym"))
    organisation = _CVR.sub("", _text(subject.get("organization_name")))
    return name, organisation if organisation != name else ""


def _day(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_LOCAL)
    return moment.date().isoformat()


def _holds(signature, context) -> tuple[bool, datetime.datetime | None]:
    """Whether the signature covers the bytes as they are and matches its certificate's key, and
    when it was made (a time stamp's time before the signer's own)."""
    from pyhanko.sign.validation import validate_pdf_signature

    status = validate_pdf_signature(
        signature, signer_validation_context=context, ts_validation_context=context, skip_diff=True
    )
    stamped = status.timestamp_validity.timestamp if status.timestamp_validity else None
    return bool(status.intact and status.valid), stamped or status.signer_reported_dt


def _signer(signature, context, in_time: bool) -> dict:
    try:
        name, organisation = _who(signature.signer_cert)
    except Exception:  # a signature whose certificate cannot be read names no one
        name, organisation = "", ""
    holds, moment = None, None
    if in_time:
        try:
            holds, moment = _holds(signature, context)
        except Exception:  # a structure pyHanko rejects: not known to hold
            holds = None
    if moment is None:
        try:
            moment = signature.self_reported_timestamp
        except Exception:
            moment = None
    return {"name": name, "organisation": organisation, "date": _day(moment), "holds": holds}


def load() -> None:
    """Import what `read` uses ahead of the first signed file (the waiting checker does)."""
    with warnings.catch_warnings():
        # pyHanko imports cryptography's DSA, which warns that it is deprecated; no signature
        # is made here, and a DSA one is still read.
        warnings.simplefilter("ignore")
        for module in _USED:
            importlib.import_module(module)


def read(path: str, *, seconds: float = 2.0) -> list[dict]:
    """The signers of the file at `path` in signing order: name and organisation from each
    signature's certificate, the day it was signed, and whether it holds (None: not known, as
    for a signature in a form pyHanko does not read, or one not reached within `seconds`).
    A file pyHanko cannot read at all gives no signers; the upload stands."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext

    deadline = time.monotonic() + seconds
    try:
        with open(path, "rb") as handle:
            reader = PdfFileReader(handle, strict=False)
            found = []
            for name, value, field in enumerate_sig_fields(reader, filled_status=True):
                if len(found) >= MAX_SIGNERS:
                    break
                try:
                    if value.get_object().get("/Type") == "/DocTimeStamp":
                        continue  # proves when, not who
                    found.append(EmbeddedPdfSignature(reader, field, name))
                except Exception:  # a signature pyHanko cannot parse
                    continue
            found.sort(key=lambda signature: signature.signed_revision)
            # No trust roots and nothing fetched: whether a certificate is trusted is the
            # reader's program's to say.
            context = ValidationContext(trust_roots=[], allow_fetching=False)
            return [_signer(signature, context, time.monotonic() < deadline) for signature in found]
    except Exception:  # a file pyHanko cannot read; pikepdf's count stands
        return []
