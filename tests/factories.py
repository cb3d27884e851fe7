import datetime
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import AgendaItem, AgendaSection, Body, Meeting
from tests.pdfs import make_pdf, with_signature

CPH = ZoneInfo("Europe/Copenhagen")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("slug",)

    name = "KKR Nordjylland"
    slug = "kkr-nordjylland"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = "Møde i KKR Nordjylland"
    start = factory.LazyFunction(
        lambda: datetime.datetime.combine(
            datetime.date.today() + datetime.timedelta(days=30), datetime.time(9, 45), tzinfo=CPH
        )
    )
    location = "Aalborg"


class InOrderFactory(factory.django.DjangoModelFactory):
    """Sections of a meeting and items of a section: placed 1, 2, 3 … unless a test says where."""

    class Meta:
        abstract = True

    position = factory.Sequence(lambda n: n + 1)


class SectionFactory(InOrderFactory):
    class Meta:
        model = AgendaSection

    meeting = factory.SubFactory(MeetingFactory)
    title = "Regionalpolitiske sager"


class ItemFactory(InOrderFactory):
    class Meta:
        model = AgendaItem

    section = factory.SubFactory(SectionFactory)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    case_number = "SAG-2023-03908"
    initials = "hlth"
    background = "<p>Baggrundstekst</p>"
    recommendation = "<p>Det indstilles, at KKR Nordjylland godkender sagen.</p>"


def items_last_closed(section, count, **fields):
    """`count` items "Sag <section>.<n>" placed in `section`, the last of them closed."""
    return [
        ItemFactory(
            section=section,
            position=position,
            title=f"Sag {section.position}.{position}",
            closed=position == count,
            **fields,
        )
        for position in range(1, count + 1)
    ]


def annex_add(item, *, title="Bilag", pages=2, closed=False, text=None, signed=False,
              signer="Lone Underskriver"):  # fmt: skip
    data = make_pdf(pages, text or title)
    if signed:
        data = with_signature(data, signer)
    uploaded = SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf")
    return services.annex_create(item=item, uploaded=uploaded, title=title, closed=closed)


def user_with_role(username, role):
    user = User.objects.create_user(
        username=username, password="pw-" + username, is_staff=role == "secretariat"
    )
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user
