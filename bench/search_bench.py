"""Search over a ten-year archive: 50 meetings, 750 items, 1,500 annexes with about 30,000 pages
of text. Prints p50/p95 of 100 Danish queries through the portal's search function next to the
same queries as raw SQL on the same index, and the text-extraction speed of pdftotext (its words
read into lines, as the portal does, and its own text), pypdf and (when installed) pypdfium2 in
pages per second."""

import io
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = os.environ.get(
    "BENCH_SEARCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kkr_search_bench"
)
os.environ["DATABASE_URL"] = DATABASE
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

WORDS = [
    "kommune",
    "kommunerne",
    "region",
    "borgere",
    "sundhed",
    "sundhedsaftale",
    "beskæftigelse",
    "uddannelse",
    "budget",
    "regnskab",
    "erhvervshus",
    "resultatkontrakt",
    "fordeling",
    "lærepladser",
    "virksomheder",
    "klima",
    "omstilling",
    "arbejdskraft",
    "socialtilsyn",
    "takster",
    "hjemmepleje",
    "psykiatri",
    "rehabilitering",
    "samarbejde",
    "indsats",
    "strategi",
    "vækst",
    "match",
    "studerende",
    "trafik",
    "kollektiv",
    "busser",
    "jernbane",
    "havne",
    "turisme",
    "energi",
    "affald",
    "vand",
    "digitalisering",
    "velfærd",
    "ældre",
    "børn",
    "unge",
    "familier",
    "handicap",
    "specialundervisning",
]
QUERIES = [
    "kommunerne", "sundhedsaftale", "budget 2024", "lærepladser sosu", "erhvervshus", "klima",
    "psykiatri", "takster", "kollektiv trafik", "digitalisering velfærd", "unge uddannelse",
    "socialtilsyn", "vækst match", "rehabilitering", "arbejdskraft", "affald energi",
    "handicap", "ældre", "børn familier", "strategi",
    # Parts of compounds and other forms, widened by search/compounds.py.
    "aftale", "tilsyn", "plads", "budgetter",
    # Abbreviations that stand for their names too (search/abbreviations.py), and a name.
    "KL", "RAR beskæftigelse", "regionalt arbejdsmarkedsråd",
]  # fmt: skip


FILLER = [f"{a}{b}{c}" for a in ("ka", "mo", "ri", "se", "tu", "ve", "lo", "ne", "pa", "di")
          for b in ("ber", "dal", "fin", "gor", "hus", "jel", "kor", "lin", "mar", "nor")
          for c in ("en", "et", "er", "ing", "hed", "lig", "ske", "ne", "sen", "de")]  # fmt: skip


def sentence(rng, n):
    """Text in which each topical word is rare, as in real case papers."""
    return " ".join(
        rng.choice(WORDS) if rng.random() < 0.01 else rng.choice(FILLER) for _ in range(n)
    )


