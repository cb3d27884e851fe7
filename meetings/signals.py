"""What the meetings app announces to apps that build on it (search, notifications), so that it
never has to know them. Sent explicitly by the services, after commit."""

from django.dispatch import Signal

annex_stored = Signal()  # kwargs: annex_id
version_published = Signal()  # kwargs: version_id
versions_changed = Signal()  # kwargs: meeting_id; a version was withdrawn or deleted
