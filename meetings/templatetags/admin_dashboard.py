"""The secretariat's start page: the day's work first, the security logs tucked away."""

from django import template

from meetings import dashboard

register = template.Library()

# Login-security logs (django-axes) are there when needed, not the first thing seen.
TUCKED_APPS = {"axes"}


@register.simple_tag
def secretariat_today() -> list[dashboard.Section]:
    return dashboard.sections()


@register.filter
def daily_apps(app_list):
    return [app for app in app_list if app["app_label"] not in TUCKED_APPS]


@register.filter
def tucked_apps(app_list):
    return [app for app in app_list if app["app_label"] in TUCKED_APPS]
