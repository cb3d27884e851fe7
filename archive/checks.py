"""An imported meeting is the historical record as it was published: its originals are the
published version, so it is not published again from the admin."""

from django.utils.translation import gettext as _

from archive.models import ImportedPackage
from meetings import checklist


def check_not_imported(context: checklist.Context) -> list[checklist.Finding]:
    if not ImportedPackage.objects.filter(meeting=context.meeting).exists():
        return []
    return [
        checklist.Finding(
            "imported_read_only",
            checklist.ERROR,
            _(
                "Mødet er importeret fra en gammel mødepakke og er skrivebeskyttet: de "
                "oprindelige PDF-filer er den offentliggjorte version."
            ),
        )
    ]
