"""An annex's text as a reader reads it: a word the layout broke at a line's end is one word, a
hyphen the text has stays ("KL-aftalen", "2022-2025", "social- og sundhedsområdet")."""

import collections
import html
import io
import re
import subprocess

import pytest
import weasyprint
from django.core.management import call_command

from search import pdflines
from search.extraction import pdf_text
from search.models import AnnexText, Entry
from tests.annexes.helpers import CORPUS, corpus_files
from tests.search.corpus import published_annex, results, seed_paragraphs


@pytest.mark.parametrize(
    ("last", "following", "text"),
    [
        ("Nordjyl-", "land", "Nordjylland"),  # broken by the layout
        ("arbejdserfa-", "ring", "arbejdserfaring"),
        ("bi-", "drage", "bidrage"),
        ("OP-", "TIONAL", "OPTIONAL"),  # a word in capitals, broken
        ("Nordjyl\u2010", "land", "Nordjylland"),  # the hyphen typesetters break words with
        ("Nordjyl\u00ad", "Land", "NordjylLand"),  # a soft hyphen is always a break
        ("KL-", "aftalen", "KL-aftalen"),  # an abbreviation's hyphen
        ("VEU-", "indsatsen", "VEU-indsatsen"),
        ("FremKom-", "analysen", "FremKom-analysen"),  # a name's
        ("2022-", "2025", "2022-2025"),  # numbers'
        ("2030-", "målene", "2030-målene"),
        ("SAG-", "2023-03908", "SAG-2023-03908"),
        ("ikke-", "EU-lande", "ikke-EU-lande"),  # before a capital the hyphen is the text's
        ("e-", "mail", "e-mail"),  # one letter is never left by a break
        ("it-", "systemet", "it-systemet"),
        ("pligt-", "mentor", "pligtmentor"),  # a small letter's: read as a break (see above)
        ("social-", "og", "social-\nog"),  # the hyphen stands for "…området"
        ("efter-", "eller", "efter-\neller"),
        ("kommunerne", "har", "kommunerne\nhar"),
        ("-", "En", "-\nEn"),  # a dash alone
    ],
)
def test_a_line_s_last_word_goes_on_as_the_text_does(last, following, text):
    word, between = pdflines.line_end(last, following)
    assert word + between + following == text


def _hyphenated_pdf(paragraphs: list[str], width: str, height: str = "500cm") -> bytes:
    """The paragraphs justified in a column, broken by Danish hyphenation where a word does not
    fit, as a word processor sets a memo; by default one long page (no word broken across
    pages)."""
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return weasyprint.HTML(
        string=f'<html lang="da"><style>@page {{ size: {width} {height}; margin: 0.5cm }} '
        f"p {{ hyphens: auto; text-align: justify; font: 11pt serif }}</style>{body}</html>"
    ).write_pdf()


def _words(text: str) -> collections.Counter:
    return collections.Counter(text.split())


@pytest.mark.parametrize("width", ["6cm", "7cm", "8cm", "10cm"])
def test_real_text_set_with_broken_words_reads_as_it_was_written(width):
    """KKR's own texts (../shared/seeds), hyphenated as a word processor does; their own hyphens
    ("VEU-indsatsen", "2020-2023", "social- og sundhedsuddannelser") land at lines' ends too."""
    paragraphs = seed_paragraphs()
    data = _hyphenated_pdf(paragraphs, width)
    text, pages, *_rest = pdf_text(data)
    assert pages == 1
    _assert_read_as_written(paragraphs, text)


def _assert_read_as_written(paragraphs: list[str], text: str) -> None:
    written, read = _words(" ".join(paragraphs)), _words(text)
    # The one kind of hyphen read as a break: between small letters ("pligt-mentor"; Danish
    # writes compounds closed, so a break is far more common there).
    joined = {word: word.replace("-", "") for word in written - read}
    assert all(re.fullmatch(r"[\w(]*[a-zæøå]-[a-zæøå][\w.,)]*", word) for word in joined), joined
    assert read == written - _words(" ".join(joined)) + _words(" ".join(joined.values()))


@pytest.mark.parametrize("width", ["6cm", "7cm", "10cm"])
def test_a_word_broken_at_a_page_s_end_is_one_word_on_the_page_it_starts_on(width):
    """The same texts on pages of a few lines: the words the layout broke at a page's end are
    halves on their pages as laid out (notes read those), and whole words on the page they
    start on as the index reads them – nothing else changes. (At 8 cm pdftotext reads one
    page's lines out of order, "Er-" before "Erhvervshus", whichever way the pages are read.)"""
    paragraphs = seed_paragraphs()
    data = _hyphenated_pdf(paragraphs, width, height="6cm")
    as_laid, read = pdf_text(data, apart=False), pdf_text(data)
    laid_pages, pages = as_laid.text.split("\f"), read.text.split("\f")
    assert read.pages >= 20 and len(pages) == len(laid_pages)
    halves, wholes = collections.Counter(), collections.Counter()
    for number, page in enumerate(laid_pages[:-1]):
        fragment, following = page.split()[-1], laid_pages[number + 1].split()[0]
        if fragment[-1] in "-\u2010" and pages[number].split()[-1] != fragment:
            halves.update([fragment, following])
            wholes[pages[number].split()[-1]] += 1
            assert pages[number].split()[-1].startswith(fragment[:-1]), fragment
    assert len(wholes) >= 3
    assert _words(read.text) == _words(as_laid.text) - halves + wholes
    _assert_read_as_written(paragraphs, read.text)


