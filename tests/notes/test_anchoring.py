"""Finding a quote again in changed text (notes/anchoring.py)."""

from meetings.package import Item
from notes.anchoring import Quote, html_text, item_text, quote_find, quote_find_in_pages

TEXT = (
    "Det indstilles, at KKR Nordjylland godkender fordelingen af 17.645 t.kr. mellem "
    "kommunerne efter indbyggertal. KKR Nordjylland godkender også budgettet."
)


def test_quote_found_exactly_with_its_context():
    match = quote_find(TEXT, Quote("KKR Nordjylland godkender", prefix="Det indstilles, at "))
    assert (match.start, match.exact, match.fuzzy) == (19, "KKR Nordjylland godkender", False)


def test_context_chooses_between_two_exact_hits():
    match = quote_find(TEXT, Quote("KKR Nordjylland godkender", prefix="indbyggertal. "))
    assert TEXT[match.start - 14 : match.start] == "indbyggertal. "
    assert match.suffix.startswith(" også budgettet")


def test_changed_words_are_found_fuzzily_and_the_quote_follows_the_new_text():
    changed = TEXT.replace("godkender fordelingen", "tiltræder fordelingen")
    match = quote_find(changed, Quote("KKR Nordjylland godkender fordelingen af 17.645"))
    assert match.fuzzy
    assert match.exact == "KKR Nordjylland tiltræder fordelingen af 17.645"


def test_a_deleted_quote_is_not_found():
    assert quote_find(TEXT, Quote("Erhvervshus Nordjylland får basisbevillingen")) is None


def test_line_breaks_and_missing_spaces_do_not_matter():
    assert quote_find("godkender\nforde-\nlingen", Quote("godkender forde- lingen")).exact == (
        "godkender forde- lingen"
    )
    assert quote_find("KKR Nord jylland", Quote("KKR Nordjylland")).exact == "KKR Nord jylland"


def test_a_word_broken_at_a_line_s_end_is_the_same_word():
    """The browser reads a broken word's two halves ("Nordjyl- land"); the server's text may
    have it whole, or keep the text's own hyphen ("KL-aftalen"), or lose it ("KLaftalen")."""
    for server in ("i KKR Nordjylland fortsætter", "i KKR Nordjyl-\nland fortsætter"):
        match = quote_find(server, Quote("KKR Nordjyl- land fortsætter"))
        assert not match.fuzzy and match.exact.split() in (
            ["KKR", "Nordjylland", "fortsætter"],
            ["KKR", "Nordjyl-", "land", "fortsætter"],
        )
    for server in ("følger KL-aftalen nøje", "følger KLaftalen nøje"):
        match = quote_find(server, Quote("følger KL- aftalen"))
        assert (match.fuzzy, match.exact.replace("-", "")) == (False, "følger KLaftalen")
    assert quote_find("KKR Nordjylland", Quote("- -")) is None  # hyphens alone are no quote


def test_the_page_with_the_quote_is_chosen_and_ties_go_to_the_nearest_page():
    pages = ["Forside", "Regnskab 2023 for sundhedssekretariatet", "Budget 2024", "Regnskab 2023"]
    hit = quote_find_in_pages(pages, Quote("Budget 2024"), near_page=1)
    assert hit.page == 3
    assert quote_find_in_pages(pages, Quote("Regnskab 2023"), near_page=4).page == 4


def test_item_text_is_what_the_browser_reads():
    texts = {"background": "<p>Baggrund &amp; formål</p>\n<p>To</p>", "decision": "X"}
    item = Item(id=1, number="1.1", title="Sag", case_number="", initials="", kle_number="",
                closed=False, public=None, texts=texts, annexes=())  # fmt: skip
    assert html_text(texts["background"]) == "Baggrund & formål To"
    assert item_text(item, with_decision=False) == "Baggrund & formål To"
    assert item_text(item, with_decision=True) == "Baggrund & formål To X"
