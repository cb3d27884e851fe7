"""Logins in the admin: the secretariat manages readers' logins, only an operator manages roles.

A secretariat login sees, creates and edits reader logins (council members and municipalities)
with the person and municipality they belong to, resets their passwords and lifts their
lockouts. The superuser flag, the staff flag, groups, permissions and every secretariat or
superuser account are for superusers only (made with ``createsuperuser``). Every change is
written to the admin's history (who, when, what).
"""

from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import Municipality, Person
from meetings.rules import COUNCIL_MEMBER, MUNICIPALITY, ROLE_GROUPS, SECRETARIAT
from meetings.text import strip_control_characters

READER_ROLES = (COUNCIL_MEMBER, MUNICIPALITY)
ROLE_LABELS = {COUNCIL_MEMBER: _("rådsmedlem"), MUNICIPALITY: _("kommune")}


def reader_logins():
    """The logins a secretariat may manage: active or not, but never staff, superuser or
    secretariat."""
    return User.objects.filter(is_superuser=False, is_staff=False).exclude(groups__name=SECRETARIAT)


def _is_operator(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class ReaderLoginFields(forms.Form):
    """The role and the person/municipality a reader login belongs to."""

    role = forms.ChoiceField(
        label=_("Rolle"), choices=[(r, ROLE_LABELS[r]) for r in READER_ROLES], required=True
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Rådsmedlemmets person (navn, parti, kommune)."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        required=False,
        help_text=_("Den kommune, et kommunelogin hører til."),
    )


def _reader_form(base):
    """A user form with the reader fields added to it."""

    class Form(base):
        role = ReaderLoginFields.base_fields["role"]
        person = ReaderLoginFields.base_fields["person"]
        municipality = ReaderLoginFields.base_fields["municipality"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            user = self.instance if self.instance.pk else None
            self.fields["person"].queryset = Person.objects.filter(
                Q(user__isnull=True) | Q(user=user) if user else Q(user__isnull=True)
            )
            if user is not None:
                roles = set(user.groups.values_list("name", flat=True))
                self.fields["role"].initial = next((r for r in READER_ROLES if r in roles), None)
                person = Person.objects.filter(user=user).first()
                self.fields["person"].initial = person
                self.fields["municipality"].initial = person.municipality if person else None

        def clean(self):
            cleaned = super().clean()
            for name in ("first_name", "last_name", "username"):
                if cleaned.get(name):
                    cleaned[name] = strip_control_characters(cleaned[name])
            if cleaned.get("role") == MUNICIPALITY and not cleaned.get("municipality"):
                self.add_error("municipality", gettext("Vælg kommunen for et kommunelogin."))
            if cleaned.get("role") == COUNCIL_MEMBER and not cleaned.get("person"):
                self.add_error("person", gettext("Vælg rådsmedlemmets person."))
            return cleaned

    Form.__name__ = base.__name__
    return Form


ReaderCreationForm = _reader_form(AdminUserCreationForm)
ReaderChangeForm = _reader_form(UserChangeForm)


@transaction.atomic
def reader_login_link(*, user: User, role: str, person=None, municipality=None) -> str:
    """Give a reader login its one reader role and its person; returns what changed, in words."""
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLE_GROUPS)}
    for name in READER_ROLES:
        groups.setdefault(name, Group.objects.get_or_create(name=name)[0])
    before = sorted(user.groups.filter(name__in=READER_ROLES).values_list("name", flat=True))
    user.groups.remove(*[groups[name] for name in READER_ROLES if name != role])
    user.groups.add(groups[role])
    changes = []
    if before != [role]:
        changes.append(
            gettext("rolle: %(old)s → %(new)s")
            % {
                "old": ", ".join(str(ROLE_LABELS[r]) for r in before) or "–",
                "new": ROLE_LABELS[role],
            }
        )
    current = Person.objects.filter(user=user).first()
    if person is None and role == MUNICIPALITY and municipality is not None:
        person = current or Person(name=user.get_full_name() or user.username)
    if current is not None and current != person:
        Person.objects.filter(pk=current.pk).update(user=None)
        changes.append(gettext("person %(name)s frakoblet") % {"name": current.name})
    if person is not None:
        if role == MUNICIPALITY and municipality is not None:
            person.municipality = municipality
        person.user = user
        person.save()
        if current != person:
            changes.append(gettext("person: %(name)s") % {"name": person.name})
    return "; ".join(changes)


