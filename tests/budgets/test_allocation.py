"""The allocation engine, its command line and the seed's worked examples."""

import io
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from budgets.allocation import (
    LARGEST_REMAINDER,
    ROUND_EACH,
    AllocationError,
    Derived,
    allocate,
    half_up,
    parse_number,
)

names = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=8),
    min_size=1,
    max_size=12,
    unique=True,
)
positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@st.composite
def key_input(draw):
    participants = draw(names)
    bases = {name: {"basis": draw(positive)} for name in participants}
    total = draw(st.integers(min_value=0, max_value=10_000_000))
    return bases, Decimal(total)


@settings(max_examples=300, deadline=None)
@given(key_input())
def test_largest_remainder_preserves_the_total_and_stays_within_a_unit(data):
    bases, total = data
    allocation = allocate(bases, total=total, policy=LARGEST_REMAINDER)
    assert allocation.rounded_total == total
    assert allocation.drift == 0
    for row in allocation.rows:
        low = row.raw.to_integral_value(rounding=ROUND_FLOOR)
        high = row.raw.to_integral_value(rounding=ROUND_CEILING)
        assert row.rounded in (low, high)


@settings(max_examples=200, deadline=None)
@given(key_input(), st.sampled_from([Decimal(1), Decimal(5), Decimal(1000), Decimal("0.5")]))
def test_round_each_is_unit_times_half_up_per_line(data, unit):
    bases, total = data
    allocation = allocate(bases, total=total, policy=ROUND_EACH, unit=unit)
    for row in allocation.rows:
        assert row.rounded == unit * half_up(row.raw / unit)
        assert not row.adjusted
    assert allocation.drift == allocation.rounded_total - total


@settings(max_examples=200, deadline=None)
@given(key_input(), st.decimals(min_value=0, max_value=1, places=3))
def test_fixed_shares_hold(data, share):
    bases, total = data
    first = next(iter(bases))
    allocation = allocate(bases, total=total, fixed={first: share})
    row = next(r for r in allocation.rows if r.participant == first)
    assert row.share == share
    assert row.raw == total * share
    if len(bases) > 1:  # the others share what the fixed share leaves
        assert abs(sum(r.share for r in allocation.rows) - 1) < Decimal("1e-25")


def test_half_up_rounds_away_from_zero():
    assert [half_up(Decimal(v)) for v in ("0.5", "1.5", "2.5", "-0.5", "2.49")] == [1, 2, 3, -1, 2]


def test_weights_combine_bases_and_exclusions_drop_participants():
    bases = {
        "Aalborg": {"befolkning": Decimal(200), "job": Decimal(100)},
        "Læsø": {"befolkning": Decimal(2), "job": Decimal(1)},
        "Rebild": {"befolkning": Decimal(30), "job": Decimal(10)},
    }
    allocation = allocate(
        bases, total=Decimal(100), weights={"befolkning": Decimal(3), "job": Decimal(1)},
        exclude={"Læsø"},
    )  # fmt: skip
    shares = {row.participant: row.share for row in allocation.rows}
    assert set(shares) == {"Aalborg", "Rebild"}
    expected = Decimal("0.75") * Decimal(200) / Decimal(230) + Decimal("0.25") * Decimal(
        100
    ) / Decimal(110)
    assert abs(shares["Aalborg"] - expected) < Decimal("1e-25")


def test_derived_columns_from_raw_or_rounded():
    bases = {"A": {"b": Decimal(1)}, "B": {"b": Decimal(2)}}
    allocation = allocate(
        bases, total=Decimal(10),
        derived=[Derived("frafald", Decimal("0.9"), "rounded"), Derived("rå", Decimal("0.9"), "raw")],
    )  # fmt: skip
    a = allocation.rows[0]
    # Derived figures are rounded to the key's unit, like the split: 0,9 × 3 = 2,7 → 3;
    # 0,9 × 10/3 = 3,000… → 3 (not 28 decimals).
    assert a.rounded == 3 and a.derived["frafald"] == Decimal(3)
    assert a.derived["rå"] == Decimal(3)
    cents = allocate(bases, total=Decimal(10), unit=Decimal("0.01"), derived=[Derived("rå", Decimal("0.9"), "raw")])  # fmt: skip
    assert cents.rows[0].derived["rå"] == Decimal("3.00")
    assert cents.rows[1].derived["rå"] == Decimal("6.00")


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"weights": {"ukendt": Decimal(1)}}, "ukendt kolonne"),
        ({"fixed": {"A": Decimal("0.7"), "B": Decimal("0.4")}}, "mere end 1"),
        ({"total": Decimal(-5)}, "negativt"),
        ({"policy": "afrund-vildt"}, "ukendt afrundingsmetode"),
    ],
)
def test_bad_input_is_refused_in_danish(kwargs, message):
    bases = {"A": {"b": Decimal(1)}, "B": {"b": Decimal(2)}}
    kwargs.setdefault("total", Decimal(10))
    with pytest.raises(AllocationError, match=message):
        allocate(bases, **kwargs)
    with pytest.raises(AllocationError, match="negativt grundlag"):
        allocate({"A": {"b": Decimal(-1)}}, total=Decimal(1))


def test_danish_numbers():
    assert parse_number("1.771.663,13") == Decimal("1771663.13")
    assert parse_number("17.645") == Decimal("17645")
    assert parse_number("1771663.13") == Decimal("1771663.13")
    assert parse_number("11 %") == Decimal("11")
    assert parse_number("0,9") == Decimal("0.9")
    with pytest.raises(AllocationError):
        parse_number("x")


