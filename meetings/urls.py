from django.urls import include, path

from meetings import feeds, views, views_account, views_procedure

app_name = "meetings"

# What a meeting publishes, each also as it stood in an earlier version ("version/<n>/…"):
# the route, the view, its name and the earlier version's name.
published = [
    ("", views.meeting_detail, "meeting_detail", "meeting_version"),
    ("bilag/<uuid:annex_uid>/", views.annex_download, "annex_download", "annex_version_download"),
    (
        "bilag/<uuid:annex_uid>/underskrevet/",
        views.annex_signed_original,
        "annex_signed_original",
        "annex_version_signed_original",
    ),
    (
        "pdf/<slug:document>.pdf",
        views.document_download,
        "document_download",
        "document_version_download",
    ),
]
# One meeting's pages, by its id.
meeting_patterns = [
    path("forslag/", views_procedure.proposal_create, name="proposal_create"),
    path("afbud/", views_procedure.absence_report, name="absence_report"),
    path("afbud/fortryd/", views_procedure.absence_withdraw, name="absence_withdraw"),
    *(path(route, view, name=name) for route, view, name, _ in published),
    *(
        path(f"version/<int:version>/{route}", view, name=name)
        for route, view, _, name in published
    ),
]
urlpatterns = [
    path("kalender.ics", feeds.calendar_all, name="calendar"),
    path("organer/<slug:slug>/kalender.ics", feeds.calendar_body, name="body_calendar"),
    path("feed/", feeds.PackageFeed(), name="feed"),
    path("abonnement/", views_account.subscriptions, name="subscriptions"),
    path("medlemmer/", views_procedure.members_list, name="members"),
    path("udpegninger/", views_procedure.appointments_list, name="appointments"),
    path("moedeplan/<int:year>/", views_procedure.meeting_plan, name="meeting_plan"),
    path("", views.meeting_list, name="meeting_list"),
    path("moeder/<int:pk>/", include(meeting_patterns)),
]
