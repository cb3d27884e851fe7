from django.urls import include, path

from municipalities import views

app_name = "municipalities"

# One municipality's pages, by its municipality code.
municipality_patterns = [
    path("", views.municipality_followup, name="municipality_followup"),
    path("kalender.ics", views.municipality_calendar, name="municipality_calendar"),
    path("pakker/<int:meeting_pk>/", views.pack_download, name="pack_download"),
]
urlpatterns = [
    path("", views.followup_index, name="followup_index"),
    path("beslutninger/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("behandling/<int:pk>/", views.treatment_edit, name="treatment_edit"),
    path("<int:code>/", include(municipality_patterns)),
]
