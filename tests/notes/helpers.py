"""A published meeting with an item text and a four-page annex, notes on both, and the
secretariat's version 2 (the annex replaced by one with a new first page, the item text changed),
shared by the service tests and the browser test."""

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services as meeting_services
from tests.factories import ItemFactory, MeetingFactory, SectionFactory
from tests.notes.pdfs import pages_pdf

BACKGROUND = (
    "<p>Passagertallet i den kollektive transport har været støt faldende gennem mange år.</p>"
)
PRESENTATION = (
    "<p>Regeringen har nedsat et ekspertudvalg, der skal se på den kollektive mobilitet i hele "
    "landet.</p><p>KL's bestyrelse ønsker, at vi fra kommunal side kan spille ind i "
    "ekspertudvalgets arbejde.</p><p>Svarene fordeler sig geografisk bredt på alle dele af "
    "landet.</p>"
)
ANNEX_PAGES = [
    ["Resultater af KL's mobilitetssurvey 2023", "Side et handler om passagertal."],
    ["Hovedkonklusioner om busdriften i kommunerne."],
    [
        "I 41 pct. af kommunerne er der gennemført besparelser i 2023.",
        "De er gennemført ved at nedlægge busruter og afkorte ruter.",
    ],
    ["Serviceforringelser har især ramt borgere i provins- og oplandskommuner."],
]
ITEM_QUOTE = "KL's bestyrelse ønsker, at vi fra kommunal side kan spille ind"
ANNEX_QUOTE = "gennemført besparelser i 2023"
DELETED_QUOTE = "Svarene fordeler sig geografisk bredt"


def upload(data: bytes, name="bilag.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def published_meeting():
    meeting = MeetingFactory(title="Møde med noter")
    section = SectionFactory(meeting=meeting, position=1, title="Regionalpolitiske sager")
    item = ItemFactory(
        section=section,
        position=1,
        title="Temarække om mobilitet",
        background=BACKGROUND,
        presentation=PRESENTATION,
    )
    annex = meeting_services.annex_create(
        item=item, uploaded=upload(pages_pdf(ANNEX_PAGES)), title="Mobilitetssurvey"
    )
    meeting_services.meeting_publish(meeting=meeting)
    return meeting, item, annex


def secretariat_changes(item, annex):
    """A new page before the annex's first, a changed background, a deleted sentence."""
    new_first = [["Ny forside indsat af sekretariatet", "Rettelsesblad til bilaget."]]
    stored = meeting_services.annex_prepare(
        annex=annex, uploaded=upload(pages_pdf(new_first + ANNEX_PAGES), "bilag-v2.pdf")
    )
    annex.file.save(annex.original_name, stored, save=False)
    annex.save()
    item.background = "<p>Passagertallet er fortsat lavere end før corona (rettet tekst).</p>"
    item.presentation = PRESENTATION.replace(
        "<p>Svarene fordeler sig geografisk bredt på alle dele af landet.</p>", ""
    )
    item.save()