def build_archive(rng):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from meetings.demo import municipalities_ensure
    from meetings.models import Body
    from search.models import Entry
    from search.services import _vectorise

    municipalities_ensure()
    body, _ = Body.objects.get_or_create(
        slug="kkr-nordjylland", defaults={"name": "KKR Nordjylland"}
    )
    Entry.objects.all().delete()
    import datetime

    entries = []
    for meeting_number in range(50):
        year = 2015 + meeting_number // 5
        date = datetime.date(year, 1 + (meeting_number % 5) * 2, 15)
        source = f"meeting:{meeting_number}"
        common = {"source": source, "body": body, "year": year, "date": date}
        for item in range(15):
            audience = "members" if item == 7 else "public"
            entries.append(Entry(kind="item", audience=audience, title=f"{item} {sentence(rng, 5)}",
                                 text=sentence(rng, 400), url="/", **common))  # fmt: skip
            for _annex in range(2):
                pages = 20
                text = "\n".join(sentence(rng, 300) for _ in range(pages))
                entries.append(Entry(kind="annex", audience=audience, title=sentence(rng, 4),
                                     context=sentence(rng, 5), text=text, url="/", **common))  # fmt: skip
        if len(entries) > 600:
            Entry.objects.bulk_create(entries)
            entries = []
    Entry.objects.bulk_create(entries)
    start = time.perf_counter()
    _vectorise(Entry.objects.all())
    abbreviations_add(random.Random(7))
    print(f"Arkiv: {Entry.objects.count()} indgange, {Entry.objects.filter(kind='annex').count()} bilag "
          f"(≈{Entry.objects.filter(kind='annex').count() * 20} sider); indeks bygget på "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip


def abbreviations_add(rng):
    """The secretariat's list of 300 abbreviations, among them some of the queries'."""
    from search import abbreviations
    from search.models import Abbreviation

    Abbreviation.objects.all().delete()
    letters = "ABDEFGHKLMNPRSTUV"
    known = [("KL", "Kommunernes Landsforening"), ("RAR", "Regionalt Arbejdsmarkedsråd")]
    made = {"".join(rng.choice(letters) for _ in range(3)): " ".join(rng.sample(WORDS, 2))
            for _ in range(298)}  # fmt: skip
    Abbreviation.objects.bulk_create(
        Abbreviation(short=short, long=long) for short, long in [*known, *made.items()]
    )
    abbreviations.read(Abbreviation.objects.all())


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def run_queries(rng):
    from django.db import connection

    from search import compounds, selectors
    from search.views import _page

    queries = [rng.choice(QUERIES) for _ in range(100)]
    portal, floor = [], []
    entries = selectors.entries_for(None)
    for q in queries:  # warm up both paths once
        list(selectors.search(entries, q)[:20])

    def through_portal(q):
        # What the search page does: the first page of 20 with the count, its snippets.
        page = _page(selectors.search(entries, q), "1")
        for found in selectors.snippets(page.object_list, q).values():
            selectors.snippet_html(found.snippet)

    def raw_sql(q):
        # The same search: the query read and widened to compounds (its two statements), the
        # count, the ranked first page and its snippets.
        query = compounds.parsed(q)
        lexeme = query.terms[:1] or [""]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_entry "
                "WHERE audience = 'public' AND document @@ %s::tsquery",
                [query.wider],
            )
            cursor.fetchone()
            cursor.execute(
                """
                SELECT e.id, e.title,
                       ts_headline('danish',
                                   substr(e.text, greatest(strpos(lower(e.text), %s) - 1500, 1), 3000),
                                   query, 'MaxWords=30, MinWords=12, MaxFragments=2')
                FROM (
                    SELECT id, title, text, date, ts_rank(document, query) AS rank
                    FROM search_entry, CAST(%s AS tsquery) AS query
                    WHERE audience = 'public' AND document @@ query
                    ORDER BY rank DESC, date DESC, id
                    LIMIT 20
                ) AS e, CAST(%s AS tsquery) AS query
                ORDER BY e.rank DESC, e.date DESC, e.id
                """,
                [lexeme[0], query.wider, query.wider],
            )
            cursor.fetchall()

    for q in queries:
        start = time.perf_counter()
        through_portal(q)
        portal.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        raw_sql(q)
        floor.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentiles(portal)
    f50, f95 = percentiles(floor)
    print(f"Søgning gennem portalen: p50 {p50:.1f} ms, p95 {p95:.1f} ms (mål: p95 < 100 ms)")
    print(f"Samme forespørgsler som rå SQL (gulvet): p50 {f50:.1f} ms, p95 {f95:.1f} ms")
    print(f"Forhold p95: {p95 / f95:.2f}x (mål: højst 2x)")


MISSPELLED = ["sundhedsaftle", "socialtilsin", "digitaliseing", "rehabilitring",
              "specialundervisnig", "psykatri", "arbejdskarft", "erhvervshuz"]  # fmt: skip


def run_misspelled():
    """A search that finds nothing, and the "Mente du …?" the page then offers."""
    from search import selectors, spelling
    from search.views import _page

    entries = selectors.entries_for(None)
    times, offers = [], {}
    for q in MISSPELLED * 5:
        start = time.perf_counter()
        page = _page(selectors.search(entries, q), "1")
        offers[q] = spelling.suggestion(entries, q) if not page.paginator.count else None
        times.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentiles(times)
    print(f"Stavefejl, søgning uden fund med \"Mente du …?\": p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
          + ", ".join(f"{q} → {offers[q]}" for q in MISSPELLED[:3]))  # fmt: skip


