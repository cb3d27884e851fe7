from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kkr_portal import language

urlpatterns = [
    path("", include("meetings.urls")),
    path("resultatkontrakter/", include("agreements.urls")),
    path("budgetter/", include("budgets.urls")),
    path("soeg/", include("search.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("notes.urls")),
    path("log-ind/", auth_views.LoginView.as_view(), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", language.language_switch, name="set_language"),
    path("", include("compliance.urls")),
    path("kommuner/", include("municipalities.urls")),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include("nested_admin.urls")),
]
