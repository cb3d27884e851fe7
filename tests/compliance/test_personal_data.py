"""The personal-data scanner: what it finds, what it leaves alone, and how sure it is."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.personal_data import Confidence, Kind, blocks_publishing, cpr_date, scan


def kinds(text):
    return [(f.kind, f.match, f.confidence) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "match", "confidence"),
    [
        ("Borgeren (cpr 010203-1234) klager", "010203-1234", Confidence.HIGH),
        ("Ansøger 070761-4285 har søgt", "070761-4285", Confidence.HIGH),  # passes modulus 11
        ("Ansøger 070761-4286 har søgt", "070761-4286", Confidence.MEDIUM),  # after 2007: no mod 11
        ("nr. 0707614285 i sagen", "0707614285", Confidence.MEDIUM),  # mod 11, no dash
        ("nr. 0707614286 i sagen", "0707614286", Confidence.LOW),
        ("CPR-nr.: 2902004321", "2902004321", Confidence.MEDIUM),  # 29 Feb 2000 (7th digit 4)
        # One digit to a box (a form's comb field, a printed form's boxes), as pdftotext reads it
        ("CPR-nr. 0 1 0 2 0 3 1 2 3 4", "0 1 0 2 0 3 1 2 3 4", Confidence.MEDIUM),
        ("Ansøger 0 7 0 7 6 1 - 4 2 8 5 har", "0 7 0 7 6 1 - 4 2 8 5", Confidence.HIGH),
        ("Felt 0 7 0 7 6 1 4 2 8 5 i skemaet", "0 7 0 7 6 1 4 2 8 5", Confidence.MEDIUM),
        ("Felt 0 1 0 2 0 3 1 2 3 4", "0 1 0 2 0 3 1 2 3 4", Confidence.LOW),
    ],
)
def test_cpr_numbers_are_found_and_graded(text, match, confidence):
    assert kinds(text) == [(Kind.CPR, match, confidence)]


@pytest.mark.parametrize(
    "text",
    [
        "Dato 320199-1234 er ikke en dato",  # day 32
        "Dato 011399-1234 er ikke en dato",  # month 13
        "Nummer 290201-0123 findes ikke",  # 29 Feb 1901 (7th digit 0 → 1900s)
        "Beløbet 1.771.663,13 kr. og 17.645 t.kr.",
        "Sag SAG-2023-03908 og EAN 5798000123456",
        "Tabellen 1 2 3 4 5 6 7 8 9 0 1 2",  # twelve digits in boxes: no ten of them are ours
        "Rækken 3 2 0 1 9 9 1 2 3 4",  # day 32
        "Point 0 1 0 2 0 3 1 2 3",  # nine
    ],
)
def test_invalid_dates_and_ordinary_numbers_are_not_cpr(text):
    assert [f for f in scan(text) if f.kind == Kind.CPR] == []


def test_century_follows_the_seventh_digit():
    assert cpr_date("0101374000").year == 1937
    assert cpr_date("0101364000").year == 2036
    assert cpr_date("0101585000").year == 1858
    assert cpr_date("0101575000").year == 2057


@pytest.mark.parametrize(
    ("text", "confidence"),
    [
        ("Ring på tlf. 98 12 34 56 i dag", Confidence.HIGH),
        ("Kontakt +45 20304050 for info", Confidence.HIGH),
        ("Kontakt 0045 20 30 40 50 for info", Confidence.HIGH),
        ("Kontakt 2030 4050 for info", Confidence.MEDIUM),
        ("Kontakt 20304050 for info", Confidence.LOW),
    ],
)
def test_danish_phone_numbers(text, confidence):
    found = [f for f in scan(text) if f.kind == Kind.PHONE]
    assert [f.confidence for f in found] == [confidence]


def test_amounts_and_years_are_not_phone_numbers():
    text = (
        "Budget 2024 2025: 2.316.569,00 kr., heraf 17.645 t.kr.; 12345678 er ikke et dansk nummer."
    )
    assert [f for f in scan(text) if f.kind == Kind.PHONE] == []


def test_email_and_bank_accounts():
    text = (
        "Skriv til jens.hansen@example.dk eller overfør til reg. nr. 1234 konto 0001234567, "
        "IBAN DK50 0040 0440 1162 43."
    )
    found = {(f.kind, f.match) for f in scan(text)}
    assert (Kind.EMAIL, "jens.hansen@example.dk") in found
    assert (Kind.BANK, "DK50 0040 0440 1162 43") in found
    assert any(kind == Kind.BANK and "1234" in match for kind, match in found)


def test_context_shows_the_surrounding_words():
    (finding,) = scan("Sagen om borgeren med cpr 010203-1234 blev behandlet i udvalget sidste uge.")
    assert (
        finding.context
        == "Sagen om borgeren med cpr «010203-1234» blev behandlet i udvalget sidste uge."
    )


def test_only_likely_cpr_numbers_block_publishing():
    high, low = scan("cpr 010203-1234. Sagen drejer sig om noget andet: nr. 0707614286")
    assert blocks_publishing(high) and not blocks_publishing(low)
    (mail,) = scan("a@b.dk")
    assert not blocks_publishing(mail)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_scanning_any_text_never_fails_and_spans_match(text):
    for finding in scan(text):
        assert text[finding.start : finding.end] == finding.match
