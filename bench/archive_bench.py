"""Bringing in old packages and building the municipalities' packs, on a hand-made package in
the seeds' layout: 12 items with 5 annexes of 10 pages (600 pages, a contents over two pages).
Prints the import's seconds and pages per second (goal: ten years of about 50 packages in under
an hour, i.e. ≤ 70 s for such a package) and a municipality's pack build in seconds, cold (the
annexes' readers' copies made first) and warm (goal ≤ 30 s).
Uses the built-in set-up (SQLite, files in a temporary folder). Run with `make bench`."""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="kkr-archive-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
os.environ["KKR_VAR_DIR"] = str(WORK / "var")
os.environ.pop("DATABASE_URL", None)
os.environ["FILE_STORAGE_OPTIONS"] = json.dumps({"location": str(WORK / "media")})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from archive.services import SourcePdf, package_import  # noqa: E402
from meetings.models import Body, Municipality  # noqa: E402
from meetings.visibility import Audience  # noqa: E402
from municipalities import packs  # noqa: E402
from tests.archive.helpers import text_pdf  # noqa: E402

ITEMS, ANNEXES, PAGES = 12, 5, 10


def package():
    lines, page, body = [], 3, []
    for n in range(1, ITEMS + 1):
        lines.append(f"2.{n} Sag nummer {n} om regionalpolitiske forhold\t{page}")
        for a in range(1, ANNEXES + 1):
            lines.append(f"Bilag {a}: Notat {a} til sag {n}.....\t{page}")
            for p in range(1, PAGES + 1):
                header = (
                    [f"2.{n}", f"Sag nummer {n} om regionalpolitiske forhold"] if p == 1 else []
                )
                body.append(
                    [*header, f"Notat {a} til sag {n} – side {p} af {PAGES}", "Tekst " * 12]
                )
            page += PAGES
    bundle = text_pdf([["Indholdsfortegnelse - Bilag", *lines[:40]], lines[40:], *body])
    agenda = [
        ["DAGSORDEN", "Dato: 26-08-2021 10:00", "Sted: Aalborg", "2. Regionalpolitiske sager"]
    ]
    for n in range(1, ITEMS + 1):
        agenda.append([f"2.{n}. Sag nummer {n} om regionalpolitiske forhold", f"SAG-2021-{n:05d} ljo",
                       "Baggrund", "Tekst om sagen."])  # fmt: skip
    return text_pdf(agenda), bundle, len(body) + 2


def main():
    call_command("migrate", verbosity=0)
    body, _ = Body.objects.get_or_create(
        slug="kkr-nordjylland", defaults={"name": "KKR Nordjylland"}
    )
    aalborg, _ = Municipality.objects.get_or_create(code=851, defaults={"name": "Aalborg"})
    agenda, bundle, pages = package()
    started = time.perf_counter()
    imported = package_import(
        body=body, agenda=SourcePdf("dagsorden.pdf", agenda), bundle=SourcePdf("bilag.pdf", bundle)
    )
    seconds = time.perf_counter() - started
    print(f"import: {pages} pages, {ITEMS * ANNEXES} annexes in {seconds:.1f} s "
          f"({pages / seconds:.0f} pages/s; goal ≤ 70 s)")  # fmt: skip
    version = imported.meeting.versions.get()
    # Cold: the readers' copies of the annexes are made (a rendered package already has them).
    for label in ("cold", "warm"):
        started = time.perf_counter()
        with packs.temporary_pack_path() as folder:
            path = f"{folder}/p.zip"
            packs.pack_write(version, aalborg, Audience.PUBLIC, deadlines={}, out_path=path)
            size = os.path.getsize(path)
        seconds = time.perf_counter() - started
        print(f"pack ({label}): {ITEMS * ANNEXES + 1} files, {size / 1e6:.1f} MB in "
              f"{seconds:.1f} s (goal ≤ 30 s)")  # fmt: skip


main()
