"""The subscribers' e-mails in the admin: which were sent, which failed and why; send again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from meetings.models import Notification
from meetings.notifications import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "attempts", "recipients", "updated", "error"]
    list_filter = ["status"]
    list_select_related = ["version__meeting__body"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send igen"), permissions=["view"])
    def send_again(self, request, queryset):
        failed = queryset.filter(status=Notification.Status.FAILED)
        for notification in failed:
            notification_retry(notification=notification)
        self.message_user(
            request,
            _("%(n)s e-mail(s) er sat i kø igen.") % {"n": len(failed)},
            messages.SUCCESS,
        )
