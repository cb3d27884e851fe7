"""Older import path of the render jobs; the code lives in `meetings.publishing.jobs`."""

from meetings.publishing.jobs import (  # noqa: F401
    JobNotClaimed,
    attendance_lines,
    document_store,
    package_documents,
    package_files,
    render_job_claim,
    render_job_dispatch,
    render_job_retry,
    render_job_run,
    render_jobs_sweep,
    version_render_queue,
)
