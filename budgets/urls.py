from django.urls import include, path

from budgets import views

app_name = "budgets"

table_patterns = [
    path("", views.table_detail, name="table_detail"),
    path("csv/", views.table_csv, name="table_csv"),
]
key_patterns = [
    path("", views.key_list, name="key_list"),
    path("<int:pk>/", views.key_detail, name="key_detail"),
]
urlpatterns = [
    path("", views.table_list, name="table_list"),
    path("<int:pk>/", include(table_patterns)),
    path("noegler/", include(key_patterns)),
]
