from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibleCopyRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-mail (hvis du vil have svar)"), required=False, max_length=254
    )
    message = forms.CharField(
        label=_("Hvad har du brug for?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DismissalForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor er det ikke en personoplysning?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
