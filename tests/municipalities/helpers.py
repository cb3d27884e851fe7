"""The 11 municipalities, a published decision for the councils, and a municipality's login."""

import datetime

from meetings import services
from meetings.models import Municipality, Person
from meetings.rules import MUNICIPALITY
from municipalities.services import referral_create
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, user_with_role

MUNICIPALITIES = (
    ("Morsø", 773), ("Thisted", 787), ("Brønderslev", 810), ("Frederikshavn", 813),
    ("Vesthimmerland", 820), ("Læsø", 825), ("Rebild", 840), ("Mariagerfjord", 846),
    ("Jammerbugt", 849), ("Aalborg", 851), ("Hjørring", 860),
)  # fmt: skip


def municipalities_make():
    return {
        name: Municipality.objects.get_or_create(name=name, code=code)[0]
        for name, code in MUNICIPALITIES
    }


def decided_item(title="Fordeling af lærepladser på SOSU-uddannelserne", closed=False):
    """An item whose decision is published with the minutes."""
    meeting = MeetingFactory()
    item = ItemFactory(
        section=SectionFactory(meeting=meeting, position=2),
        title=title,
        closed=closed,
        decision="<p>Anbefalingen blev godkendt.</p>",
    )
    services.meeting_publish(meeting=meeting, include_decisions=True)
    return item


def referral_make(deadline=None, **item_options):
    deadline = deadline or datetime.date.today() + datetime.timedelta(days=60)
    return referral_create(item=decided_item(**item_options), deadline=deadline)


def municipality_user(username, municipality, email=""):
    user = user_with_role(username, MUNICIPALITY)
    user.email = email
    user.save()
    Person.objects.create(name=username, municipality=municipality, user=user)
    return user
