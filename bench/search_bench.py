"""Search over a ten-year archive: 50 meetings, 750 items, 1,500 annexes with about 30,000 pages
of text. Prints p50/p95 of 100 Danish queries through the portal's search function next to the
same queries as raw SQL on the same index, and the text-extraction speed of pdftotext and pypdf."""

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
    print(f"Arkiv: {Entry.objects.count()} indgange, {Entry.objects.filter(kind='annex').count()} bilag "
          f"(≈{Entry.objects.filter(kind='annex').count() * 20} sider); indeks bygget på "
          f"{time.perf_counter() - start:.1f} s")  # fmt: skip


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def run_queries(rng):
    from django.db import connection

    from search import selectors

    queries = [rng.choice(QUERIES) for _ in range(100)]
    portal, floor = [], []
    entries = selectors.entries_for(None)
    for q in queries:  # warm up both paths once
        list(selectors.search(entries, q)[:20])
    for q in queries:
        start = time.perf_counter()
        results = list(selectors.search(entries, q)[:20])
        for snippet in selectors.snippets(results, q).values():
            selectors.snippet_html(snippet)
        portal.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT querytree(websearch_to_tsquery('danish', %s))", [q])
            lexeme = (cursor.fetchone()[0] or "").split("'")[1:2] or [""]
            cursor.execute(
                """
                SELECT e.id, e.title,
                       ts_headline('danish',
                                   substr(e.text, greatest(strpos(lower(e.text), %s) - 1500, 1), 3000),
                                   query, 'MaxWords=30, MinWords=12, MaxFragments=2')
                FROM (
                    SELECT id, title, text, date, ts_rank(document, query) AS rank
                    FROM search_entry, websearch_to_tsquery('danish', %s) AS query
                    WHERE audience = 'public' AND document @@ query
                    ORDER BY rank DESC, date DESC, id
                    LIMIT 20
                ) AS e, websearch_to_tsquery('danish', %s) AS query
                ORDER BY e.rank DESC, e.date DESC, e.id
                """,
                [lexeme[0], q, q],
            )
            cursor.fetchall()
        floor.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentiles(portal)
    f50, f95 = percentiles(floor)
    print(f"Søgning gennem portalen: p50 {p50:.1f} ms, p95 {p95:.1f} ms (mål: p95 < 100 ms)")
    print(f"Samme forespørgsler som rå SQL (gulvet): p50 {f50:.1f} ms, p95 {f95:.1f} ms")
    print(f"Forhold p95: {p95 / f95:.2f}x (mål: højst 2x)")


def extraction_speed():
    import pikepdf
    from pypdf import PdfReader

    doc = pikepdf.new()
    font = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))  # fmt: skip
    rng = random.Random(1)
    for _ in range(200):
        doc.add_blank_page()
        page = doc.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        lines = b"\n".join(
            b"(" + sentence(rng, 10).encode("latin-1", "replace") + b") '" for _ in range(45)
        )
        page.Contents = doc.make_stream(b"BT /F1 10 Tf 60 780 Td 13 TL\n" + lines + b"\nET")
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    path = Path("/tmp/kkr-extract-bench.pdf")
    path.write_bytes(data)
    start = time.perf_counter()
    subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, capture_output=True)
    poppler = 200 / (time.perf_counter() - start)
    start = time.perf_counter()
    "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    pure = 200 / (time.perf_counter() - start)
    print(
        f"Tekstudtræk: pdftotext {poppler:.0f} sider/s, pypdf {pure:.0f} sider/s ({poppler / pure:.0f}x)"
    )


def main():
    db_name = DATABASE.rsplit("/", 1)[-1]
    admin = DATABASE.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{db_name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{db_name}"'], check=True)
    rng = random.Random(2024)
    build_archive(rng)
    run_queries(rng)
    extraction_speed()


if __name__ == "__main__":
    main()
