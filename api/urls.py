"""The API's routes. Each is named after its view (`reverse("api:person")` is `views.person`);
an object type has a list and one route per object."""

from django.urls import include, path

from api import views, views_meetings

app_name = "api"


def _route(route, view):
    return path(route, view, name=view.__name__)


def _list_and_detail(plural, list_view, detail_view, key="<int:pk>"):
    """`persons/` (views.persons) and `persons/<pk>/` (views.person)."""
    return [_route(f"{plural}/", list_view), _route(f"{plural}/{key}/", detail_view)]


# A meeting's own objects live under its URL: they are readable exactly when the meeting is.
meeting_objects = [
    _route("", views_meetings.meeting),
    _route("location/", views_meetings.location),
    _route("items/<int:item_id>/", views_meetings.agenda_item),
    _route("files/<str:key>/", views_meetings.file),
]

urlpatterns = [
    _route("", views.system),
    _route("openapi.json", views.openapi),
    *_list_and_detail("bodies", views.bodies, views.body, "<slug:slug>"),
    *_list_and_detail("organizations", views.organizations, views.organization, "<slug:slug>"),
    _route("meetings/", views_meetings.meetings),
    path("meetings/<int:pk>/", include(meeting_objects)),
    *_list_and_detail("persons", views.persons, views.person),
    _route("memberships/<int:pk>/", views.membership),
    *_list_and_detail("consultations", views.consultations, views.consultation),
    # Lists without objects of their own: KKR has no papers; contracts and budget tables are
    # extensions that link to their pages.
    _route("papers/", views.papers),
    _route("contracts/", views.contracts),
    _route("budgets/", views.budgets),
]
