"""A search as an Atom feed (/soeg/feed/?q=…): a citizen, a journalist or a municipal office
follows a search in any feed reader, without an account. Like every feed of the portal it is
the same for everyone (a feed reader sends no login): what the public may find, newest first."""

import datetime
from types import SimpleNamespace

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from meetings.feeds import RequestFeed
from search import selectors
from search.filters import EntryFilter

NEWEST = 30


class SearchFeed(RequestFeed):
    def get_object(self, request):
        q = selectors.clean_query(request.GET.get("q", ""))
        found = EntryFilter(request.GET, queryset=selectors.entries_for(None))
        if not q or not found.is_valid():
            raise Http404("Ingen søgning")
        entries = list(selectors.search(found.qs, q, newest_first=True)[:NEWEST])
        snippets = selectors.snippets(entries, q)
        for entry in entries:
            entry.snippet_html = selectors.snippet_html(snippets[entry.pk].snippet)
            entry.link = selectors.link_to_hit(entry, snippets[entry.pk])
        params = {key: value for key, value in request.GET.items() if key != "side" and value}
        return SimpleNamespace(q=q, entries=entries, params=urlencode(params))

    def title(self, search):
        return f"KKR Portal – søgning: {search.q}"

    def subtitle(self, search):
        return (
            "Det nyeste, søgningen finder i dagsordener, referater, bilag, kontrakter og budgetter"
        )

    def link(self, search):
        return reverse("search:search") + "?" + search.params

    def feed_url(self, search):
        return self._absolute(reverse("search:feed") + "?" + search.params)

    def items(self, search):
        return search.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return self._absolute(entry.link)

    def item_guid(self, entry):
        # The finding's own address: the same whatever the hit's words.
        return self._absolute(entry.url)

    def item_description(self, entry):
        # The snippet is escaped content with the hits marked (selectors.snippet_html).
        return entry.snippet_html or entry.context

    def item_pubdate(self, entry):
        day = entry.date or datetime.date(entry.year, 1, 1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
