"""One agenda item on its own page: its texts (Beslutning when the minutes are written) and its
annexes in a compact table, with several files uploaded at once."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings import outline, procedure, services, signals
from meetings.admin.base import DanishAddLinksMixin, DanishInlineMixin, meeting_column
from meetings.admin.item_copy import item_copy_view
from meetings.admin_locking import LockedAdminMixin
from meetings.downloads import stored_file_response
from meetings.forms import AgendaItemForm, AnnexForm
from meetings.models import AgendaItem, AgendaSection, Annex
from meetings.text import format_bytes, signed_by


class AnnexFileForm(AnnexForm):
    """A stored file has no public address, so the form offers only a new one; the admin opens
    the stored file at its own address (`annex_file_link`)."""

    class Meta(AnnexForm.Meta):
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf"})}
        labels = {"file": _("Erstat fil")}


class AnnexRowForm(AnnexFileForm):
    class Meta(AnnexFileForm.Meta):
        fields = ["title", "file", "closed"]


@admin.display(description=_("størrelse"), ordering="size")
def annex_size(annex: Annex) -> str:
    return format_bytes(annex.size) if annex.size else ""


def annex_file_link(annex: Annex, text) -> str:
    """The uploaded file as the secretariat gave it, opened in a new tab."""
    if not annex.pk:
        return ""
    label = _("Åbn bilag %(n)s: den uploadede fil") % {"n": annex.position}
    url = reverse("admin:meetings_annex_file", args=[annex.pk])
    return format_html(
        '<a href="{}" target="_blank" rel="noopener" title="{}" aria-label="{}">{}</a>',
        url, label, label, text,
    )  # fmt: skip


class AnnexRowFormSet(BaseInlineFormSet):
    """A table row's fields have column headings, not labels: name each field for screen
    readers with its annex number."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        number = (index + 1) if index is not None else _("nyt")
        names = {"title": _("titel"), "closed": _("lukket"), "file": _("erstat fil"),
                 "DELETE": _("slet")}  # fmt: skip
        for name, label in names.items():
            if name in form.fields:
                form.fields[name].widget.attrs["aria-label"] = _("Bilag %(n)s: %(what)s") % {
                    "n": number,
                    "what": label,
                }


def _signature_lines(annex: Annex) -> list[str]:
    """Who signed the file, whether readers get it as it was sent, and what to do about a
    signature that no longer fits it."""
    signers = annex.signer_facts
    said = signed_by(annex.signatures, signers)
    if annex.signed_original:
        lines = [_("%(signed)s: læserne kan også hente originalen med underskrifterne")
                 % {"signed": said}]  # fmt: skip
    else:
        why = annex.get_signed_original_withheld_display()
        lines = [_("%(signed)s, men %(why)s: læserne får kun læsekopien")
                 % {"signed": said, "why": why}]  # fmt: skip
    if any(signer.holds is False for signer in signers):
        lines.append(_("En underskrift passer ikke til filen: filen er ændret, efter den blev "
                       "underskrevet. Bed afsenderen om filen, som den blev underskrevet."))  # fmt: skip
    return lines


class AnnexInline(DanishInlineMixin, admin.TabularInline):
    model = Annex
    form = AnnexRowForm
    formset = AnnexRowFormSet
    extra = 0
    fields = ["number", "title", "page_count", annex_size, "readability", "closed", "file"]
    readonly_fields = ["number", "page_count", annex_size, "readability"]
    add_text = _("Tilføj endnu et bilag")
    classes = ["annex-table"]

    @admin.display(description=_("nr."))
    def number(self, obj):
        return annex_file_link(obj, obj.position) if obj.position else ""

    @admin.display(description=_("læsbarhed"))
    def readability(self, obj):
        # What other apps know of the file (compliance: OCR state, accessibility check).
        answers = signals.annex_facts_wanted.send(sender=Annex, annex=obj) if obj.pk else []
        lines = [line for _receiver, found in answers for line in found]
        if obj.stored_decrypted:
            lines.insert(0, _("Gemt uden kryptering: filen var krypteret uden adgangskode"))
        if obj.signatures:
            lines[:0] = _signature_lines(obj)
        return format_html_join("", '<div class="annex-fact">{}</div>', ((s,) for s in lines))


class ItemBuilderForm(AgendaItemForm):
    class Meta(AgendaItemForm.Meta):
        fields = ["section", "title", "case_number", "initials", "kle_number", "closed",
                  "closure_reason", "public_title", *AgendaItem.TEXT_FIELDS, "public_decision"]  # fmt: skip

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "section" in self.fields and meeting is not None:
            self.fields["section"].queryset = AgendaSection.objects.filter(meeting=meeting)
            self.fields["section"].empty_label = None


