"""The typed package's cost: a large frozen package (60 items, 240 annexes, item texts of about
6 kB) loaded as `meetings.package.Package`, and what a reader gets (the audience filter on the
typed package) next to the way it was made before (a deep copy of the JSON, filtered by key,
then typed). Prints the median and p95 in milliseconds of 200 runs each; no database needed."""

import copy
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django  # noqa: E402

django.setup()

from meetings.package import Package  # noqa: E402
from meetings.visibility import package_for_audience  # noqa: E402

RUNS = 200
TEXT = "<p>" + "Kommunerne i Nordjylland samarbejder om sundhed og beskæftigelse. " * 25 + "</p>"


def large_package(sections: int = 12, items: int = 5, annexes: int = 4) -> dict:
    def item(s, i):
        closed = i == items
        return {
            "id": s * 100 + i, "number": f"{s}.{i}", "title": f"Sag {s}.{i}",
            "case_number": f"24/{s:03d}{i:02d}", "initials": "ABC", "kle_number": "00.01.00",
            "closed": closed,
            "public": {"title": f"Lukket sag {s}.{i}", "reason": "Private forhold",
                       "reference": "Forvaltningslovens § 15 b, nr. 1", "decision": ""},
            "texts": {"background": TEXT, "recommendation": TEXT, "presentation": TEXT,
                      "decision": TEXT},
            "annexes": [
                {"uid": f"{s}-{i}-{a}", "number": a, "title": f"Bilag {a}", "closed": a == 1,
                 "file": f"bilag/{s}-{i}-{a}.pdf", "original_name": f"bilag-{a}.pdf",
                 "sha256": f"{s * 1000 + i * 10 + a:064d}", "size": 250_000, "page_count": 12}
                for a in range(1, annexes + 1)
            ],
        }  # fmt: skip

    return {
        "meeting": {"uid": "bench", "title": "Møde i KKR Nordjylland", "body": "KKR Nordjylland",
                    "start": "2026-03-15T09:45:00+01:00", "location": "Aalborg", "cancelled": False},
        "sections": [
            {"number": str(s), "title": f"Afsnit {s}", "items": [item(s, i) for i in range(1, items + 1)]}
            for s in range(1, sections + 1)
        ],
    }  # fmt: skip


def timed(name: str, work) -> None:
    times = []
    for _run in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{name:<62} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms")


def json_filter_before(snapshot: dict, *, may_see_closed: bool, decisions_public: bool) -> dict:
    """The audience filter as it was before the typed package: a deep copy edited by key."""
    visible = copy.deepcopy(snapshot)
    for section in visible["sections"]:
        for item in section["items"]:
            if not decisions_public:
                item["texts"]["decision"] = ""
            if item["closed"] and not may_see_closed:
                public = item.get("public") or {}
                item["title"] = public.get("title") or item["title"]
                item["texts"] = {}
                item["case_number"] = item["initials"] = item["kle_number"] = ""
            for annex in item["annexes"]:
                annex["visible"] = may_see_closed or not annex["closed"]
                if not annex["visible"]:
                    for key in ("title", "file", "original_name", "sha256"):
                        annex[key] = ""
    return visible


def main() -> None:
    data = large_package()
    typed = Package.from_json(data)
    annexes = sum(len(item.annexes) for item in typed.items())
    print(f"package: {len(list(typed.items()))} items, {annexes} annexes, {len(str(data)):,} chars")
    timed("Package.from_json (load, every field checked)", lambda: Package.from_json(data))
    for audience, closed in (("members", True), ("public", False)):
        options = {"may_see_closed": closed, "decisions_public": False}
        timed(f"{audience}: before (deep copy, filter by key, then typed)",
              lambda options=options: Package.from_json(json_filter_before(data, **options)))  # fmt: skip
        timed(f"{audience}: now (typed, filtered typed)",
              lambda options=options: package_for_audience(Package.from_json(data), **options))  # fmt: skip


if __name__ == "__main__":
    main()
