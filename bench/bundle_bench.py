"""Agenda and annex bundle rendering on a synthetic package of about 600 annex pages.

Prints: agenda render seconds (and Chromium's --print-to-pdf of the same HTML where Chromium is
installed), bundle build seconds next to `pdfunite` of the same annexes, and the rebuild after
replacing one annex. Run with `make bench`.
"""

import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="kkr-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
os.environ["KKR_VAR_DIR"] = str(WORK / "var")
os.environ["FILE_STORAGE_OPTIONS"] = json.dumps({"location": str(WORK / "media")})

import django  # noqa: E402

django.setup()

import pikepdf  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from meetings import pdf  # noqa: E402
from meetings.selectors import snapshot_for_audience  # noqa: E402

WORDS = [
    "kommunerne",
    "regionen",
    "samarbejde",
    "beskæftigelse",
    "uddannelse",
    "sundhed",
    "borgere",
    "indsats",
    "budget",
    "regnskab",
    "udvikling",
    "erhvervshus",
    "resultatkontrakt",
    "fordeling",
    "lærepladser",
    "nordjyske",
    "virksomheder",
    "klima",
    "omstilling",
    "arbejdskraft",
    "opgaver",
]


def sentence(rng, n=18):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def text_pdf(rng, pages: int, *, landscape=False) -> bytes:
    doc = pikepdf.new()
    font = doc.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    size = (842, 595) if landscape else (595, 842)
    for _ in range(pages):
        doc.add_blank_page(page_size=size)
        page = doc.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        lines = [b"BT /F1 10 Tf 60 %d Td 13 TL" % (size[1] - 70)]
        for _ in range(45):
            line = sentence(rng, 12).encode("latin-1", "replace")
            lines.append(b"(" + line + b") '")
        lines.append(b"ET")
        page.Contents = doc.make_stream(b"\n".join(lines))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def image_pdf(rng, pages: int) -> bytes:
    from PIL import Image

    doc = pikepdf.new()
    for _ in range(pages):
        image = Image.effect_noise((1200, 900), 60).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=85)
        xobject = pikepdf.Stream(doc, buffer.getvalue())
        xobject.Type, xobject.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        xobject.Width, xobject.Height = 1200, 900
        xobject.ColorSpace, xobject.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
        xobject.Filter = pikepdf.Name.DCTDecode
        doc.add_blank_page(page_size=(595, 842))
        page = doc.pages[-1]
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=xobject))
        page.Contents = doc.make_stream(b"q 475 0 0 356 60 400 cm /Im1 Do Q")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_package(rng):
    annex_files = {}
    sections, annex_count, item_number = [], 0, 0
    page_plan = [5 + (i * 37) % 56 for i in range(30)]
    scale = 600 / sum(page_plan)
    page_plan = [max(5, min(60, round(p * scale))) for p in page_plan]
    for s in range(1, 4):
        items = []
        for i in range(1, 10):
            item_number += 1
            if item_number > 25:
                break
            paragraphs = "".join(f"<p>{sentence(rng, 60)}</p>" for _ in range(2))
            table = (
                "<table><tr><th>Kommune</th><th>Andel</th></tr>"
                + "".join(
                    f"<tr><td>{w}</td><td>{rng.randint(1, 40)} %</td></tr>" for w in WORDS[:8]
                )
                + "</table>"
            )
            annexes = []
            for _ in range(2 if item_number <= 5 else 1):
                if annex_count >= 30:
                    break
                pages = page_plan[annex_count]
                name = f"annex-{annex_count}.pdf"
                data = (
                    image_pdf(rng, min(pages, 8))
                    if annex_count % 10 == 3
                    else text_pdf(rng, pages, landscape=annex_count % 7 == 0)
                )
                annex_files[name] = data
                annexes.append(
                    {
                        "uid": f"u{annex_count}", "number": len(annexes) + 1, "title": f"Bilag om {rng.choice(WORDS)}",
                        "closed": annex_count % 9 == 4, "file": name, "original_name": name,
                        "sha256": f"{annex_count:064d}", "size": len(data), "page_count": len(pikepdf.open(io.BytesIO(data)).pages),
                    }
                )  # fmt: skip
                annex_count += 1
            items.append(
                {
                    "id": item_number, "number": f"{s}.{i}", "title": f"Sag om {rng.choice(WORDS)} og {rng.choice(WORDS)}",
                    "case_number": f"SAG-2024-{item_number:05d}", "initials": "hlth", "closed": item_number % 11 == 0,
                    "texts": {"background": paragraphs, "recommendation": "<ul><li>" + sentence(rng) + "</li></ul>",
                              "presentation": paragraphs + table + paragraphs, "decision": ""},
                    "annexes": annexes,
                }
            )  # fmt: skip
        sections.append({"number": str(s), "title": f"Afsnit {s}", "items": items})
    snapshot = {
        "meeting": {"uid": "bench", "title": "Møde i KKR Nordjylland", "body": "KKR Nordjylland",
                    "start": "2024-03-15T09:45:00+01:00", "location": "Aalborg"},
        "sections": sections,
    }  # fmt: skip
    return snapshot, annex_files


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def main():
    rng = random.Random(2024)
    snapshot, files = build_package(rng)
    annex_dir = WORK / "annexes"
    annex_dir.mkdir()
    for name, data in files.items():
        (annex_dir / name).write_bytes(data)
    members = snapshot_for_audience(snapshot, may_see_closed=True, decisions_public=False)
    annex_pages = sum(
        a["page_count"]
        for item in (i for s in snapshot["sections"] for i in s["items"])
        for a in item["annexes"]
    )
    print(f"Pakke: 25 punkter, {len(files)} bilag, {annex_pages} bilagssider")

    agenda_seconds, agenda = timed(pdf.agenda_pdf, members, variant="medlemmer", version_number=1)
    print(
        f"Dagsorden (WeasyPrint, tagget PDF/UA): {agenda_seconds:.2f} s, {pdf.page_count(agenda)} sider"
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        html = render_to_string("pdf/agenda.html", {"snapshot": members, "start": pdf._start(members),
                                "kind_title": "Dagsorden", "doc_title": "Dagsorden"})  # fmt: skip
        html_path = WORK / "agenda.html"
        html_path.write_text(html)
        start = time.perf_counter()
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={WORK / 'chromium'}", f"--print-to-pdf={WORK / 'agenda-chromium.pdf'}",
             html_path.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        print(
            f"Dagsorden (chromium --print-to-pdf, samme HTML, utagget): {time.perf_counter() - start:.2f} s"
        )
    else:
        print("Dagsorden (chromium --print-to-pdf): chromium er ikke installeret")

    def read(annex):
        return (annex_dir / annex["file"]).read_bytes()

    cache = pdf.StorageCache()
    bundle_seconds, bundle = timed(
        pdf.bundle_pdf, members, variant="medlemmer", open_annex=read, version_number=1, cache=cache
    )
    print(f"Bilagssamling (indhold, stempler, sidetal, bogmærker, lineariseret): {bundle_seconds:.2f} s, "
          f"{pdf.page_count(bundle)} sider")  # fmt: skip
    order = [a["file"] for s in snapshot["sections"] for i in s["items"] for a in i["annexes"]]
    unite_seconds = None
    if shutil.which("pdfunite"):
        start = time.perf_counter()
        subprocess.run(
            ["pdfunite", *[str(annex_dir / n) for n in order], str(WORK / "unite.pdf")], check=True
        )
        unite_seconds = time.perf_counter() - start
        print(f"pdfunite af de samme bilag (ren sammenføjning): {unite_seconds:.2f} s; "
              f"forhold {bundle_seconds / unite_seconds:.2f}x (mål: højst 3x)")  # fmt: skip
    else:
        print("pdfunite: poppler-utils er ikke installeret")

    # Replace one annex and rebuild: unchanged annexes and dividers are reused from the cache.
    replaced = members["sections"][1]["items"][2]["annexes"][0]
    new_data = text_pdf(rng, replaced["page_count"])
    (annex_dir / "replacement.pdf").write_bytes(new_data)
    replaced.update(file="replacement.pdf", sha256="f" * 64, size=len(new_data))
    rebuild_seconds, _ = timed(
        pdf.bundle_pdf, members, variant="medlemmer", open_annex=read, version_number=2, cache=cache
    )
    print(f"Genopbygning efter udskiftning af ét bilag: {rebuild_seconds:.2f} s; "
          f"forhold til fuld opbygning {rebuild_seconds / bundle_seconds:.2f} (mål: højst 0,5)")  # fmt: skip
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
