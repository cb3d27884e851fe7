"""Withdrawing a version published by mistake: the secretariat does it in the admin with a
reason; readers lose the version everywhere, the secretariat keeps it, marked, with who and why."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings import services
from meetings.models import PackageVersion


def _second_version(package):
    item = package["closed_item"]
    item.closed = False
    item.presentation = "<p>FEJLÅBNETTEKST</p>"
    item.save()
    return services.meeting_publish(meeting=package["meeting"])


def test_the_secretariat_withdraws_a_version_in_the_admin_with_a_reason(
    package, client_for, users, django_capture_on_commit_callbacks
):
    version = _second_version(package)
    admin = client_for("secretariat")
    changelist = reverse("admin:meetings_packageversion_changelist")
    listing = admin.get(changelist)
    assert "Træk valgte versioner tilbage" in listing.content.decode()
    asked = admin.post(changelist, {"action": "withdraw", "_selected_action": [version.pk]})
    assert asked.status_code == 200
    assert "Hvorfor trækkes versionen tilbage?" in asked.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = admin.post(
            changelist,
            {
                "action": "withdraw",
                "_selected_action": [version.pk],
                "reason": "Punkt 1.2 er lukket",
            },
        )
    assert done.status_code == 302
    version.refresh_from_db()
    assert version.withdrawn_at is not None
    assert version.withdrawn_by == users["secretariat"]
    assert version.withdrawn_reason == "Punkt 1.2 er lukket"
    log = LogEntry.objects.get(object_id=str(version.pk))
    assert log.user == users["secretariat"] and "Punkt 1.2 er lukket" in log.change_message

    detail = reverse("meetings:meeting_detail", args=[package["meeting"].pk])
    v2 = reverse("meetings:meeting_version", args=[package["meeting"].pk, 2])
    for role in ("council_member", "municipality", "anonymous"):
        reader = client_for(role)
        page = reader.get(detail).content.decode()
        assert "FEJLÅBNETTEKST" not in page and "Version 1, offentliggjort" in page
        assert reader.get(v2).status_code == 404
    marked = admin.get(v2).content.decode()
    assert "FEJLÅBNETTEKST" in marked and "Trukket tilbage" in marked
    assert "Punkt 1.2 er lukket" in marked
    # The secretariat, too, opens the meeting at the version readers see.
    assert "Version 1, offentliggjort" in admin.get(detail).content.decode()


def test_a_withdrawal_needs_a_reason_and_happens_once(package, users):
    version = PackageVersion.objects.get(meeting=package["meeting"])
    with pytest.raises(ValidationError, match="Skriv hvorfor"):
        services.version_withdraw(version=version, user=users["secretariat"], reason="  ")
    services.version_withdraw(version=version, user=users["secretariat"], reason="Fejl")
    with pytest.raises(services.InvalidTransition):
        services.version_withdraw(version=version, user=users["secretariat"], reason="Igen")


def test_a_meeting_with_every_version_withdrawn_is_gone_for_readers(package, users, client_for):
    version = PackageVersion.objects.get(meeting=package["meeting"])
    services.version_withdraw(version=version, user=users["secretariat"], reason="Fejl")
    detail = reverse("meetings:meeting_detail", args=[package["meeting"].pk])
    for role in ("council_member", "municipality", "anonymous"):
        assert client_for(role).get(detail).status_code == 404
        listing = client_for(role).get(reverse("meetings:meeting_list")).content.decode()
        assert f'href="{detail}"' not in listing
    assert client_for("secretariat").get(detail).status_code == 200
    listing = client_for("secretariat").get(reverse("meetings:meeting_list")).content.decode()
    assert f'href="{detail}"' in listing
