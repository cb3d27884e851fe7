"""The subscribers' e-mails in the admin: which were sent, which failed and why; send again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from meetings.admin.base import VersionWorkAdmin
from meetings.models import Notification
from meetings.notifications import notification_retry


@admin.register(Notification)
class NotificationAdmin(VersionWorkAdmin):
    list_display = ["meeting", "__str__", "status", "attempts", "recipients", "updated", "error"]
    actions = ["send_again"]

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
