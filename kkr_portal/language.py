"""The language switch, usable from a page that carries no CSRF token.

Anonymous reader pages are the same bytes for every reader (meetings/frozen.py), so they hold no
per-client token and set no cookie. Choosing a language changes nothing but the language cookie,
so the switch does without the token; a form posted from another site is still refused, by the
browser's own word on where the request came from (Sec-Fetch-Site, else Origin). A signed-in
reader's e-mails change language with it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language_info
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from kkr_portal.models import Mailed


def _cross_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc != request.get_host()


@csrf_exempt
def language_switch(request):
    """Django's set_language (which changes the language on POST only), without the token."""
    if _cross_site(request):
        raise PermissionDenied
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        mailed_in(request.user, language)
    return response


def mailed_in(user, language: str) -> None:
    """The reader's e-mails (subscriptions, saved searches) follow the language they read in."""
    for model in Mailed.__subclasses__():
        model.objects.filter(user=user).update(language=language)


def mail_language(user) -> str:
    """The name of the language the reader's e-mails are in, in the page's language ("" when
    nothing is e-mailed to them)."""
    for model in Mailed.__subclasses__():
        language = model.objects.filter(user=user).values_list("language", flat=True).first()
        if language:
            return get_language_info(language)["name_translated"]
    return ""
