from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("sammenligning/", views.contract_comparison, name="comparison"),
    path("<int:year>/", views.contract_detail, name="contract_detail"),
]
