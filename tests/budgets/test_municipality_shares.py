"""A municipality's page shows its own figures: its row of each approved distribution key and its
part of each approved table's surplus paid back, computed by the same engine as the key's page.
A draft (a key, a table, or a draft repayment key behind an approved table) shows to nobody but
the secretariat, and to the secretariat marked as a draft."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.keys import key_allocation
from budgets.models import DistributionKey, KeyParticipant
from meetings.models import Municipality
from tests.budgets.test_transitions import key_with, table_with_surplus

APPROVED, DRAFT = "approved", "draft"
READERS = ("council_member", "municipality", "anonymous")


@pytest.fixture
def hjoerring(db):
    return Municipality.objects.create(name="Hjørring", code=860)


def _tied(key, municipality):
    KeyParticipant.objects.filter(key=key, name=municipality.name).update(municipality=municipality)
    return key


def _shares(client, municipality) -> dict[str, tuple[str, str]]:
    html = client.get(reverse("municipalities:municipality_followup", args=[municipality.code]))
    html = html.content.decode()
    if 'id="shares-h"' not in html:
        return {}
    table = html[html.index('id="shares-h"') : html.index("</table>", html.index('id="shares-h"'))]
    rows = re.findall(
        r'<a href="[^"]+">([^<]+)</a>(.*?)</th>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>',
        table,
        re.S,
    )
    return {title + ("[kladde]" if "Kladde" in badge else ""): (share, amount)
            for title, badge, share, amount in rows}  # fmt: skip


def test_a_municipality_reads_its_row_of_each_key_and_its_part_of_a_surplus(
    hjoerring, client_for, users
):
    key = _tied(
        key_with([("Aalborg", 6), ("Hjørring", 3), ("Læsø", 1)], name="Basisbevilling",
                 status=APPROVED, unit_label="1.000 kr."),
        hjoerring,
    )  # fmt: skip
    table = table_with_surplus(key, income="1000.00", expenses="700.00", carried="100")
    table.status = APPROVED
    table.save()
    own = next(row for row in key_allocation(key=key).rows if row.participant == "Hjørring")
    assert (own.share, own.rounded) == (Decimal("0.3"), Decimal(30))
    expected = {
        "Basisbevilling": ("30,00 %", "30 (1.000 kr.)"),
        # 300 kr. surplus, 100 carried forward: 200 paid back, 30 % of it to Hjørring.
        "Regnskab og budget: overskud betalt tilbage": ("30,00 %", "60,00 kr."),
    }
    for role in (*READERS, "secretariat"):
        assert _shares(client_for(role), hjoerring) == expected, role


def test_drafts_show_to_the_secretariat_only_and_marked(hjoerring, client_for, users):
    _tied(key_with([("Aalborg", 1), ("Hjørring", 1)], name="Udkast"), hjoerring)
    for role in READERS:
        assert _shares(client_for(role), hjoerring) == {}, role
    assert _shares(client_for("secretariat"), hjoerring) == {"Udkast[kladde]": ("50,00 %", "50")}


def test_a_draft_repayment_key_behind_an_approved_table_is_not_read_through_the_table(
    hjoerring, client_for, users
):
    """The leak #12 names, on this page too: the table is approved, its key is not."""
    key = _tied(key_with([("Aalborg", 1), ("Hjørring", 1)], name="Kladdenøgle"), hjoerring)
    table = table_with_surplus(key)
    table.status = APPROVED
    table.save()
    DistributionKey.objects.filter(pk=key.pk).update(status=DRAFT)
    for role in READERS:
        assert _shares(client_for(role), hjoerring) == {}, role
    # The secretariat reads both, the repayment marked as resting on a draft.
    assert set(_shares(client_for("secretariat"), hjoerring)) == {
        "Kladdenøgle[kladde]",
        "Regnskab og budget: overskud betalt tilbage[kladde]",
    }
