from django.urls import path

from search import feeds, views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("feed/", feeds.SearchFeed(), name="feed"),
    path("gem/", views.agent_save, name="agent_save"),
    path("besked/", views.agent_list, name="agents"),
    path("forkortelser/", views.abbreviation_list, name="abbreviations"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
