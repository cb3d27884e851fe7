from django.urls import include, path

from api import views, views_meetings

app_name = "api"

# A meeting's own objects live under its URL: they are readable exactly when the meeting is.
meeting_objects = [
    path("", views_meetings.meeting, name="meeting"),
    path("location/", views_meetings.location, name="location"),
    path("items/<int:item_id>/", views_meetings.agenda_item, name="agenda_item"),
    path("files/<str:key>/", views_meetings.file, name="file"),
]

urlpatterns = [
    path("", views.system, name="system"),
    path("openapi.json", views.openapi, name="openapi"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<slug:slug>/", views.organization, name="organization"),
    path("meetings/", views_meetings.meetings, name="meetings"),
    path("meetings/<int:pk>/", include(meeting_objects)),
    path("persons/", views.persons, name="persons"),
    path("persons/<int:pk>/", views.person, name="person"),
    path("memberships/<int:pk>/", views.membership, name="membership"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("papers/", views.papers, name="papers"),
    path("contracts/", views.contracts, name="contracts"),
    path("budgets/", views.budgets, name="budgets"),
]
