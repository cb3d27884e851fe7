from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from kkr_portal.language import mail_language, mailed_in
from meetings.models import Body, Subscription


class SubscriptionForm(forms.Form):
    bodies = forms.ModelMultipleChoiceField(
        label=_("Send mig en e-mail, når der offentliggøres en mødepakke fra"),
        queryset=Body.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@login_required
def subscriptions(request):
    current = Body.objects.filter(subscriptions__user=request.user)
    form = SubscriptionForm(
        request.POST if request.method == "POST" else None, initial={"bodies": current}
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["bodies"])
        Subscription.objects.filter(user=request.user).exclude(body__in=chosen).delete()
        for body in chosen:
            Subscription.objects.get_or_create(user=request.user, body=body)
        mailed_in(request.user, request.LANGUAGE_CODE)
        messages.success(request, _("Dine abonnementer er gemt."))
        return redirect("meetings:subscriptions")
    return render(
        request,
        "meetings/subscriptions.html",
        {
            "form": form,
            "has_email": bool(request.user.email),
            "mail_language": mail_language(request.user),
        },
    )
