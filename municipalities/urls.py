from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("", views.followup_index, name="followup_index"),
    path("beslutninger/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("behandling/<int:pk>/", views.treatment_edit, name="treatment_edit"),
    path("<int:code>/", views.municipality_followup, name="municipality_followup"),
    path("<int:code>/kalender.ics", views.municipality_calendar, name="municipality_calendar"),
    path("<int:code>/pakker/<int:meeting_pk>/", views.pack_download, name="pack_download"),
]
