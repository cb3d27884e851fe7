import csv
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from budgets.allocation import (
    LARGEST_REMAINDER,
    POLICIES,
    AllocationError,
    Derived,
    allocate,
    parse_number,
)
from meetings.text import SafeCsvWriter


def _pair(text: str, what: str) -> tuple[str, str]:
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip():
        raise CommandError(f"{what} skal skrives NAVN=VÆRDI, ikke “{text}”")
    return name.strip(), value.strip()


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


class Command(BaseCommand):
    help = (
        "Fordeler et beløb eller et antal efter en fordelingsnøgle. Læser CSV (første kolonne "
        "'participant', de øvrige grundlag) og skriver CSV til standard-output."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="CSV-fil, eller - for standard-input")
        parser.add_argument("--total", required=True)
        parser.add_argument("--weight", action="append", default=[], metavar="KOLONNE=VÆGT")
        parser.add_argument("--fixed", action="append", default=[], metavar="NAVN=ANDEL")
        parser.add_argument("--exclude", action="append", default=[], metavar="NAVN")
        parser.add_argument("--rounding", choices=POLICIES, default=LARGEST_REMAINDER)
        parser.add_argument("--unit", default="1")
        parser.add_argument(
            "--derived", action="append", default=[], metavar="NAVN=FAKTOR:raw|rounded"
        )

    def handle(self, *args, **options):
        try:
            bases = self._read(options["input"])
            total = parse_number(options["total"])
            weights = {
                k: parse_number(v) for k, v in (_pair(w, "--weight") for w in options["weight"])
            }
            fixed = {k: parse_number(v) for k, v in (_pair(f, "--fixed") for f in options["fixed"])}
            derived = [self._derived(text) for text in options["derived"]]
            allocation = allocate(
                bases,
                total=total,
                weights=weights,
                fixed=fixed,
                exclude=set(options["exclude"]),
                policy=options["rounding"],
                unit=parse_number(options["unit"]),
                derived=derived,
            )
        except AllocationError as error:
            raise CommandError(str(error)) from error
        writer = SafeCsvWriter(self.stdout, lineterminator="\n")
        writer.writerow(
            ["participant", "share", "raw", "rounded", "adjusted", *(d.name for d in derived)]
        )
        for row in allocation.rows:
            writer.writerow(
                [row.participant, _plain(row.share), _plain(row.raw), _plain(row.rounded),
                 int(row.adjusted), *(_plain(row.derived[d.name]) for d in derived)]
            )  # fmt: skip

    def _derived(self, text: str) -> Derived:
        name, spec = _pair(text, "--derived")
        factor, _, source = spec.partition(":")
        if source not in ("raw", "rounded"):
            raise CommandError(f"--derived {text}: angiv :raw eller :rounded efter faktoren")
        return Derived(name=name, factor=parse_number(factor), source=source)

    def _read(self, path: str) -> dict:
        try:
            if path == "-":
                sample = sys.stdin.read()
            else:
                with open(path, newline="", encoding="utf-8-sig") as handle:
                    sample = handle.read()
        except OSError as error:
            raise CommandError(f"kan ikke læse {path}: {error.strerror}") from error
        dialect = (
            csv.Sniffer().sniff(sample.splitlines()[0], delimiters=",;\t") if sample else csv.excel
        )
        rows = list(csv.reader(sample.splitlines(), dialect))
        if not rows or not rows[0] or rows[0][0].strip() != "participant":
            raise CommandError("første kolonne i CSV-filen skal hedde 'participant'")
        columns = [c.strip() for c in rows[0][1:]]
        bases = {}
        for line_number, row in enumerate(rows[1:], start=2):
            if not row or not row[0].strip():
                continue
            values = {}
            for column, cell in zip(columns, row[1:], strict=False):
                try:
                    values[column] = parse_number(cell)
                except AllocationError as error:
                    raise CommandError(
                        f"linje {line_number}, kolonne “{column}”: {error}"
                    ) from error
            bases[row[0].strip()] = values
        return bases
