"""Older import path of the layout functions; the code lives in `meetings.publishing`."""

from meetings.publishing.layout import agenda_pdf, html_to_pdf  # noqa: F401
