from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kkr_portal.language import mail_language, mailed_in
from meetings import visibility
from meetings.models import Body
from search import abbreviations, agents, selectors, spelling
from search.filters import EntryFilter


def _reader_page_url(download_url: str, hit: selectors.Found) -> str:
    """The annex in the portal's reader at the page of the hit, what was found marked there."""
    found = resolve(download_url)
    reader = reverse("notes:annex_reader", args=[found.kwargs["pk"], found.kwargs["annex_uid"]])
    hits = urlencode([("fund", text) for text in selectors.hits_of(hit.snippet)])
    return f"{reader}{'?' if hits else ''}{hits}#side-{hit.page}"


PER_PAGE = 20


def _page(results, number: str | None) -> Page:
    """A page of results, counted in the same query: ranking reads every match anyway, and a
    count of its own would read them all again. An empty or missing page is Django's own."""
    paginator = Paginator(results, PER_PAGE)
    wanted = int(number) if number and number.isdigit() else 1
    if isinstance(results, QuerySet) and wanted >= 1:
        bottom = (wanted - 1) * PER_PAGE
        rows = list(results.annotate(found=Window(Count("pk")))[bottom : bottom + PER_PAGE])
        if rows:
            paginator.count = rows[0].found
            return Page(rows, wanted, paginator)
    return paginator.get_page(number)


def _with_q(params, q: str | None) -> str:
    """The page's parameters with another search, from its first page."""
    return _with(params, q=q, side=None) if q else ""


def _with(params, **changed) -> str:
    """The page's parameters with some changed (None: left out), each once."""
    params = params.copy()
    for name, value in changed.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return params.urlencode()


FILTERS = ("year", "body", "kind", "meeting")


def _nothing_found(request, entries, q: str) -> dict:
    """What a search that finds nothing offers: the same search without the filters, with its
    count, when they hid what it finds; else the search spelled as the texts spell it."""
    if any(entries.form.cleaned_data.get(name) for name in FILTERS):
        everywhere = selectors.search(selectors.entries_for(request.user), q).count()
        if everywhere:
            order = request.GET.get("order", "")
            return {
                "everywhere": everywhere,
                "everywhere_query": urlencode({"q": q, "order": order}),
            }
    offered = spelling.suggestion(entries.qs, q)
    return {"offered": offered, "offered_query": _with_q(request.GET, offered)}


def _within(request, entries) -> dict | None:
    """The meeting a search is kept to, named as its readers are told of it, with the same
    search in every meeting; None where the reader may find nothing in it (so no draft's name
    or number is ever confirmed)."""
    pk = entries.form.cleaned_data.get("meeting") if entries.is_valid() else None
    if pk is None:
        return None
    readable = entries.queryset.filter(meeting_id=int(pk))
    entry = readable.select_related("meeting").first()
    if entry is None:
        return None
    everywhere = _with(request.GET, meeting=None, side=None)
    return {"facts": visibility.facts(entry.meeting), "everywhere": everywhere}


def search_page(request):
    q = request.GET.get("q", "")
    entries = EntryFilter(request.GET, queryset=selectors.entries_for(request.user))
    results = (
        selectors.search(entries.qs, q, newest_first=entries.newest_first)
        if entries.is_valid()
        else []
    )
    page = _page(results, request.GET.get("side"))
    found = selectors.snippets(page.object_list, q) if q else {}
    for entry in page:
        hit = found.get(entry.pk, selectors.Found("", None))
        entry.snippet_html = selectors.snippet_html(hit.snippet)
        entry.title_html = selectors.snippet_html(hit.title)
        entry.link = selectors.link_to_hit(entry, hit)
        entry.hit_page = hit.page if entry.kind == entry.Kind.ANNEX else None
        # The page's number opens it in the portal's reader, which goes there on every device.
        entry.reader_url = _reader_page_url(entry.url, hit) if entry.hit_page else ""
    count = page.paginator.count if q else 0
    context = {"q": q, "filter": entries, "page": page, "count": count}
    context["within"] = _within(request, entries)
    # Links to the feed and to the other pages: the page's parameters, its page once at most.
    context["feed_query"] = _with(request.GET, side=None)
    if page.has_previous():
        context["previous_query"] = _with(request.GET, side=str(page.previous_page_number()))
    if page.has_next():
        context["next_query"] = _with(request.GET, side=str(page.next_page_number()))
    if entries.is_valid():
        context["abbreviations"] = selectors.definitions_used(q)
    if q and not count and entries.is_valid():
        context.update(_nothing_found(request, entries, q))
    response = render(request, "search/search.html", context)
    # Members' results and snippets may hold closed text: no shared cache may keep them.
    if visibility.holds_closed_content(request.user):
        patch_cache_control(response, private=True)
    return response


@require_POST
@login_required
def agent_save(request):
    """Save the search on the page the reader is on, and go back to it."""
    q, kind = request.POST.get("q", ""), request.POST.get("kind", "")
    body = Body.objects.filter(slug=request.POST.get("body") or None).first()
    try:
        agent = agents.agent_save(user=request.user, q=q, body=body, kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        mailed_in(request.user, request.LANGUAGE_CODE)
        messages.success(
            request,
            _("Søgningen er gemt. Du får en e-mail, når en ny dagsorden eller et nyt referat har "
              "fund for “%(q)s”.") % {"q": agent.q},
        )  # fmt: skip
    params = {"q": q, "body": body.slug if body else "", "kind": kind}
    return redirect(reverse("search:search") + "?" + urlencode(params))


@login_required
def agent_list(request):
    """The reader's saved searches, each with a button that stops it."""
    own = request.user.saved_searches.select_related("body")
    if request.method == "POST":
        stop = request.POST.get("stop", "")
        agent = get_object_or_404(own, pk=int(stop) if stop.isdigit() else 0)
        agent.delete()
        messages.success(request, _("Du får ikke længere besked om “%(q)s”.") % {"q": agent.q})
        return redirect("search:agents")
    context = {"agents": own, "mail_language": mail_language(request.user)}
    return render(request, "search/agents.html", context)


def abbreviation_list(request):
    """The abbreviations the search reads as their names too, as a glossary for every reader:
    the secretariat's, and those the public texts define."""
    glossary = abbreviations.glossary(selectors.entries_for(None))
    return render(request, "search/abbreviations.html", {"glossary": glossary})


def opensearch(request):
    """The search as a browser's search engine (OpenSearch 1.1): the same for every reader."""
    absolute = request.build_absolute_uri
    context = {
        "page": absolute(reverse("search:search")),
        "feed": absolute(reverse("search:feed")),
        "self": absolute(reverse("search:opensearch")),
        "icon": absolute(static("img/icon-192.png")),
    }
    return render(
        request, "search/opensearch.xml", context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )  # fmt: skip
