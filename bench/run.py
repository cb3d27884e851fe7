"""`make bench`: every benchmark, one after the other; each prints its own figures."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bundle_bench.py",
    "search_bench.py",
    "load_bench.py",
    "download_bench.py",
    "ocr_bench.py",
    "builder_bench.py",
    "reader_bench.py",
    "archive_bench.py",
    "package_bench.py",
    "upload_bench.py",
]

for name in BENCHMARKS:
    path = HERE / name
    if not path.exists():
        continue
    print(f"== {name} ==", flush=True)
    subprocess.run([sys.executable, str(path)], check=True)
