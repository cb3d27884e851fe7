from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.table_list, name="table_list"),
    path("<int:pk>/", views.table_detail, name="table_detail"),
    path("<int:pk>/csv/", views.table_csv, name="table_csv"),
    path("noegler/", views.key_list, name="key_list"),
    path("noegler/<int:pk>/", views.key_detail, name="key_detail"),
]
