from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import Body


class PackageImportForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.all(), empty_label=None)
    agenda = forms.FileField(label=_("Dagsorden (PDF)"))
    bundle = forms.FileField(label=_("Bilagssamling (PDF)"))
    minutes = forms.FileField(label=_("Referat (PDF)"), required=False)
    date = forms.DateField(
        label=_("Mødets dato"),
        required=False,
        help_text=_("Kun hvis dagsordenens forside ikke har datoen."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    closed_annexes = forms.CharField(
        label=_("Lukkede bilag på åbne punkter"),
        required=False,
        help_text=_("Punkt og bilag, fx »2.1:2, 3.4:1«. Lukkede punkter læses af dagsordenen."),
    )

    def clean_closed_annexes(self) -> frozenset[tuple[str, int]]:
        found = set()
        for part in self.cleaned_data["closed_annexes"].replace(";", ",").split(","):
            if not part.strip():
                continue
            item, _sep, annex = part.strip().partition(":")
            if not annex.strip().isdigit():
                raise ValidationError(
                    _("»%(part)s« skrives PUNKT:BILAG, fx 2.1:2.") % {"part": part.strip()}
                )
            found.add((item.strip(), int(annex)))
        return frozenset(found)