VVV = [
    ("Frederikshavn/Læsø", 11, 55), ("Hjørring", 11, 55), ("Brønderslev", 6, 30),
    ("Thisted", 9, 45), ("Morsø", 4, 20), ("Jammerbugt", 9, 45), ("Aalborg", 31, 155),
    ("Rebild", 5, 25), ("Mariagerfjord", 8, 40), ("Vesthimmerland", 7, 35),
]  # fmt: skip


def test_vaekst_via_viden_2024_split_is_consistent_where_the_seed_was_not():
    printed_shares = sum(share for _, share, _ in VVV)
    printed_targets = sum(target for _, _, target in VVV)
    assert (printed_shares, printed_targets) == (101, 505)  # the seed's own figures
    allocation = allocate(
        {name: {"andel": Decimal(share)} for name, share, _ in VVV}, total=Decimal(500)
    )
    computed = {row.participant: int(row.rounded) for row in allocation.rows}
    assert computed == {
        "Frederikshavn/Læsø": 54, "Hjørring": 54, "Brønderslev": 30, "Thisted": 45, "Morsø": 20,
        "Jammerbugt": 44, "Aalborg": 153, "Rebild": 25, "Mariagerfjord": 40, "Vesthimmerland": 35,
    }  # fmt: skip
    assert sum(computed.values()) == 500
    assert [r.participant for r in allocation.rows if r.adjusted] == ["Jammerbugt"]


def test_vvv_key_page_shows_the_difference_from_the_printed_figures(db, client_for):
    from budgets.demo import load_app_demo
    from budgets.models import DistributionKey
    from meetings.demo import municipalities_ensure

    municipalities_ensure()
    load_app_demo()
    key = DistributionKey.objects.get(name__startswith="Vækst Via Viden")
    html = client_for("anonymous").get(key.get_absolute_url()).content.decode()
    assert "De trykte tal summerer til 505, ikke 500." in html
    assert "<td>153</td>" in html and "<td>155</td>" in html and "<td>-2</td>" in html
    grant = DistributionKey.objects.get(name__startswith="Erhvervshus")
    html = client_for("anonymous").get(grant.get_absolute_url()).content.decode()
    assert "17.645" in html and "Bemærkninger" not in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.rindex("Aalborg") > rows.rindex("Vesthimmerland")  # Aalborg sorts last


def _run(*args):
    out = io.StringIO()
    call_command("allocate", *args, stdout=out)
    return out.getvalue().splitlines()


def test_command_line(tmp_path):
    path = tmp_path / "nøgle.csv"
    path.write_text(
        "participant,andel\n" + "".join(f"{n},{s} %\n" for n, s, _ in VVV), encoding="utf-8"
    )
    lines = _run(str(path), "--total", "500", "--derived", "frafald=0,9:rounded")
    assert lines[0] == "participant,share,raw,rounded,adjusted,frafald"
    aalborg = next(line for line in lines if line.startswith("Aalborg,")).split(",")
    assert aalborg[3] == "153" and aalborg[4] == "0" and aalborg[5] == "138"  # 137,7 → unit 1
    jammerbugt = next(line for line in lines if line.startswith("Jammerbugt,")).split(",")
    assert jammerbugt[3] == "44" and jammerbugt[4] == "1"
    assert abs(Decimal(aalborg[1]) * 500 - Decimal(aalborg[2])) < Decimal("1e-20")
    each = _run(str(path), "--total", "500", "--rounding", "round-each", "--unit", "10")
    assert next(line for line in each if line.startswith("Aalborg,")).split(",")[3] == "150"


@pytest.mark.parametrize(
    "args,message",
    [
        (["--total", "mange"], "er ikke et tal"),
        (["--total", "10", "--weight", "job=1"], "ukendt kolonne"),
        (["--total", "10", "--fixed", "Aalborg=0,6", "--fixed", "Hjørring=0,5"], "mere end 1"),
    ],
)
def test_command_line_errors(tmp_path, args, message):
    path = tmp_path / "n.csv"
    path.write_text("participant,andel\nAalborg,31\nHjørring,11\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("allocate", str(path), *args)
    path.write_text("participant,andel\nAalborg,31\nRebild,-5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="negativt grundlag"):
        call_command("allocate", str(path), "--total", "10")


def test_key_with_shares_over_100_percent_is_explained_not_an_error(db, client_for):
    from django.core.exceptions import ValidationError

    from budgets.models import DistributionKey, KeyBasis, KeyParticipant, KeyValue

    key = DistributionKey.objects.create(
        name="Forkert nøgle", total=Decimal(100), status="approved"
    )
    basis = KeyBasis.objects.create(key=key, column="b")
    for name, share in (("A", "0.7"), ("B", "0.4")):
        participant = KeyParticipant.objects.create(key=key, name=name, fixed_share=Decimal(share))
        KeyValue.objects.create(participant=participant, basis=basis, value=Decimal(1))
    html = client_for("anonymous").get(key.get_absolute_url()).content.decode()
    assert "Nøglen kan ikke beregnes: de faste andele er tilsammen 1,1, mere end 1 (100 %)." in html
    with pytest.raises(ValidationError, match="højst 1"):
        KeyParticipant(key=key, name="C", fixed_share=Decimal("1.5")).full_clean()
