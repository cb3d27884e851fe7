"""A real S3 API server (moto's stand-alone server, its own process on 127.0.0.1) for the storage
tests, started once per test run and stopped at its end, and the default storage switched to it."""

import socket
import subprocess
import sys
import time
import uuid

import pytest

CREDENTIALS = {
    "access_key": "kkr-test",
    "secret_key": "kkr-test-secret",
    "region_name": "eu-north-1",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint of a moto S3 server process; gone when the test run ends."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, "the S3 server (moto) did not start"
            assert time.monotonic() < deadline, "the S3 server (moto) does not answer"
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def s3_client(s3_server):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )


@pytest.fixture
def bucket(s3_server, s3_client, settings, _media_in_tmp):
    """A fresh bucket per test, and the default storage switched to it: every file the portal
    writes or reads in the test goes through the S3 API."""
    name = f"kkr-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(
        Bucket=name,
        CreateBucketConfiguration={"LocationConstraint": CREDENTIALS["region_name"]},
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **CREDENTIALS,
                "bucket_name": name,
                "endpoint_url": s3_server,
                "addressing_style": "path",
                "file_overwrite": False,
                "querystring_expire": 60,
                "max_memory_size": 16 * 1024 * 1024,
            },
        },
    }

    return name


def bucket_names(s3_client, bucket: str) -> set[str]:
    """Every object in the bucket."""
    names = set()
    for page in s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        names.update(entry["Key"] for entry in page.get("Contents", ()))
    return names
