"""python manage.py import_package AGENDA.pdf BUNDLE.pdf [MINUTES.pdf] --body SLUG --date YYYY-MM-DD"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.contents import ContentsError
from archive.services import SourcePdf, package_import
from meetings.models import Body


def _source(path: str) -> SourcePdf:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"Filen findes ikke: {path}")
    return SourcePdf(name=file.name, data=file.read_bytes())


class Command(BaseCommand):
    help = (
        "Importér en gammel mødepakke (dagsorden, bilagssamling og evt. referat) som et "
        "offentliggjort, historisk møde."
    )

    def add_arguments(self, parser):
        parser.add_argument("agenda")
        parser.add_argument("bundle")
        parser.add_argument("minutes", nargs="?")
        parser.add_argument("--body", required=True, help="organets kortnavn, fx kkr-nordjylland")
        parser.add_argument(
            "--date", help="mødets dato (ÅÅÅÅ-MM-DD), hvis dagsordenen ikke har den"
        )
        parser.add_argument(
            "--closed-annex",
            action="append",
            default=[],
            metavar="PUNKT:BILAG",
            help="et lukket bilag på et åbent punkt, fx 2.1:2 (kan gentages)",
        )

    def handle(self, *args, agenda, bundle, minutes, body, date, closed_annex, **options):
        try:
            organ = Body.objects.get(slug=body)
        except Body.DoesNotExist:
            raise CommandError(f"Intet organ med kortnavnet »{body}«.") from None
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Datoen »{date}« er ikke på formen ÅÅÅÅ-MM-DD.") from None
        try:
            closed = frozenset((p.split(":")[0], int(p.split(":")[1])) for p in closed_annex)
        except (IndexError, ValueError):
            raise CommandError("--closed-annex skrives PUNKT:BILAG, fx 2.1:2.") from None
        try:
            imported = package_import(
                body=organ,
                agenda=_source(agenda),
                bundle=_source(bundle),
                minutes=_source(minutes) if minutes else None,
                date=day,
                closed_annexes=closed,
            )
        except ContentsError as error:
            raise CommandError("Pakken er ikke importeret:\n" + "\n".join(error.problems)) from None
        except ValidationError as error:
            raise CommandError("Pakken er ikke importeret:\n" + "\n".join(error.messages)) from None
        meeting = imported.meeting
        annexes = sum(
            item.annexes.count() for s in meeting.sections.all() for item in s.items.all()
        )
        self.stdout.write(
            f"Importeret: {meeting} {meeting.start:%d.%m.%Y} (møde {meeting.pk}), "
            f"{meeting.sections.count()} afsnit, {annexes} bilag."
        )
