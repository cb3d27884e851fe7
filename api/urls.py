from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("", views.system, name="system"),
    path("openapi.json", views.openapi, name="openapi"),
    path("organizations/", views.organizations, name="organizations"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("persons/", views.persons, name="persons"),
    path("contracts/", views.contracts, name="contracts"),
    path("budgets/", views.budgets, name="budgets"),
]
