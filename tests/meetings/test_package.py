"""The typed package: what publishing freezes reads back field for field, and a package with a
missing field fails where it is loaded, naming the field."""

import copy
import datetime

import pytest

from meetings import visibility
from meetings.package import Package, PackageError
from meetings.snapshot import meeting_snapshot


def test_a_built_package_reads_back_field_for_field(package):
    """Adding or renaming a field in the snapshot without the type fails here."""
    built = meeting_snapshot(meeting=package["meeting"])
    typed = Package.from_json(built)
    assert typed.to_json() == built
    numbers = [item.number for item in typed.items()]
    assert numbers == ["1.1", "1.2"]
    assert [annex.title for annex in typed.sections[0].items[0].annexes] == [
        "Åbent bilag",
        "Fortroligt notat",
    ]
    assert isinstance(typed.meeting.start, datetime.datetime)


def test_a_missing_field_fails_where_the_package_is_loaded_with_its_name(package):
    built = meeting_snapshot(meeting=package["meeting"])
    broken = copy.deepcopy(built)
    del broken["sections"][0]["items"][1]["annexes"][0]["sha256"]
    with pytest.raises(PackageError, match=r"punkt 1\.2, bilag 1: feltet .sha256. mangler"):
        Package.from_json(broken)
    del broken["meeting"]["title"]
    with pytest.raises(PackageError, match="feltet 'title' mangler"):
        Package.from_json(broken)


def test_versions_frozen_before_later_fields_still_read(package):
    old = copy.deepcopy(meeting_snapshot(meeting=package["meeting"]))
    del old["meeting"]["cancelled"]
    for section in old["sections"]:
        for item in section["items"]:
            item.pop("kle_number", None)
            item.pop("public", None)
    typed = Package.from_json(old)
    assert typed.meeting.cancelled is False
    assert {item.kle_number for item in typed.items()} == {""}


def test_the_public_reads_a_closed_item_without_its_text_or_annexes(package):
    version = package["meeting"].versions.get()
    public = visibility.typed_package_for(version, audience=visibility.Audience.PUBLIC)
    members = visibility.typed_package_for(version, audience=visibility.Audience.MEMBERS)
    closed_public = public.sections[0].items[1]
    closed_members = members.sections[0].items[1]
    assert "LUKKETTEKST" not in str(closed_public.texts)
    assert "LUKKETTEKST" in closed_members.texts["presentation"]
    assert [annex.visible for annex in closed_public.annexes] == [False]
    assert [annex.title for annex in closed_public.annexes] == [""]
    assert [annex.visible for annex in closed_members.annexes] == [True]
