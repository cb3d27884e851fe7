"""Status changes of the portal's records (contracts, budget tables, distribution keys, package
versions): one exception for a change a life cycle does not allow, and one check against a map
of allowed changes such as ``{DRAFT: {APPROVED}, APPROVED: {DRAFT}}``."""

from django.utils.translation import gettext as _


class InvalidTransition(Exception):
    """A status change the record's life cycle does not allow."""


def require_transition(transitions: dict, *, obj, to: str) -> None:
    """Raise InvalidTransition, naming both states in Danish, unless ``obj`` may go to ``to``."""
    if to not in transitions.get(obj.status, ()):
        raise InvalidTransition(
            _("%(what)s kan ikke gå fra %(a)s til %(b)s.")
            % {
                "what": str(obj._meta.verbose_name).capitalize(),
                "a": obj.get_status_display(),
                "b": type(obj).Status(to).label,
            }
        )


def admin_each(modeladmin, request, queryset, act) -> None:
    """An admin action's loop: ``act(obj)`` for each selected row, whose return value is the row's
    message; a refusal (ValidationError, InvalidTransition) is shown as that row's error, in
    Danish, and the other rows go on."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    for obj in queryset:
        try:
            message = act(obj)
        except (ValidationError, InvalidTransition) as error:
            reasons = "; ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{obj}: {reasons}", messages.ERROR)
        else:
            modeladmin.message_user(request, message)


def admin_transition(modeladmin, request, queryset, change, to: str, **options) -> None:
    """``change(obj, to, **options)`` for each selected row; each row's message is its new state."""

    def act(obj):
        return f"{obj}: {change(obj, to, **options).get_status_display()}"

    admin_each(modeladmin, request, queryset, act)
