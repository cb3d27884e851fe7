"""File responses for permission-checked downloads. The view has checked the permission; then
either the front server sends the file (X-Accel-Redirect to nginx's internal location, which
answers Range itself) or Django streams it from the disk or the object store, answering a single
byte range with 206 so a PDF reader can fetch parts."""

import mimetypes
import re
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from kkr_portal.files import StoredRange, is_object_store

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _content_disposition(filename: str, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def accel_target(name: str, location: str) -> str:
    """Where nginx finds the file: under its internal location, by the stored name on disk; for an
    object store, the object's signed address (valid DOWNLOADS_SIGNED_SECONDS) that nginx fetches
    itself, so the client never sees an address it could share."""
    location = location.rstrip("/")
    if is_object_store(default_storage):
        signed = urlsplit(default_storage.url(name))
        return f"{location}{signed.path}?{signed.query}"
    return f"{location}/{quote(name)}"


def _byte_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(start, end) of a single range; None without one; False when it cannot be satisfied."""
    match = _RANGE.match(header.strip()) if header else None
    if not match or not (match.group(1) or match.group(2)):
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(size - int(last), 0), size - 1
    if start >= size or start > end:
        return False
    return start, end


def stored_file_response(request, name: str, *, filename: str, inline: bool = True):
    """Send a stored file the user may have (the caller checked); private to that user."""
    location = settings.DOWNLOADS_ACCEL_REDIRECT
    if location:
        # No body: nginx replaces it with the file and keeps these headers.
        response = HttpResponse(content_type=_content_type(filename))
        response["X-Accel-Redirect"] = accel_target(name, location)
    else:
        stored = StoredRange(name)
        wanted = _byte_range(request.headers.get("Range", ""), stored.size)
        if wanted is False:
            stored.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{stored.size}"
            return response
        start, end = wanted or (0, stored.size - 1)
        if wanted or stored.object is not None:
            response = StreamingHttpResponse(
                stored.chunks(start, end - start + 1),
                status=206 if wanted else 200,
                content_type=_content_type(filename),
            )
        else:  # the whole file from disk: the WSGI server may send it with sendfile
            response = FileResponse(stored.handle, content_type=_content_type(filename))
        if wanted:
            response["Content-Range"] = f"bytes {start}-{end}/{stored.size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = _content_disposition(filename, inline)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
