"""Copy one agenda item to a section of another meeting that is still being prepared, from the
item's own page. What travels is decided by ``outline.item_copy`` (texts and annexes, never the
decision); the target meeting's lock moves on with the copy."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import outline
from meetings.models import AgendaItem, AgendaSection


def meeting_label(meeting) -> str:
    return f"{timezone.localtime(meeting.start):%d.%m.%Y} – {meeting}"


class ItemCopyForm(forms.Form):
    section = forms.TypedChoiceField(label=gettext_lazy("Kopiér til"), coerce=int)
    with_annexes = forms.BooleanField(label=gettext_lazy("med bilag"), required=False)

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        groups, same_title = [], None
        for meeting in outline.meetings_in_preparation(besides=item.section.meeting):
            options, date = [], f"{timezone.localtime(meeting.start):%d.%m.%Y}"
            for number, section in enumerate(meeting.sections.all(), start=1):
                # The closed list shows the option alone: it names its meeting's date too.
                options.append((section.pk, f"{date}: {number}. {section.title}"))
                if same_title is None and section.title == item.section.title:
                    same_title = section.pk
            if options:
                groups.append((meeting_label(meeting), options))
        field = self.fields["section"]
        field.choices = [("", "---------"), *groups]
        field.initial = same_title
        self.fields["with_annexes"].initial = True
        self.has_targets = bool(groups)


def item_copy_view(model_admin, request, pk):
    """GET: choose where the copy goes. POST: copy, and open the copy."""
    item = get_object_or_404(AgendaItem.objects.select_related("section__meeting__body"), pk=pk)
    if not (
        model_admin.has_view_permission(request, item) and model_admin.has_add_permission(request)
    ):
        raise PermissionDenied
    form = ItemCopyForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        section = AgendaSection.objects.select_related("meeting__body").get(
            pk=form.cleaned_data["section"]
        )
        copy = outline.item_copy_to(
            item=item, section=section, with_annexes=form.cleaned_data["with_annexes"]
        )
        messages.success(
            request,
            _("Punktet “%(title)s” er kopieret til %(meeting)s som punkt %(number)s under "
              "“%(section)s”. Du ser nu kopien.")
            % {"title": copy.title, "meeting": meeting_label(section.meeting),
               "number": copy.number, "section": section.title},
        )  # fmt: skip
        return redirect("admin:meetings_agendaitem_change", copy.pk)
    return TemplateResponse(
        request,
        "admin/meetings/agendaitem/copy.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": AgendaItem._meta,
            "original": item,
            "title": _("Kopiér punktet til et andet møde"),
            "subtitle": str(item),
            "form": form,
        },
    )
