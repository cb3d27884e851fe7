from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import CouncilTreatment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TreatmentForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CouncilTreatment.Status.choices)
    agenda_date = forms.DateField(
        label=_("På kommunalbestyrelsens dagsorden den"), required=False, widget=DateInput()
    )
    agenda_url = forms.URLField(
        label=_("Link til dagsordenen"), required=False, assume_scheme="https"
    )
    decided_on = forms.DateField(label=_("Besluttet den"), required=False, widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Udfald"),
        choices=[("", "–"), *CouncilTreatment.Outcome.choices],
        required=False,
    )
    outcome_text = forms.CharField(
        label=_("Kort om beslutningen"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def for_treatment(cls, treatment, data=None):
        initial = {
            field: getattr(treatment, field)
            for field in (
                "status",
                "agenda_date",
                "agenda_url",
                "decided_on",
                "outcome",
                "outcome_text",
            )
        }
        return cls(data=data, initial=initial)
