"""In an S3-compatible store too, a deleted meeting leaves no object holding its words: its OCR
copies, readers' copies and documents leave with it, its cached layout with the sweep."""

import datetime

import pytest
from django.utils import timezone

from compliance.models import AnnexOcr
from meetings import services, stored_files
from tests.compliance.leftovers import holding, scanned_meeting
from tests.storage.conftest import bucket_names

pytestmark = pytest.mark.django_db


def objects(s3_client, bucket) -> dict[str, bytes]:
    return {
        name: s3_client.get_object(Bucket=bucket, Key=name)["Body"].read()
        for name in bucket_names(s3_client, bucket)
    }


def test_a_deleted_meeting_leaves_no_object_with_its_words(
    bucket, s3_client, tmp_path, django_capture_on_commit_callbacks
):
    meeting, _version, scan = scanned_meeting(tmp_path)
    ocr = AnnexOcr.objects.get(sha256=scan.sha256)
    before = holding(objects(s3_client, bucket))
    assert "kommunerne" in before[ocr.file.name]
    assert any(
        name.startswith("cache/") and "Xylofonpunkt" in hits for name, hits in before.items()
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.meetings_delete(meetings=[meeting])
    left = holding(objects(s3_client, bucket))
    assert ocr.file.name not in bucket_names(s3_client, bucket)
    assert not [name for name, hits in left.items() if "kommunerne" in hits]
    assert left and all(name.startswith("cache/") for name in left)
    # Objects cannot be dated back: the sweep is asked as if the grace period had passed.
    later = timezone.now() + stored_files.DERIVED_FILES_GRACE + datetime.timedelta(minutes=1)
    assert stored_files.derived_files_sweep() == 0
    assert stored_files.derived_files_sweep(now=later) >= len(left)
    assert bucket_names(s3_client, bucket) == set()