def writing_minutes(item: AgendaItem | None) -> bool:
    """Beslutning belongs to the minutes: shown from the meeting's day, or once written."""
    if item is None:
        return False
    day = procedure.meeting_date(item.section.meeting)
    return day <= timezone.localdate() or bool(item.decision.strip())


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedAdminMixin, DanishAddLinksMixin, SimpleHistoryAdmin):
    form = ItemBuilderForm
    inlines = [AnnexInline]
    list_display = ["__str__", meeting_column("section__meeting"), "case_number", "closed"]
    list_filter = ["closed", "section__meeting__body"]
    search_fields = ["title", "case_number", "section__meeting__title"]
    list_select_related = ["section__meeting__body"]
    ordering = ["-section__meeting__start", "section__position", "position"]
    date_hierarchy = "section__meeting__start"

    fieldsets = [
        (
            None,
            {"fields": ["section", "title", ("case_number", "initials", "kle_number"), "closed"]},
        ),
        (
            _("Lukket punkt: det offentligheden får at vide"),
            {"fields": ["closure_reason", "public_title"]},
        ),
        (_("Tekst"), {"fields": ["background", "recommendation", "presentation"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if writing_minutes(obj) or request.GET.get("beslutning"):
            fieldsets.append((_("Referat"), {"fields": ["decision", "public_decision"]}))
        return fieldsets

    def _meeting(self, request, obj):
        if obj is not None:
            return obj.section.meeting
        raw = request.GET.get("section", "")
        section = AgendaSection.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        return section.meeting if section else None

    def add_lock_meeting_id(self, request):
        # The outline's "Tilføj punkt under …" opens the page with the section.
        meeting = self._meeting(request, None)
        return meeting.pk if meeting else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        meeting = self._meeting(request, obj)

        class Form(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, meeting=meeting, **kw)

        return Form

    def get_changeform_initial_data(self, request):
        return {"section": request.GET.get("section")}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        answers = signals.item_tools_wanted.send(sender=AgendaItem, item=item) if item else []
        tools = [tool for _receiver, found in answers for tool in found]
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "item_tools": tools}
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section__meeting__body")

    def save_model(self, request, obj, form, change):
        outline.item_save(item=obj, moved=not change or "section" in form.changed_data)

    def save_formset(self, request, form, formset, change):
        annexes = formset.save(commit=False)
        for annex in formset.deleted_objects:
            annex.delete()
        for annex in annexes:
            if annex.pk is None:
                annex.position = outline.annex_next_position(form.instance)
            annex.save()
        outline.annexes_renumber(item=form.instance)

    def _back_to_outline(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        url = reverse("admin:meetings_meeting_change", args=[obj.section.meeting_id])
        return redirect(f"{url}#item-{obj.pk}")

    def response_change(self, request, obj):
        return self._back_to_outline(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        response = self._back_to_outline(request, obj) or super().response_add(request, obj)
        if "_addanother" in request.POST:
            # The next item goes under the same heading, and its page takes the meeting's lock.
            response["Location"] = f"{response['Location'].split('?')[0]}?section={obj.section_id}"
        return response

    def delete_model(self, request, obj):
        request.deleted_from_meeting = obj.section.meeting_id
        outline.item_delete(item=obj)

    def response_delete(self, request, obj_display, obj_id):
        meeting_id = getattr(request, "deleted_from_meeting", None)
        if meeting_id is None:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(request, _("Punktet “%(title)s” er slettet.") % {"title": obj_display})
        return redirect("admin:meetings_meeting_change", meeting_id)

    def get_urls(self):
        return [
            path(
                "<int:pk>/bilag/upload/",
                self.admin_site.admin_view(self.annex_upload_view),
                name="meetings_agendaitem_annex_upload",
            ),
            path(
                "<int:pk>/kopier/",
                self.admin_site.admin_view(lambda request, pk: item_copy_view(self, request, pk)),
                name="meetings_agendaitem_copy",
            ),
            *super().get_urls(),
        ]

    def annex_upload_view(self, request, pk):
        """One file of a multiple upload (the page sends them one by one, with progress)."""
        item = get_object_or_404(AgendaItem, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, item):
            raise PermissionDenied
        uploaded = request.FILES.get("file")
        if uploaded is None:
            return JsonResponse({"error": str(_("Ingen fil modtaget."))}, status=400)
        try:
            annex = services.annex_create(item=item, uploaded=uploaded)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        return JsonResponse(
            {
                "number": annex.position,
                "title": annex.title,
                "pages": annex.page_count,
                "size": format_bytes(annex.size),
            }
        )


@admin.register(Annex)
class AnnexAdmin(LockedAdminMixin, SimpleHistoryAdmin):
    """Annexes are added on their item's page (through the upload service); here they are found,
    edited and their history read."""

    form = AnnexFileForm
    fields = ["position", "title", "uploaded_file", "file", "closed"]
    readonly_fields = ["uploaded_file"]
    list_display = ["__str__", "item_title", meeting_column("item__section__meeting"), "page_count",
                    annex_size, "closed"]  # fmt: skip
    list_filter = ["closed"]
    search_fields = ["title", "original_name", "item__title"]
    list_select_related = ["item__section__meeting__body"]
    ordering = ["-item__section__meeting__start", "item__section__position", "item__position",
                "position"]  # fmt: skip
    date_hierarchy = "item__section__meeting__start"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("punkt"))
    def item_title(self, obj):
        # Not the foreign key itself: Django keeps such a column on one line, and a long item
        # title pushed the annex's pages, size and closed flag out of sight.
        return str(obj.item)

    @admin.display(description=_("uploadet fil"))
    def uploaded_file(self, obj):
        return annex_file_link(obj, obj.original_name or obj.title)

    def get_urls(self):
        view = self.admin_site.admin_view(self.file_view)
        return [path("<int:pk>/fil/", view, name="meetings_annex_file"), *super().get_urls()]

    def file_view(self, request, pk):
        annex = get_object_or_404(Annex, pk=pk)
        if not self.has_view_permission(request, annex):
            raise PermissionDenied
        name = annex.original_name or f"{annex.title}.pdf"
        # The upload as it was sent: a signed one that had to be decrypted or repaired is kept
        # so beside the copy everything else reads.
        return stored_file_response(request, annex.signed_file, filename=name)
