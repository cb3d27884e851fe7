from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from meetings import frozen, reader_pages, selectors, visibility
from meetings.downloads import stored_file_response
from meetings.filters import MeetingFilter
from meetings.models import VersionDocument
from meetings.personal_shell import PersonalShell
from meetings.publishing.bundle import reader_copy_name
from meetings.rules import is_secretariat


def private_if_closed(response, user):
    """Pages built for members may hold closed text: no shared cache may keep them."""
    if visibility.holds_closed_content(user):
        patch_cache_control(response, private=True)
    return response


def meeting_list(request):
    frozen_page = frozen.FrozenPage.for_request(request, scope="list")
    if frozen_page is not None and (answer := frozen_page.answer()) is not None:
        return answer
    shell = PersonalShell.for_page(frozen_page)
    if shell is not None and (answer := shell.answer(lambda kept: {})) is not None:
        return private_if_closed(answer, request.user)
    meetings = selectors.meeting_list(user=request.user)
    meeting_filter = MeetingFilter(request.GET or None, queryset=meetings)
    rows = reader_pages.with_states(meeting_filter.qs)
    context = {"filter": meeting_filter, "meetings": rows}
    if shell is not None:
        response = shell.render(
            "meetings/meeting_list.html", context, until=frozen.list_fresh_until(rows)
        )
        return private_if_closed(response, request.user)
    response = render(request, "meetings/meeting_list.html", context)
    if frozen_page is not None:
        response = frozen_page.keep(response, until=frozen.list_fresh_until(rows))
    return private_if_closed(response, request.user)


def _personal_parts(request, kept) -> dict:
    """What a kept meeting page's personal parts are rendered with, for this reader."""
    package = reader_pages.KeptPackage.from_kept(kept, user=request.user)
    return {
        "package": package,
        "procedure": selectors.procedure_panel(package.meeting, user=request.user),
        "absence": reader_pages.own_absence(package.meeting, user=request.user),
    }


def meeting_detail(request, pk, version=None):
    frozen_page = frozen.FrozenPage.for_request(request, scope=pk, version=version)
    if frozen_page is not None and (answer := frozen_page.answer()) is not None:
        return answer
    shell = PersonalShell.for_page(frozen_page)
    if shell is not None:
        answer = shell.answer(lambda kept: _personal_parts(request, kept))
        if answer is not None:
            return private_if_closed(answer, request.user)
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    documents = selectors.documents_for(package, user=request.user)
    context = {
        "package": package,
        "documents": documents,
        "job": selectors.latest_job(package) if is_secretariat(request.user) else None,
        "procedure": selectors.procedure_panel(package.meeting, user=request.user),
        "fragment_key": frozen_page.fragment_key(package) if frozen_page else "",
        **reader_pages.detail_context(package, documents, user=request.user),
    }
    if shell is not None and package.version is not None:
        response = shell.render(
            "meetings/meeting_detail.html",
            context,
            until=frozen.page_fresh_until(package),
            keep=reader_pages.KeptPackage.keep(package),
        )
        return private_if_closed(response, request.user)
    response = render(request, "meetings/meeting_detail.html", context)
    if frozen_page is not None and package.version is not None:
        response = frozen_page.keep(response, until=frozen.page_fresh_until(package))
    return private_if_closed(response, request.user)


def _refuse(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def document_download(request, pk, document, version=None):
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    kind, _, variant = document.partition("-")
    if (
        variant in VersionDocument.Variant.values
        and variant not in visibility.document_variants_for(request.user)
    ):
        return _refuse(request)
    found = selectors.version_document(package, kind=kind, variant=variant)
    filename = package.file_name(
        f"{found.get_kind_display()} v{package.version.number} ({variant})"
    )
    return stored_file_response(request, found.file.name, filename=filename)


def annex_download(request, pk, annex_uid, version=None):
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    item, annex = selectors.annex_of(package, str(annex_uid))
    if not annex.visible:
        return _refuse(request)
    filename = package.file_name(f"{item.number} Bilag {annex.number} - {annex.title}")
    # Readers get the reader's copy (form values drawn in, no scripts, actions or attachments);
    # the original upload is kept for the secretariat in the admin.
    return stored_file_response(request, reader_copy_name(annex), filename=filename)


def annex_signed_original(request, pk, annex_uid, version=None):
    """The upload of a signed annex as it was sent, so a reader can check its signatures (the
    reader's copy is a new file, which they do not cover). Only where it harms no reader as it
    is (publishing/signatures.py); saved, not shown, so it opens in the reader's PDF program."""
    package = selectors.reader_package(meeting_id=pk, user=request.user, version_number=version)
    item, annex = selectors.annex_of(package, str(annex_uid))
    if not annex.visible:
        return _refuse(request)
    if not annex.signed_original:
        raise Http404
    filename = package.file_name(
        f"{item.number} Bilag {annex.number} - {annex.title} (underskrevet original)"
    )
    return stored_file_response(request, annex.signed_file, filename=filename, inline=False)