class ReaderRoleFilter(admin.SimpleListFilter):
    title = _("rolle")
    parameter_name = "rolle"

    def lookups(self, request, model_admin):
        return [(role, ROLE_LABELS[role]) for role in READER_ROLES]

    def queryset(self, request, queryset):
        if self.value() in READER_ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


class PortalUserAdmin(UserAdmin):
    """Superusers get Django's full user admin; the secretariat gets reader logins only."""

    reader_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email")}),
        (_("Rolle"), {"fields": ("role", "person", "municipality", "is_active")}),
        (_("Datoer"), {"fields": ("last_login", "date_joined")}),
    )
    reader_add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "email", "role", "person",
                           "municipality", "usable_password", "password1", "password2"),
            },
        ),
    )  # fmt: skip
    actions = ["lift_lockout"]

    def get_list_filter(self, request):
        if _is_operator(request):
            return super().get_list_filter(request)
        return (ReaderRoleFilter, "is_active")

    def get_list_display(self, request):
        if _is_operator(request):
            return super().get_list_display(request)
        return ("username", "first_name", "last_name", "reader_role", "person", "is_active")

    @admin.display(description=_("Rolle"))
    def reader_role(self, obj):
        names = {group.name for group in obj.groups.all()}
        return ", ".join(str(ROLE_LABELS[r]) for r in READER_ROLES if r in names) or "–"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("groups")
        if _is_operator(request):
            return queryset
        return queryset.filter(pk__in=reader_logins().values("pk")).select_related("person")

    def get_fieldsets(self, request, obj=None):
        if _is_operator(request):
            return super().get_fieldsets(request, obj)
        return self.reader_add_fieldsets if obj is None else self.reader_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if _is_operator(request):
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        if not _is_operator(request):
            kwargs["form"] = ReaderCreationForm if obj is None else ReaderChangeForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not _is_operator(request)
            and not reader_logins().filter(pk=obj.pk).exists()
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_operator(request) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not _is_operator(request):
            # Whatever was posted, a login made or edited by the secretariat stays a reader.
            obj.is_staff = obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "role" in form.cleaned_data and not _is_operator(request):
            described = reader_login_link(
                user=form.instance,
                role=form.cleaned_data["role"],
                person=form.cleaned_data.get("person"),
                municipality=form.cleaned_data.get("municipality"),
            )
            form.role_change_message = described

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        described = getattr(form, "role_change_message", "")
        if described:
            message = [*message, {"changed": {"fields": [described]}}]
        return message

    @admin.action(description=_("Ophæv spærring af login"), permissions=["change"])
    def lift_lockout(self, request, queryset):
        for user in queryset:
            removed = axes_reset(username=user.username)
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[user],
                action_flag=CHANGE,
                change_message=gettext("Spærring ophævet (%(n)s registreringer fjernet).")
                % {"n": removed},
                single_object=True,
            )
            self.message_user(
                request,
                gettext("Spærringen af %(user)s er ophævet.") % {"user": user.username},
                messages.SUCCESS,
            )


class OperatorGroupAdmin(GroupAdmin):
    """Groups carry permissions: only an operator (superuser) sees or changes them."""

    def has_module_permission(self, request):
        return _is_operator(request)

    def has_view_permission(self, request, obj=None):
        return _is_operator(request)

    def has_add_permission(self, request):
        return _is_operator(request)

    def has_change_permission(self, request, obj=None):
        return _is_operator(request)

    def has_delete_permission(self, request, obj=None):
        return _is_operator(request)


def _register(site) -> None:
    for model in (User, Group):
        if site.is_registered(model):
            site.unregister(model)
    site.register(User, PortalUserAdmin)
    site.register(Group, OperatorGroupAdmin)


_register(admin.site)
