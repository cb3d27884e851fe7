"""The contents reader on the seeds' own lines (text of real KKR bundles, seeds 000 and 004)."""

import pytest

from archive.contents import ContentsError, bundle_contents

# Seed 004 (tags of the text extraction removed; the tab before each page kept).
SEED_004 = """Indholdsfortegnelse - Bilag
Indholdsfortegnelse - Bilag .....\t1
2.1 Siden sidst .....\t2
Bilag 1: Bilag. Baggrund for regeringens beslutning om opfølgning på Frikommuneforsøg.....\t2
Bilag 2: Kommunekvoter 2022.....\t7
3.1 Resultatkontrakt 2022 mellem Erhvervshus Nordjylland og KKR .....\t14
Bilag 1: Udkast til resultatkontrakt 2022_sendt til KKR_08.10.21 .....\t14
3.3 KKR Nordjyllands frikommuneforsøg på beskæftigelsesområdet .....\t48
Bilag 1: Bilag. Brev til frikommunenetværk om opfølgning på frikommuneforsøg.....\t48
5.2 Forretningsorden for KKR 2022-26 .....\t51
Bilag 1: Revideret forretningsorden for KKR 2022-2026 - KKR oktober 2021 .....\t51
5.4 Udpegninger ny .....\t58
Bilag 1: Oversigt - udpegninger .....\t58
5.5 KKR's anbefalinger til kriterier og organisationer for de nye erhvervshuses bestyrelser 2022-2026 .....\t61
Bilag 1: Oversigt over erhvervsorganisationer KKR Nord.....\t61
Bilag 2: Tidslinje og proces for udpegelser til erhvervshuse .....\t63"""

# Seed 000, first lines; the item title ends in a year-like word and still gets its page.
SEED_000 = """Indholdsfortegnelse - Bilag
Indholdsfortegnelse - Bilag\t1
2.2 Tamarække om fremtidens velfærd - mobilitet\t2
Bilag 1: Bilag Resultater KL mobilitetssurvey 2023.....\t2
2.3 Status for Central udmelding om en fornyet behandling af tilrettelæggelse og organisering af indsatsen til borgere med udviklingshæmning og dom\t12
Bilag 1: Bilag Central udmelding - Følg brev til landets kommunalbestyrelser.....\t12
Bilag 2: Bilag Central udmelding fra Social og boligstyrelsen.....\t15
2.4 Godkendelse af regnskab 2023 og budget 2024 for de fælleskommunale sekretariater\t32
Bilag 1: Bilag Regnskab budget sundhedssekretariat.....\t32
Bilag 2: Bilag Regnskab budget rammeaftalesekretariat.....\t34"""


def _pages(contents: str, total: int) -> list[str]:
    return [contents] + [f"side {n}" for n in range(2, total + 1)]


def test_seed_004_contents_gives_items_annexes_and_page_ranges():
    items = bundle_contents(_pages(SEED_004, 65), total_pages=65)
    assert [(i.number, i.page) for i in items] == [
        ("2.1", 2), ("3.1", 14), ("3.3", 48), ("5.2", 51), ("5.4", 58), ("5.5", 61),
    ]  # fmt: skip
    ranges = [
        (i.number, a.number, a.title, a.first_page, a.last_page) for i in items for a in i.annexes
    ]
    assert ranges[1] == ("2.1", 2, "Kommunekvoter 2022", 7, 13)
    assert ranges[2] == (
        "3.1",
        1,
        "Udkast til resultatkontrakt 2022_sendt til KKR_08.10.21",
        14,
        47,
    )
    assert ranges[-1] == ("5.5", 2, "Tidslinje og proces for udpegelser til erhvervshuse", 63, 65)
    assert items[-1].title.endswith("bestyrelser 2022-2026")


def test_seed_000_contents_reads_titles_ending_in_a_year():
    items = bundle_contents(_pages(SEED_000, 35), total_pages=35)
    assert [(i.number, i.page) for i in items] == [("2.2", 2), ("2.3", 12), ("2.4", 32)]
    assert items[2].title == (
        "Godkendelse af regnskab 2023 og budget 2024 for de fælleskommunale sekretariater"
    )
    assert [a.title for a in items[0].annexes] == ["Bilag Resultater KL mobilitetssurvey 2023"]
    assert [(a.first_page, a.last_page) for a in items[1].annexes] == [(12, 14), (15, 31)]


def test_item_and_first_annex_on_different_pages_is_refused():
    broken = SEED_000.replace("2.3 Status", "2.3 Status").replace("dom\t12", "dom\t13")
    with pytest.raises(ContentsError) as refused:
        bundle_contents(_pages(broken, 35), total_pages=35)
    assert refused.value.problems == ["Punkt 2.3 står til side 13, men dets bilag 1 til side 12."]
