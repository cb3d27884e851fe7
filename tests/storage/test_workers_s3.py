"""Several machines sharing one object store: real Celery worker processes (tests/conftest.py)
make the readers' copies and render the documents of a version into the S3 server's bucket, and
the portal process sends them to readers from there."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import RenderJob, RenderPart, VersionDocument
from tests.factories import ItemFactory, MeetingFactory, SectionFactory, annex_add
from tests.storage.conftest import bucket_names
from tests.waiting import wait_until

pytestmark = pytest.mark.celery_worker


def test_two_workers_render_a_version_into_the_bucket(
    bucket, s3_client, celery_workers, client_for
):
    meeting = MeetingFactory()
    section = SectionFactory(meeting=meeting, position=2, title="Regionalpolitiske sager")
    for position in range(1, 4):
        item = ItemFactory(section=section, position=position, title=f"Sag {position}")
        annex_add(item, title=f"Notat {position}", pages=4, text=f"NOTAT{position}")
    names = ("s3-w1@kkr-test", "s3-w2@kkr-test")
    for name in names:
        celery_workers(name)

    version = services.meeting_publish(meeting=meeting)  # on commit: sent to Redis

    def finished():
        job = RenderJob.objects.filter(version=version).latest("created")
        return job if job.status in (RenderJob.Status.DONE, RenderJob.Status.FAILED) else None

    job = wait_until(finished, "render job finished")
    assert job.status == RenderJob.Status.DONE, job.error
    assert {part.worker for part in RenderPart.objects.filter(job=job)} <= set(names)
    stored = bucket_names(s3_client, bucket)
    documents = VersionDocument.objects.filter(version=version)
    assert len(documents) == 4
    assert {document.file.name for document in documents} <= stored

    bundle = documents.get(kind="bilag", variant="offentlig")
    data = s3_client.get_object(Bucket=bucket, Key=bundle.file.name)["Body"].read()
    url = reverse("meetings:document_download", args=[meeting.pk, "bilag-offentlig"])
    part = client_for("anonymous").get(url, HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == data[1000:2000]
