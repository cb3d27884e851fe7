"""The author's pages for their notes: per meeting (with the tray), all of them with search,
exports, and the annex reader where notes are written on PDF pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from meetings import selectors as meeting_selectors
from meetings.package import Package
from notes import selectors, services
from notes.rules import may_take_notes
from notes.templatetags.notes import ui_strings, url_base
from notes.views_api import note_taker_required


def _meeting_notes_context(request, pk):
    services.notes_catch_up(meeting_id=pk)
    package = meeting_selectors.reader_package(meeting_id=pk, user=request.user)
    query = " ".join(request.GET.get("q", "").split())[:200]
    notes = selectors.notes_for_meeting(
        user=request.user, meeting_id=pk, query=query, package=package
    )
    titles = _annex_titles(package.typed)
    for note in notes:
        note.mark_text = selectors.note_mark(note)
        note.annex_title = titles.get(str(note.annex_uid), "")
    return {
        "package": package,
        "query": query,
        "placed": [n for n in notes if n.status != n.Status.UNPLACED],
        "tray": [n for n in notes if n.status == n.Status.UNPLACED],
    }


def _annex_titles(package: Package) -> dict[str, str]:
    return {
        annex.uid: f"Bilag {annex.number}: {annex.title}"
        for _item, annex in package.annexes()
        if annex.visible
    }


@note_taker_required
def meeting_notes(request, pk):
    return render(request, "notes/meeting_notes.html", _meeting_notes_context(request, pk))


@note_taker_required
def my_notes(request):
    query = " ".join(request.GET.get("q", "").split())[:200]
    meetings = selectors.my_meetings_with_notes(user=request.user, query=query)
    return render(request, "notes/my_notes.html", {"meetings": meetings, "query": query})


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _export_name(context, extension: str) -> str:
    package = context["package"]
    day = timezone.localtime(package.facts.start)
    return f"noter-{day:%Y-%m-%d}-{package.meeting.pk}.{extension}"


@note_taker_required
def export_markdown(request, pk):
    context = _meeting_notes_context(request, pk)
    text = render_to_string("notes/export.md", context, request=request)
    return _download(
        text.encode(),
        content_type="text/markdown; charset=utf-8",
        filename=_export_name(context, "md"),
    )


@note_taker_required
def export_pdf(request, pk):
    from meetings.pdf import html_to_pdf

    context = _meeting_notes_context(request, pk)
    context["exported_at"] = timezone.localtime()
    context["in_pdf"] = True  # the portal's addresses mean nothing inside a PDF
    html = render_to_string("notes/export_pdf.html", context, request=request)
    return _download(
        html_to_pdf(html), content_type="application/pdf", filename=_export_name(context, "pdf")
    )


def annex_reader(request, pk, annex_uid):
    """An annex in the page (pdf.js), where a note-taker can highlight and write on its pages.
    Whoever may download the annex may read it here."""
    package = meeting_selectors.reader_package(meeting_id=pk, user=request.user)
    item, annex = meeting_selectors.annex_of(package, str(annex_uid))
    if not annex.visible:
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    takes_notes = bool(package.version) and may_take_notes(request.user)
    # What a search found, marked on the pages (search/views.py): in the find box when it is
    # one thing.
    searched = request.GET.getlist("fund")
    pdf_url = reverse("meetings:annex_download", args=[pk, annex.uid])
    return render(
        request,
        "notes/annex_reader.html",
        {
            "package": package,
            "item": item,
            "annex": annex,
            "takes_notes": takes_notes,
            "pdf_url": pdf_url,
            "pdf_address": request.build_absolute_uri(pdf_url),  # on paper
            "api_url": reverse("notes:meeting_api", args=[pk]) if takes_notes else "",
            "note_base": url_base("notes:note_api"),
            "strings": ui_strings(),
            "find_words": searched[0][:200] if len(searched) == 1 else "",
        },
    )
