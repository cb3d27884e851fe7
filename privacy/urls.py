from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.person_search_view, name="person_search"),
]