def synthetic_pdf(rng, pages):
    """Pages of 45 lines in a standard font, made with pikepdf in a moment."""
    import pikepdf

    doc = pikepdf.new()
    font = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))  # fmt: skip
    for _ in range(pages):
        doc.add_blank_page()
        page = doc.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        lines = b"\n".join(
            b"(" + sentence(rng, 10).encode("latin-1", "replace") + b") '" for _ in range(45)
        )
        page.Contents = doc.make_stream(b"BT /F1 10 Tf 60 780 Td 13 TL\n" + lines + b"\nET")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def rendered_pdf(rng, pages):
    """Case papers as the portal renders them: WeasyPrint, embedded subset fonts, æøå."""
    from weasyprint import HTML

    paragraphs = "".join(
        f"<h2>Sagsfremstilling {n}</h2><p>{sentence(rng, 250)} Kommunerne i Nordjylland, "
        f"Læsø og Brønderslev – 1.771.663,13 kr.</p>"
        for n in range(pages * 2)
    )
    html = f"<html lang='da'><body style='font-size:10pt'>{paragraphs}</body></html>"
    return HTML(string=html).write_pdf()


def _pdftotext(data):
    from search.extraction import pdf_text

    return pdf_text(data)[0]


def _poppler_text(data):
    """pdftotext's own text, whose lines' hyphens the portal reads otherwise (search/pdflines)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-q", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def _pypdf(data):
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdfium(data):
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def extraction_speed():
    from pypdf import PdfReader

    rng = random.Random(1)
    extractors = {"pdftotext": _pdftotext, "pdftotext (egen tekst)": _poppler_text,
                  "pypdf": _pypdf}  # fmt: skip
    try:
        import pypdfium2  # noqa: F401  (measured when installed; not a dependency)

        extractors["pypdfium2"] = _pdfium
    except ImportError:
        pass
    samples = {
        "200 sider, standardskrift": [synthetic_pdf(rng, 200)],
        "10 bilag à 20 sider, WeasyPrint": [rendered_pdf(rng, 20) for _ in range(10)],
    }
    for label, files in samples.items():
        pages = sum(len(PdfReader(io.BytesIO(data)).pages) for data in files)
        rates = {}
        for name, extract in extractors.items():
            start = time.perf_counter()
            for data in files:
                extract(data)
            rates[name] = pages / (time.perf_counter() - start)
        slowest = min(rates.values())
        figures = ", ".join(
            f"{name} {rate:.0f} sider/s ({rate / slowest:.0f}x)" for name, rate in rates.items()
        )
        print(f"Tekstudtræk, {label} ({pages} sider): {figures}")


def reading_memory():
    """How long reading a 1,000-page annex's words into lines takes, and what it holds at most
    beyond pdftotext's output (tracemalloc, in a second reading)."""
    import tracemalloc

    from search import pdflines

    data = synthetic_pdf(random.Random(3), 1000)
    words = subprocess.run(
        ["pdftotext", "-tsv", "-enc", "UTF-8", "-q", "-", "-"], input=data, capture_output=True
    ).stdout.decode()
    start = time.perf_counter()
    pages = pdflines.pages(words).pages
    seconds = time.perf_counter() - start
    tracemalloc.start()
    pdflines.pages(words)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"Linjer af ord, {len(pages)} sider ({len(words) / 2**20:.0f} MiB ord): {seconds:.1f} s, "
          f"højst {peak / 2**20:.1f} MiB ud over ordene (mål: under 10 MiB)")  # fmt: skip


def main():
    db_name = DATABASE.rsplit("/", 1)[-1]
    admin = DATABASE.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{db_name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{db_name}"'], check=True)
    rng = random.Random(2024)
    build_archive(rng)
    run_queries(rng)
    run_misspelled()
    extraction_speed()
    reading_memory()


if __name__ == "__main__":
    main()
