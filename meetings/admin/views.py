"""The builder's own admin pages: publishing with a checklist, attendance, copying an agenda."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import attendance as attendance_service
from meetings import checklist, outline, procedure, selectors, services
from meetings import snapshot as package_snapshot
from meetings.forms import LOCK_FIELD
from meetings.locking import LockToken, lock_check, lock_current
from meetings.models import Attendance, Meeting
from meetings.package import Package


def _meeting_for(model_admin, request, pk, change=True) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    allowed = model_admin.has_change_permission if change else model_admin.has_view_permission
    if not allowed(request, meeting):
        raise PermissionDenied
    return meeting


def _page(model_admin, request, meeting, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": Meeting._meta,
            "original": meeting,
            "title": title,
            "subtitle": str(meeting),
            **context,
        },
    )


def builder_context(meeting: Meeting) -> dict:
    """What the meeting's page shows besides its fields: the outline and the publishing state."""
    latest = meeting.versions.order_by("-number").first()
    return {
        "outline_sections": outline.agenda_outline(meeting=meeting),
        "latest_version": latest,
        "minutes_published": bool(latest and latest.includes_decisions),
        "writing_minutes": procedure.meeting_date(meeting) <= _today(),
        "attendance_count": meeting.attendance.filter(status=Attendance.Status.PRESENT).count(),
    }


def _today():
    return timezone.localdate()


def render_status(model_admin, request, pk):
    meeting = _meeting_for(model_admin, request, pk, change=False)
    return JsonResponse(selectors.render_status(meeting=meeting))


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrundelse for at offentliggøre trods advarslerne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def publish_checklist(model_admin, request, pk):
    """GET: what will be published and what looks wrong. POST: publish, when every error is
    gone and every warning is accepted with a reason."""
    meeting = _meeting_for(model_admin, request, pk)
    what = request.POST.get("what") or request.GET.get("what")
    what = checklist.MINUTES if what == checklist.MINUTES else checklist.AGENDA
    findings = checklist.run(meeting=meeting, what=what)
    errors = [f for f in findings if f.level == checklist.ERROR]
    warnings = [f for f in findings if f.level == checklist.WARNING]
    form = AcceptForm(request.POST or None)
    accepted = set(request.POST.getlist("accept"))
    if request.method == "POST" and form.is_valid():
        reason = " ".join(form.cleaned_data["reason"].split())
        if errors:
            messages.error(request, _("Rét fejlene først; de kan ikke accepteres."))
        elif {f.key for f in warnings} - accepted:
            messages.error(request, _("Acceptér hver advarsel, eller ret det, den peger på."))
        elif warnings and not reason:
            form.add_error("reason", _("Skriv hvorfor der offentliggøres trods advarslerne."))
        else:
            return _publish(request, meeting, what, warnings, reason)
    return _page(
        model_admin, request, meeting, "admin/meetings/meeting/publish_checklist.html",
        _("Offentliggør referat") if what == checklist.MINUTES else _("Offentliggør dagsorden"),
        what=what, errors=errors, warnings=warnings, form=form, accepted=accepted,
        **_preview(meeting, what),
    )  # fmt: skip


def _preview(meeting, what):
    """The package as it would be frozen, what changed since the last version, and whether
    there is anything new to publish at all (the same rule as meeting_publish)."""
    snapshot = package_snapshot.meeting_snapshot(meeting=meeting)
    latest = meeting.versions.order_by("-number").first()
    changes = package_snapshot.snapshot_changes(latest.snapshot, snapshot) if latest else None
    same_decisions = latest is not None and (latest.includes_decisions or what != checklist.MINUTES)
    return {
        "package": Package.from_json(snapshot),
        "latest_version": latest,
        "changes": changes,
        "unchanged": bool(same_decisions and latest.snapshot == snapshot),
    }


def _publish(request, meeting, what, warnings, reason):
    if any(f.code == "late" for f in warnings) and not meeting.late_publish_reason:
        Meeting.objects.filter(pk=meeting.pk).update(late_publish_reason=reason)
        meeting.refresh_from_db()
    service = (
        services.meeting_publish_minutes if what == checklist.MINUTES else services.meeting_publish
    )
    try:
        version = service(meeting=meeting, user=request.user)
    except (ValidationError, services.InvalidTransition) as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{request.path}?what={what}")
    checklist.acceptance_record(
        meeting=meeting, user=request.user, findings=warnings, reason=reason, what=what
    )
    messages.success(
        request,
        _("%(meeting)s er offentliggjort som version %(n)s.")
        % {"meeting": meeting, "n": version.number},
    )
    return redirect("admin:meetings_meeting_change", meeting.pk)


def attendance(model_admin, request, pk):
    """Everyone present by default; mark who was absent and which substitute came. The page
    carries the meeting's lock; a stale save stores nothing and shows the page again as sent."""
    meeting = _meeting_for(model_admin, request, pk)
    rows = attendance_service.attendance_rows(meeting=meeting)
    token = lock_current(meeting.pk)
    if request.method == "POST":
        token = LockToken.parse(request.POST.get(LOCK_FIELD))
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        absent = {}
        for row in rows:
            if row.membership_id in present:
                continue
            chosen = request.POST.get(f"substitute-{row.membership_id}", "")
            absent[row.membership_id] = int(chosen) if chosen.isdigit() else None
        try:
            lock_check(meeting_id=meeting.pk, token=token)
            attendance_service.attendance_record(meeting=meeting, absent=absent, lock=token)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            _as_sent(rows, present, absent)
        else:
            overview = procedure.attendance_overview(meeting)
            messages.success(
                request,
                _("Fremmødet er gemt: %(present)s til stede, %(absent)s fraværende, "
                  "%(subs)s stedfortrædere.")
                % {"present": len(overview["present"]), "absent": len(overview["absent"]),
                   "subs": len(overview["substitutes"])},
            )  # fmt: skip
            return redirect("admin:meetings_meeting_change", meeting.pk)
    return _page(
        model_admin, request, meeting, "admin/meetings/meeting/attendance.html",
        _("Fremmøde"), rows=rows, lock_field=LOCK_FIELD, lock_token=token or "",
        quorum=procedure.attendance_overview(meeting)["quorum"],
    )  # fmt: skip


def _as_sent(rows, present, absent):
    """A refused page keeps what the user ticked and chose."""
    for row in rows:
        row.present = row.membership_id in present
        came = absent.get(row.membership_id)
        row.substitute_came = bool(row.substitute and not row.present and came == row.substitute.pk)


class CopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=gettext_lazy("Kopiér dagsordenen fra"), queryset=Meeting.objects.none()
    )
    with_annexes = forms.BooleanField(label=gettext_lazy("med bilag"), required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        field.queryset = Meeting.objects.filter(
            pk__in=[m.pk for m in outline.earlier_meetings(meeting=meeting)]
        ).select_related("body")
        field.label_from_instance = lambda m: f"{m.start:%d.%m.%Y} – {m}"


def agenda_copy(model_admin, request, pk):
    """Append the items of an earlier meeting of the same body to this agenda."""
    meeting = _meeting_for(model_admin, request, pk)
    form = CopyForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        count = outline.agenda_copy(
            source=form.cleaned_data["source"], target=meeting,
            with_annexes=form.cleaned_data["with_annexes"],
        )  # fmt: skip
        messages.success(request, _("%(n)s punkter er kopieret.") % {"n": count})
        return redirect("admin:meetings_meeting_change", meeting.pk)
    return _page(
        model_admin, request, meeting, "admin/meetings/meeting/copy.html",
        _("Kopiér fra tidligere møde"), form=form,
    )  # fmt: skip
