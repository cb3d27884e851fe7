"""Compressed answers (zstd, brotli or gzip, as the client asks), with BREACH kept in mind.

BREACH reads a secret out of a compressed answer by making the victim's browser send guesses
that the answer reflects. Django masks the CSRF token anew in every answer, the session cookie is
never in a body, and django-http-compression pads each compressed answer with a header of random
length. What remains is an answer that holds closed text (private to a member) together with
something the request put there (a search query, a form's values): such answers go out
uncompressed. Frozen reader pages come compressed from the cache (meetings/frozen.py)."""

from django_http_compression.middleware import HttpCompressionMiddleware


class PortalCompressionMiddleware(HttpCompressionMiddleware):
    def maybe_compress(self, request, response) -> None:
        private = "private" in response.get("Cache-Control", "")
        reflects = bool(request.GET) or request.method not in ("GET", "HEAD")
        if private and reflects:
            return
        super().maybe_compress(request, response)
