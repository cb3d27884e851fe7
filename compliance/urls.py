from django.urls import path

from compliance import views

app_name = "compliance"
urlpatterns = [
    path("", views.person_search_view, name="person_search"),
]
