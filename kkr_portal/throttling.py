"""Login throttling that cannot be turned against a user (django-axes).

The client's address is REMOTE_ADDR, unless the request came through a reverse proxy listed in
TRUSTED_PROXIES: then it is the right-most X-Forwarded-For address that is not itself a trusted
proxy. A header sent by anyone else is ignored, so nobody can pick the address they are counted
under. Wrong passwords lock one user name from one address after AXES_FAILURE_LIMIT attempts (so
an attacker elsewhere cannot lock a known user out), and one address after
AXES_ADDRESS_FAILURE_LIMIT attempts for any user names (password spraying).
"""

import datetime
import ipaddress

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone


def _networks():
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        if not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a forged or broken header: count the proxy, not a made-up name
    return remote


def failure_limit(request, credentials) -> int:
    """The per-user limit for a user name that has failed from this address, else the higher
    limit for the address as a whole. (Axes compares the larger of the two counts.)"""
    address = client_ip(request)
    username = get_client_username(request, credentials)
    rows = AccessAttempt.objects.filter(ip_address=address)
    per_user = rows.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"] or 0
    if per_user >= settings.AXES_FAILURE_LIMIT_PER_USER:
        return min(per_user, settings.AXES_ADDRESS_FAILURE_LIMIT)
    return settings.AXES_ADDRESS_FAILURE_LIMIT


def lockout_response(request, original_response=None, credentials=None):
    """A Danish page that says when to try again, and that the secretariat can lift it."""
    cooloff = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    retry_at = timezone.localtime(timezone.now() + cooloff)
    response = TemplateResponse(
        request, "registration/locked_out.html", {"retry_at": retry_at}, status=429
    )
    return response.render()
