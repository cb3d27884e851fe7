from django.urls import path

from notes import views, views_api, views_offline

app_name = "notes"

urlpatterns = [
    # At the site root, so that the service worker's scope is the whole portal.
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", views_offline.manifest, name="manifest"),
    path("noter/", views.my_notes, name="my_notes"),
    path("noter/offline/status.json", views_offline.offline_status, name="offline_status"),
    path("noter/moeder/<int:pk>/", views.meeting_notes, name="meeting_notes"),
    path("noter/moeder/<int:pk>/noter.md", views.export_markdown, name="export_markdown"),
    path("noter/moeder/<int:pk>/noter.pdf", views.export_pdf, name="export_pdf"),
    path("noter/moeder/<int:pk>/api/", views_api.meeting_notes_api, name="meeting_api"),
    path("noter/moeder/<int:pk>/offline.json", views_offline.offline_package, name="offline"),
    path("noter/moeder/<int:pk>/bilag/<uuid:annex_uid>/", views.annex_reader, name="annex_reader"),
    path("noter/api/<uuid:uid>/", views_api.note_api, name="note_api"),
]
