from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("moeder/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moeder/<int:pk>/version/<int:version>/", views.meeting_detail, name="meeting_version"),
    path("moeder/<int:pk>/bilag/<uuid:annex_uid>/", views.annex_download, name="annex_download"),
    path(
        "moeder/<int:pk>/version/<int:version>/bilag/<uuid:annex_uid>/",
        views.annex_download,
        name="annex_version_download",
    ),
    path(
        "moeder/<int:pk>/pdf/<slug:document>.pdf",
        views.document_download,
        name="document_download",
    ),
    path(
        "moeder/<int:pk>/version/<int:version>/pdf/<slug:document>.pdf",
        views.document_download,
        name="document_version_download",
    ),
]
