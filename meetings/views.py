from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from meetings import selectors
from meetings.downloads import stored_file_response
from meetings.filters import MeetingFilter
from meetings.models import VersionDocument
from meetings.rules import can_view_closed, is_secretariat


def meeting_list(request):
    meetings = selectors.meeting_list(user=request.user)
    meeting_filter = MeetingFilter(request.GET or None, queryset=meetings)
    return render(
        request,
        "meetings/meeting_list.html",
        {"filter": meeting_filter, "meetings": meeting_filter.qs},
    )


def meeting_detail(request, pk, version=None):
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    context = {
        "package": package,
        "documents": selectors.documents_for(package, user=request.user),
        "job": selectors.latest_job(package) if is_secretariat(request.user) else None,
        "procedure": selectors.procedure_panel(package.meeting, user=request.user),
    }
    return render(request, "meetings/meeting_detail.html", context)


def document_download(request, pk, document, version=None):
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    kind, _, variant = document.partition("-")
    if variant == VersionDocument.Variant.MEMBERS and not can_view_closed(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    found = selectors.version_document(package, kind=kind, variant=variant)
    start = package.meeting.start
    filename = f"{found.get_kind_display()} {package.meeting.body.name} {start:%Y-%m-%d}"
    filename += f" v{package.version.number} ({variant}).pdf"
    return stored_file_response(request, found.file.name, filename=filename)


def annex_download(request, pk, annex_uid, version=None):
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    item, annex = selectors.find_annex(package, str(annex_uid))
    if not annex["visible"]:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    filename = f"{item['number']} Bilag {annex['number']} - {annex['title']}.pdf"
    return stored_file_response(request, annex["file"], filename=filename)
