"""Fixtures of the API's tests."""

import datetime

import pytest

from meetings.models import Membership, Person
from municipalities.services import referral_create
from tests.municipalities.helpers import municipalities_make


@pytest.fixture
def followed(package):
    """The package's open item referred to the 11 councils, with their rows; two members."""
    from meetings import rendering, services
    from tests.pdfs import make_pdf

    municipalities = municipalities_make()
    item = package["open_item"]
    version = services.meeting_publish(meeting=package["meeting"], include_decisions=True)
    for kind, variant in (("dagsorden", "offentlig"), ("dagsorden", "medlemmer"),
                          ("referat", "offentlig"), ("referat", "medlemmer"),
                          ("bilag", "offentlig"), ("bilag", "medlemmer")):  # fmt: skip
        pdf = make_pdf(2, f"{kind}{variant}")
        rendering.document_store(version=version, kind=kind, variant=variant, data=pdf)
    referral_create(item=item, deadline=datetime.date.today() + datetime.timedelta(days=30))
    body = package["meeting"].body
    for name, end in (("Mads Duedahl", None), ("Tidligere Medlem", datetime.date(2025, 12, 31))):
        Membership.objects.create(
            person=Person.objects.create(name=name, party="V"),
            body=body,
            municipality=municipalities["Aalborg"],
            start=datetime.date(2022, 1, 1),
            end=end,
        )
    return package
