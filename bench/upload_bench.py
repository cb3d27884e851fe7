"""The upload check's own time, for a plain and a digitally signed annex: through the waiting
checker (a fork of a process that has loaded pikepdf and pyHanko) and, as before it, in a process
of its own started for each file. Prints the medians; the first check through the checker also
starts it, and is printed apart."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
import django

django.setup()

from meetings.publishing import bounded  # noqa: E402
from meetings.publishing.bounded import inspect_bounded, upload_limits  # noqa: E402
from tests.pdfs import make_pdf, with_signature  # noqa: E402

RUNS = 15


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms".replace(",", ".")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kkr-upload-bench-"))
    files = {
        "bilag på 20 sider": make_pdf(20, "Bilag"),
        "underskrevet kontrakt på 4 sider": with_signature(make_pdf(4, "Kontrakt")),
    }
    limits = upload_limits()
    request_seconds = limits.cpu_seconds * 2 + 5
    for label, data in files.items():
        path = folder / "bilag.pdf"
        path.write_bytes(data)
        started = time.perf_counter()
        answer = inspect_bounded(str(path), mode="check", out=None, limits=limits)
        first = time.perf_counter() - started
        assert answer["ok"], answer
        waiting, alone = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            inspect_bounded(str(path), mode="check", out=None, limits=limits)
            waiting.append(time.perf_counter() - started)
            request = {"path": str(path), "out": None, "mode": "check", "limits": limits.to_json()}
            started = time.perf_counter()
            bounded._run_alone(request, limits, request_seconds)
            alone.append(time.perf_counter() - started)
        print(
            f"Uploadkontrol, {label}: ventende kontrolproces {_ms(statistics.median(waiting))} "
            f"(median af {RUNS}; den første, som også starter processen, {_ms(first)}); "
            f"en proces for sig pr. fil {_ms(statistics.median(alone))}"
        )
        bounded._checker._stop()  # the next file's first check starts it again


if __name__ == "__main__":
    main()
