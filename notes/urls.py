from django.urls import include, path

from notes import views, views_api, views_offline

app_name = "notes"

# A member's notes on one meeting, by the meeting's id.
meeting_patterns = [
    path("", views.meeting_notes, name="meeting_notes"),
    path("noter.md", views.export_markdown, name="export_markdown"),
    path("noter.pdf", views.export_pdf, name="export_pdf"),
    path("api/", views_api.meeting_notes_api, name="meeting_api"),
    path("offline.json", views_offline.offline_package, name="offline"),
    path("bilag/<uuid:annex_uid>/", views.annex_reader, name="annex_reader"),
]
notes_patterns = [
    path("", views.my_notes, name="my_notes"),
    path("moeder/<int:pk>/", include(meeting_patterns)),
    path("api/<uuid:uid>/", views_api.note_api, name="note_api"),
    path("offline/status.json", views_offline.offline_status, name="offline_status"),
]
urlpatterns = [
    # At the site root, so that the service worker's scope is the whole portal.
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_offline.manifest, name="manifest"),
    path("noter/", include(notes_patterns)),
]
