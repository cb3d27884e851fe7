"""The councils' follow-up in the demo: the December meeting's approval of the shared
secretariats' accounts and budget goes to the 11 municipal councils, which pay for them, and a
few of them have come along, so the pages have something to show the municipality login
(Hjørring)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.models import AgendaItem
from municipalities import services
from municipalities.models import CouncilReferral, CouncilTreatment

Status = CouncilTreatment.Status
DEMO_ITEM = "Godkendelse af regnskab 2023 og budget 2024 for de fælleskommunale sekretariater"


def load_app_demo():
    item = AgendaItem.objects.filter(title=DEMO_ITEM).order_by("pk").first()
    if item is None or CouncilReferral.objects.filter(item=item).exists():
        return
    secretary = get_user_model().objects.get(username="sekretariat")
    today = timezone.localdate()
    referral = services.referral_create(
        item=item, deadline=today + datetime.timedelta(days=45), user=secretary
    )
    rows = {
        row.municipality.name: row for row in referral.treatments.select_related("municipality")
    }
    soon = today + datetime.timedelta(days=14)
    steps = {
        "Aalborg": [{"status": Status.ON_AGENDA, "agenda_date": today},
                    {"status": Status.DECIDED, "agenda_date": today, "decided_on": today,
                     "outcome": CouncilTreatment.Outcome.AS_RECOMMENDED}],
        "Hjørring": [{"status": Status.ON_AGENDA, "agenda_date": soon}],
        "Læsø": [{"status": Status.NOT_RELEVANT}],
    }  # fmt: skip
    for name, changes in steps.items():
        for change in changes:
            services.treatment_update(treatment=rows[name], user=secretary, **change)