def test_the_real_texts_hyphens_stand_at_lines_ends_in_those_layouts():
    """The test above reads the text's own hyphens at a line's end, not only breaks."""
    ends = collections.Counter()
    for width in ["6cm", "7cm", "8cm", "10cm"]:
        data = _hyphenated_pdf(seed_paragraphs(), width)
        words = subprocess.run(
            ["pdftotext", "-tsv", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        lines = collections.defaultdict(list)
        for row in words.splitlines()[1:]:
            columns = row.split("\t")
            if columns[0] == "5":
                lines[tuple(columns[1:5])].append(columns[11])
        for line in lines.values():
            ends[line[-1][-1]] += 1
    assert ends["-"] >= 5 and ends["\u2010"] >= 50


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_a_real_pdf_reads_word_for_word_as_pdftotext_reads_it(path):
    """The words come from pdftotext's words and their places; read into lines again they are
    its own text's words, none run into another, none split, and a ligature is its letters
    ("diﬀerent" in three of them is "different", as it is searched for). Whether a hyphen at a
    line's end stays is the tests' above (pdftotext drops the one in libtasn1's UTC format,
    "YYMMDDhhmm-hh’mm’"): here the words are compared without their hyphens."""
    ours, pages, *_rest = pdf_text(path.read_bytes())
    poppler = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-q", str(path), "-"], capture_output=True, check=False
    ).stdout.decode("utf-8", "replace")
    unhyphenated = str.maketrans({"-": None})
    assert _words(ours.translate(unhyphenated)) == _words(
        poppler.translate(pdflines.LIGATURES).translate(unhyphenated)
    )
    assert not set(ours) & set("ﬀﬁﬂﬃﬄﬅﬆ")
    assert pages == len(poppler.split("\f")) - 1


def test_a_hyphen_of_the_text_at_a_line_s_end_stays(db, client_for):
    """ "KL-" at a line's end and "aftalen" on the next is KL-aftalen, found by "KL" and by
    "KL-aftalen"; "social-" before "og sundhedsområdet" is no "socialog"."""
    lines = ["Kommunerne følger KL-", "aftalen for 2022-", "2025 på social-", "og sundhedsområdet.",
             "KL’s rolle i aftalen er beskrevet."]  # fmt: skip
    published_annex(lines)
    text = Entry.objects.get(kind="annex").text
    assert "følger KL-aftalen for 2022-2025 på social- og sundhedsområdet." in text
    client = client_for("anonymous")
    for query in ("KL-aftalen", "KL", "aftalen", "2025", "social"):
        assert results(client, query)[0] == 1, query
    html = results(client, "KL-aftalen")[1]
    # The word is marked whole, its parts by themselves not.
    assert "følger <mark>KL-aftalen</mark> for" in html
    assert "KL’s rolle i aftalen er" in html


def test_the_rebuild_reads_annex_texts_again_on_request(db, client_for):
    """A text read the old way ("KLaftalen") is read again by `search_rebuild --annexes`."""
    annex = published_annex(["Kommunerne følger KL-", "aftalen."])
    AnnexText.objects.filter(sha256=annex.sha256).update(text="Kommunerne følger KLaftalen.")
    call_command("search_rebuild", stdout=io.StringIO())
    assert results(client_for("anonymous"), "KL-aftalen")[0] == 0
    out = io.StringIO()
    call_command("search_rebuild", "--annexes", stdout=out)
    assert "1 bilagstekster læst igen." in out.getvalue()
    assert AnnexText.objects.get(sha256=annex.sha256).text == "Kommunerne følger KL-aftalen."
    assert results(client_for("anonymous"), "KL-aftalen")[0] == 1
    # A file gone from the storage keeps the text read before.
    annex.file.storage.delete(annex.file.name)
    call_command("search_rebuild", "--annexes", stdout=out)
    assert "1 bilagsfiler mangler; deres tekst er som før." in out.getvalue()
    assert AnnexText.objects.get(sha256=annex.sha256).text == "Kommunerne følger KL-aftalen."


def test_a_ligature_is_found_by_its_letters(db, client_for):
    """A real PDF (pypdf's test suite) typeset "diﬀerently" with the ff ligature."""
    published_annex((CORPUS / "pypdf-crazyones.pdf").read_bytes())
    count, html = results(client_for("anonymous"), "different")
    assert count == 1 and "see things <mark>differently</mark>." in html
