from django.core.management.base import BaseCommand, CommandError

from budgets.allocation import AllocationError
from budgets.models import DistributionKey
from budgets.statistics import basis_from_statbank


class Command(BaseCommand):
    help = "Indlæser kommunale tal (fx befolkning pr. kvartal) fra Danmarks Statistiks CSV som et grundlag i en nøgle."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--key", type=int, required=True, help="nøglens id")
        parser.add_argument("--quarter", required=True, help="fx 2022K1")
        parser.add_argument("--column", default="Befolkning")

    def handle(self, *args, file, key, quarter, column, **options):
        try:
            distribution_key = DistributionKey.objects.get(pk=key)
        except DistributionKey.DoesNotExist as error:
            raise CommandError(f"nøgle {key} findes ikke") from error
        try:
            with open(file, encoding="utf-8-sig") as handle:
                text = handle.read()
            basis = basis_from_statbank(
                key=distribution_key, text=text, quarter=quarter, column=column
            )
        except (OSError, AllocationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{basis.column} pr. {basis.as_of:%d.%m.%Y} er indlæst i “{distribution_key}”."
        )
