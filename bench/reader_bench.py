"""A mayor's 100-page annex in the portal's reader, on an iPad (820 × 1180, two device pixels
to a CSS pixel) in Chromium.

Prints: time until the first page is drawn (goal ≤ 2 s), until the whole annex can be searched
and noted (`data-ready`; goal ≤ 5 s), until a link to page 70 shows page 70 drawn (goal ≤ 5 s),
and the canvas memory the drawn pages hold after reading through every page (goal ≤ 200 MB:
iPad Safari refuses to draw beyond about 384 MB of canvas for all its tabs together), and with
a page zoomed in twice by pinching, when the pages under the eyes are drawn sharp again
(goal ≤ 250 MB).

Uses its own database (BENCH_READER_DATABASE_URL) and broker (BENCH_READER_BROKER_URL).
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import in_process_portal, portal_in_chromium  # noqa: E402

WORK, ENV = in_process_portal(
    "reader", broker_db=12, DEBUG="true", ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
)

PAGES = 100
IPAD = {"width": 820, "height": 1180}
TEXT = (
    "KKR Nordjylland besluttede at videreføre samarbejdet om kvalificeret arbejdskraft, "
    "uddannelse og erhvervsudvikling i de nordjyske kommuner, og kommunerne i Nordjylland "
    "følger op på målene i resultatkontrakten for Erhvervshus Nordjylland. "
) * 10
# The canvas memory the drawn pages hold: four bytes a device pixel.
CANVAS_BYTES = """() => [...document.querySelectorAll('#pdf-viewer canvas')]
  .reduce((sum, canvas) => sum + canvas.width * canvas.height * 4, 0)"""
# Drawn again for a zoom: more canvas pixels to a CSS pixel than the screen's two.
SHARPER = """(number) => {
  const canvas = document.querySelector(`#side-${number} canvas`);
  return !!canvas && canvas.width / parseFloat(canvas.style.width) > 2.5;
}"""
DRAWN = """(number) => {
  const canvas = document.querySelector(`#side-${number} canvas`);
  return !!canvas && canvas.width > 0 && canvas.dataset.drawn === 'true';
}"""


def published_annex():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services
    from meetings.demo import demo_pdf
    from tests.factories import ItemFactory, MeetingFactory, SectionFactory

    meeting = MeetingFactory()
    item = ItemFactory(section=SectionFactory(meeting=meeting), title="Resultatkontrakt")
    annex = services.annex_create(
        item=item,
        uploaded=SimpleUploadedFile("kontrakt.pdf", demo_pdf("Afsnit", PAGES, subtitle=TEXT)),
        title="Resultatkontrakt 2024",
    )
    services.meeting_publish(meeting=meeting)
    return meeting, annex


def main():
    from django.core.management import call_command
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    call_command("migrate", verbosity=0)
    meeting, annex = published_annex()
    print(f"Bilag på {PAGES} sider i læseren på en iPad (Chromium):", flush=True)
    with portal_in_chromium(ENV, IPAD, device_scale_factor=2) as (base, page):
        url = f"{base}/noter/moeder/{meeting.pk}/bilag/{annex.uid}/"
        page.goto(url)  # warm-up: pdf.js and the annex in the browser's cache
        page.wait_for_selector("#pdf-viewer[data-ready=true]", timeout=300_000)
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, arg=1, timeout=300_000)
        print(f"  første side tegnet: {time.perf_counter() - start:.2f} s (mål ≤ 2 s)")
        page.wait_for_selector("#pdf-viewer[data-ready=true]", timeout=300_000)
        print(f"  hele bilaget søgbart og klar til noter: {time.perf_counter() - start:.2f} s "
              "(mål ≤ 5 s)")  # fmt: skip
        page.goto("about:blank")
        start = time.perf_counter()
        page.goto(f"{url}#side-70")
        page.wait_for_function(DRAWN, arg=70, timeout=300_000)
        seconds, top = time.perf_counter() - start, page.locator("#side-70").bounding_box()["y"]
        print(f"  link til side 70: side 70 tegnet efter {seconds:.2f} s, dens top {top:.0f} px "
              "fra skærmens top (mål ≤ 5 s)")  # fmt: skip
        for number in range(1, PAGES + 1):
            page.locator(f"#side-{number}").scroll_into_view_if_needed()
            page.wait_for_function(DRAWN, arg=number, timeout=60_000)
        print(f"  lærredshukommelse efter at have bladret alle sider igennem: "
              f"{page.evaluate(CANVAS_BYTES) / 1e6:.0f} MB (mål ≤ 200 MB)")  # fmt: skip
        page.locator("#side-50").scroll_into_view_if_needed()
        page.wait_for_function(DRAWN, arg=50, timeout=60_000)
        page.context.new_cdp_session(page).send(
            "Emulation.setPageScaleFactor", {"pageScaleFactor": 2}
        )
        try:
            page.wait_for_function(SHARPER, arg=50, timeout=10_000)
        except PlaywrightTimeout:
            print("  zoomet to gange ind med fingrene på side 50: ikke tegnet skarpere på 10 s")
            return
        page.wait_for_timeout(1000)  # the other pages under the eyes
        print(f"  og zoomet to gange ind med fingrene på side 50 (tegnet skarpt igen): "
              f"{page.evaluate(CANVAS_BYTES) / 1e6:.0f} MB (mål ≤ 250 MB)")  # fmt: skip


if __name__ == "__main__":
    main()
