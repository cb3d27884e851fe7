import nested_admin
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from tinymce.widgets import TinyMCE

from agreements import services
from agreements.checks import contract_warnings
from agreements.models import (
    Activity,
    Chapter,
    Contract,
    Goal,
    Result,
    Signature,
    Target,
    TargetValue,
)
from kkr_portal.admin import nested_inline
from kkr_portal.transitions import admin_each, admin_transition
from meetings.admin_pickers import ItemPickerMixin
from meetings.richtext import sanitize_html

RICH = {"widget": TinyMCE(attrs={"rows": 6})}


class SanitisedRichTextMixin:
    rich_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_fields:
            kwargs.update(RICH)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


TargetInline = nested_inline(
    Target,
    stacked=True,
    sortable=True,
    inlines=[nested_inline(TargetValue), nested_inline(Result)],
)
GoalInline = nested_inline(
    Goal,
    stacked=True,
    inlines=[TargetInline, nested_inline(Activity, sortable=True)],
    mixins=[SanitisedRichTextMixin],
    rich_fields=("introduction", "goal_text", "method", "rationale", "reporting"),
)
ChapterInline = nested_inline(
    Chapter, stacked=True, sortable=True, mixins=[SanitisedRichTextMixin], rich_fields=("body",)
)


@admin.register(Contract)
class ContractAdmin(ItemPickerMixin, SimpleHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["year", "version_label", "status", "signed_date", "adopted_by"]
    list_filter = ["status", "year"]
    search_fields = ["version_label", "goals__title"]
    inlines = [ChapterInline, GoalInline, nested_inline(Signature, sortable=True)]
    readonly_fields = ["status", "warnings"]
    autocomplete_fields = ["adopted_by"]
    actions = ["approve", "approve_despite_warnings", "sign", "copy_to_next_year", "attach"]
    fields = [
        "year", "party", "counterparty", "version_label", "status", "effective_date",
        "signatories", "signed_date", "adopted_by", "basic_grant", "warnings",
    ]  # fmt: skip

    @admin.display(description=_("tjek før godkendelse"))
    def warnings(self, obj):
        if obj.pk is None:
            return "–"
        found = contract_warnings(obj)
        return "; ".join(f"{w.where}: {w.message}" for w in found) or _("Ingen bemærkninger.")

    def save_formset(self, request, form, formset, change):
        # Rich text is sanitised on the server, whatever the editor sent.
        for inline_form in formset.forms:
            for field in ("body", "introduction", "goal_text", "method", "rationale", "reporting"):
                if field in getattr(inline_form, "cleaned_data", {}):
                    value = sanitize_html(inline_form.cleaned_data[field])
                    setattr(inline_form.instance, field, value)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An approved contract's PDF follows it onto the item that adopts it.
        moved = "adopted_by" in form.changed_data
        services.contract_annex_sync(
            contract=form.instance,
            previous_item_id=form.initial.get("adopted_by") if moved else None,
        )

    def _transition(self, request, queryset, to, **options):
        def change(contract, to, **options):
            return services.contract_transition(contract=contract, to=to, **options)

        admin_transition(self, request, queryset, change, to, **options)

    @admin.action(description=_("Godkend"))
    def approve(self, request, queryset):
        self._transition(request, queryset, Contract.Status.APPROVED)

    @admin.action(description=_("Godkend trods bemærkninger"))
    def approve_despite_warnings(self, request, queryset):
        self._transition(request, queryset, Contract.Status.APPROVED, accept_warnings=True)

    @admin.action(description=_("Markér som underskrevet"))
    def sign(self, request, queryset):
        self._transition(request, queryset, Contract.Status.SIGNED)

    @admin.action(description=_("Kopiér til næste år (nyt udkast)"))
    def copy_to_next_year(self, request, queryset):
        for contract in queryset:
            copy = services.contract_copy_to_next_year(contract=contract)
            self.message_user(request, _("Udkast for %(year)s er oprettet.") % {"year": copy.year})

    @admin.action(description=_("Vedhæft som PDF-bilag til punktet"))
    def attach(self, request, queryset):
        def act(contract):
            if contract.adopted_by is None:
                raise ValidationError(_("vælg først punktet."))
            annex = services.contract_attach_to_item(contract=contract, item=contract.adopted_by)
            return _("Vedhæftet som %(a)s.") % {"a": annex}

        admin_each(self, request, queryset, act)
