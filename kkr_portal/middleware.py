from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class DatabaseUnavailableMiddleware:
    """While the database is unreachable (a restart, a failover), answer 503 with a short Danish
    page and Retry-After instead of a server error; the next request connects afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            for connection in connections.all(initialized_only=True):
                connection.close_if_unusable_or_obsolete()
            response = TemplateResponse(request, "503.html", status=503)
            response["Retry-After"] = "10"
            return response.render()
        return None


class ChosenLanguageMiddleware:
    """Danish for everyone, English for those who chose it: the language comes from the
    language cookie set by the switch, never from the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
