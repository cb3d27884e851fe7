from django.urls import path

from compliance import views

app_name = "compliance"
urlpatterns = [
    path("admin/personsoegning/", views.person_search_view, name="person_search"),
    path(
        "admin/persondata/<int:pk>/ikke-personlig/",
        views.personal_data_dismiss,
        name="personal_data_dismiss",
    ),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility_statement"),
    path(
        "moeder/<int:pk>/bilag/<uuid:annex_uid>/tilgaengelig-udgave/",
        views.accessible_copy_request,
        name="accessible_copy_request",
    ),
]
