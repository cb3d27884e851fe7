from django.urls import path

from meetings import feeds, views, views_account, views_procedure

app_name = "meetings"

urlpatterns = [
    path("kalender.ics", feeds.calendar_all, name="calendar"),
    path("organer/<slug:slug>/kalender.ics", feeds.calendar_body, name="body_calendar"),
    path("feed/", feeds.PackageFeed(), name="feed"),
    path("abonnement/", views_account.subscriptions, name="subscriptions"),
    path("medlemmer/", views_procedure.members_list, name="members"),
    path("udpegninger/", views_procedure.appointments_list, name="appointments"),
    path("moedeplan/<int:year>/", views_procedure.meeting_plan, name="meeting_plan"),
    path("moeder/<int:pk>/forslag/", views_procedure.proposal_create, name="proposal_create"),
    path("moeder/<int:pk>/afbud/", views_procedure.absence_report, name="absence_report"),
    path(
        "moeder/<int:pk>/afbud/fortryd/", views_procedure.absence_withdraw, name="absence_withdraw"
    ),
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
