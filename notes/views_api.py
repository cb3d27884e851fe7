"""The JSON the note-taking scripts talk to: a meeting's notes, a new note, one note."""

import json
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meetings import visibility
from notes import selectors, services
from notes.models import Note
from notes.rules import may_take_notes


def note_taker_required(view):
    """Anonymous readers are sent to the login; logins that cannot take notes are refused."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_take_notes(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _payload(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError as error:
        raise ValidationError(_("Forespørgslen kunne ikke læses.")) from error
    if not isinstance(data, dict):
        raise ValidationError(_("Forespørgslen kunne ikke læses."))
    return data


def _refusal(error: ValidationError):
    return _private(JsonResponse({"error": " ".join(error.messages)}, status=400))


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@note_taker_required
@require_http_methods(["GET", "POST"])
def meeting_notes_api(request, pk):
    meeting = get_object_or_404(visibility.meetings_for(request.user), pk=pk)
    if request.method == "POST":
        try:
            data = _payload(request)
            note = services.note_create(
                author=request.user,
                meeting=meeting,
                data=services.NoteInput(
                    item_number=str(data.get("item_number") or ""),
                    exact=str(data.get("exact") or ""),
                    prefix=str(data.get("prefix") or ""),
                    suffix=str(data.get("suffix") or ""),
                    position=_int_or_none(data.get("position")),
                    body=str(data.get("body") or ""),
                    annex_uid=str(data["annex_uid"]) if data.get("annex_uid") else None,
                    page=_int_or_none(data.get("page")),
                    uid=_valid_uid(data.get("uid")),
                ),
            )
        except ValidationError as error:
            return _refusal(error)
        return _private(JsonResponse(selectors.note_data(note), status=201))
    services.notes_catch_up(meeting_id=meeting.pk)
    notes = selectors.notes_for_meeting(user=request.user, meeting_id=meeting.pk)
    return _private(JsonResponse({"notes": [selectors.note_data(note) for note in notes]}))


def _valid_uid(value):
    import uuid

    try:
        return str(uuid.UUID(str(value))) if value else None
    except ValueError:
        return None


def _own_note(request, uid) -> Note:
    note = Note.objects.filter(uid=uid, author=request.user).first()
    if note is None:
        raise Http404
    visible = selectors.notes_for_meeting(user=request.user, meeting_id=note.meeting_id)
    if note not in visible:
        raise Http404
    return note


@note_taker_required
@require_http_methods(["GET", "POST", "DELETE"])
def note_api(request, uid):
    note = _own_note(request, uid)
    if request.method == "DELETE":
        services.note_delete(note=note)
        return _private(JsonResponse({"deleted": str(uid)}))
    if request.method == "POST":
        try:
            data = _payload(request)
            known = parse_datetime(str(data.get("known_updated") or "")) or None
            note = services.note_update(
                note=note, body=str(data.get("body") or ""), known_updated=known
            )
        except ValidationError as error:
            return _refusal(error)
    return _private(JsonResponse(selectors.note_data(note)))
