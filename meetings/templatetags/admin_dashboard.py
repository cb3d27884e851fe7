"""The secretariat's start page: the day's work first, the security logs tucked away."""

import datetime

from django import template
from django.utils import timezone

from meetings import procedure, visibility
from meetings.models import Meeting, RenderJob

register = template.Library()

# Login-security logs (django-axes) are there when needed, not the first thing seen.
TUCKED_APPS = {"axes"}


@register.simple_tag
def secretariat_today():
    now = timezone.now()
    upcoming = list(
        Meeting.objects.filter(start__gte=now - datetime.timedelta(hours=12), cancelled=False)
        .select_related("body")
        .order_by("start")[:6]
    )
    deadlines = [
        {"meeting": m, "deadline": procedure.agenda_deadline(m)}
        for m in upcoming
        if m.status == Meeting.Status.DRAFT and procedure.agenda_deadline_applies(m)
    ]
    return {
        "upcoming": upcoming,
        "drafts": visibility.unpublished_meetings().select_related("body").order_by("start")[:8],
        "failed_jobs": RenderJob.objects.filter(status=RenderJob.Status.FAILED)
        .select_related("version__meeting__body")
        .order_by("-created")[:8],
        "deadlines": deadlines,
        "today": timezone.localdate(),
    }


@register.filter
def daily_apps(app_list):
    return [app for app in app_list if app["app_label"] not in TUCKED_APPS]


@register.filter
def tucked_apps(app_list):
    return [app for app in app_list if app["app_label"] in TUCKED_APPS]
