"""The secretariat's editing surface; importing the modules registers their admin pages."""

from meetings import admin_notifications, admin_users  # noqa: F401 (e-mails; logins and roles)
from meetings.admin import items, meeting, organisation  # noqa: F401
