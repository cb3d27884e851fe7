"""The secretariat's editing surface; importing the modules registers their admin pages."""

from meetings import admin_users  # noqa: F401 (logins and roles)
from meetings.admin import items, meeting, organisation  # noqa: F401
