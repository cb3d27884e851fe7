from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("noegler/", views.key_list, name="key_list"),
    path("noegler/<int:pk>/", views.key_detail, name="key_detail"),
]
