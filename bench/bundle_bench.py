"""The annex bundle on real PDFs, and the upload check on hostile ones.

Corpus: tests/annexes/corpus, the test files of pikepdf, pypdf and pdfminer.six (their source
distributions, fetched once with `pip download` into var/bench-corpus) and the PDF manuals that
Debian packages install under /usr/share/doc. Prints:
- a meeting of about 60 annexes / 1,000 pages: build seconds (cold: readers' copies made; warm:
  reused) next to `pdfunite` of the same files, and the ratio (goal ≤ 1,5×);
- the same with one and with two very large annexes (BENCH_LARGE_MB, default 190), of three
  kinds: pages of the corpus concatenated (fonts, forms: many objects; the reader's copy shares
  their repeated fonts and images), the same with every font and image unique (two distinct
  files, nothing to share: the hardest case for memory) and scan-like pages (one photograph
  each, few objects): the worker's peak RSS next to the largest annex (goal ≤ 300 MB + 1,5 ×
  largest, however many large annexes);
- the upload check's worst time and memory over the hostile files (goal ≤ 10 s, ≤ 512 MB).
Run with `make bench`.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The children this bench starts (to measure one build's memory alone) share its folder.
WORK = Path(os.environ.get("KKR_BENCH_WORK") or tempfile.mkdtemp(prefix="kkr-bench-"))
os.environ["KKR_BENCH_WORK"] = str(WORK)
CACHE = ROOT / "var" / "bench-corpus"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkr_portal.settings")
os.environ["KKR_VAR_DIR"] = str(WORK / "var")
os.environ["FILE_STORAGE_OPTIONS"] = json.dumps({"location": str(WORK / "media")})

import django  # noqa: E402

django.setup()

import pikepdf  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image  # noqa: E402

from meetings.package import Package  # noqa: E402
from meetings.publishing import bounded  # noqa: E402
from meetings.publishing.bounded import inspect_bounded, upload_limits  # noqa: E402
from meetings.publishing.bundle import bundle_pdf  # noqa: E402
from meetings.publishing.cache import StorageCache, TempCache  # noqa: E402
from meetings.publishing.tagged import root_of  # noqa: E402
from tests.annexes import hostile  # noqa: E402

SDISTS = ["pikepdf==10.18.0", "pypdf==7.1.1", "pdfminer.six==20260107"]
MB = 1024 * 1024
RUNS = 7


def corpus() -> list[Path]:
    files = sorted((ROOT / "tests" / "annexes" / "corpus").glob("*.pdf"))
    CACHE.mkdir(parents=True, exist_ok=True)
    for spec in SDISTS:
        folder = CACHE / spec.replace("==", "-")
        if not folder.exists():
            download = CACHE / "download"
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", spec, "-d", str(download)],
                capture_output=True, check=False,
            )  # fmt: skip
            archives = list(download.glob("*.tar.gz")) if result.returncode == 0 else []
            for archive in archives:
                with tarfile.open(archive) as tar:
                    tar.extractall(folder, filter="data")
                archive.unlink()
        files += sorted(folder.rglob("*.pdf"))
    for path in sorted(Path("/usr/share/doc").rglob("*.pdf*")):
        if path.suffix == ".gz":
            target = WORK / "doc" / path.name.removesuffix(".gz")
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(gzip.decompress(path.read_bytes()))
            files.append(target)
        elif path.suffix == ".pdf":
            files.append(path)
    return files


def self_peak_mb() -> float:
    """This process's peak since it started its program: the kernel's high-water mark of its
    memory map (getrusage would also count what the parent held when it forked this child)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def accepted(files: list[Path]) -> list[tuple[Path, int]]:
    good = []
    for path in files:
        answer = inspect_bounded(str(path), mode="check", out=None, limits=upload_limits())
        if answer["ok"]:
            good.append((path, answer["page_count"]))
    return good


def snapshot(annexes: list[tuple[Path, int]]) -> dict:
    items = []
    for index in range(0, len(annexes), 3):
        items.append(
            {
                "id": index, "number": f"2.{index // 3 + 1}", "title": f"Sag {index // 3 + 1}", "closed": False,
                "case_number": "", "initials": "", "texts": {},
                "annexes": [
                    {"uid": f"u{i}", "number": i - index + 1, "title": path.name, "closed": False, "visible": True,
                     "file": str(path), "original_name": path.name, "size": path.stat().st_size,
                     "sha256": f"{i:064d}", "page_count": pages}
                    for i, (path, pages) in enumerate(annexes[index : index + 3], start=index)
                ],
            }
        )  # fmt: skip
    return {
        "meeting": {"uid": "bench", "title": "Møde", "body": "KKR Nordjylland", "start": "2024-03-15T09:45:00+01:00", "location": "Aalborg"},
        "sections": [{"number": "2", "title": "Sager", "items": items}],
    }  # fmt: skip


def build(annexes, cache, name):
    package = Package.from_json(snapshot(annexes))
    started = time.perf_counter()
    pages = bundle_pdf(
        package, variant="medlemmer", out_path=str(WORK / name), cache=cache,
        open_source=lambda source: Path(source.name).open("rb"), version_number=1,  # noqa: SIM115
    )  # fmt: skip
    return time.perf_counter() - started, pages


def unite(annexes) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["pdfunite", *[str(p) for p, _ in annexes], str(WORK / "unite.pdf")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def unitable(good):
    """The files pdfunite itself can join (it gives up on some damaged ones the portal repairs)."""
    kept = []
    for path, count in good:
        result = subprocess.run(
            ["pdfunite", str(path), str(WORK / "one.pdf")], capture_output=True, check=False
        )
        if result.returncode == 0:
            kept.append((path, count))
    return kept


def meeting_annexes(good):
    """About 1,000 pages: the longer documents first (manuals, reports), then short ones to 60."""
    good = unitable(good)
    chosen, pages = [], 0
    for path, count in sorted(good, key=lambda g: -g[1]):
        if count <= 400 and pages + count <= 1000 and len(chosen) < 40:
            chosen.append((path, count))
            pages += count
    for path, count in sorted(good, key=lambda g: g[0].name):
        if len(chosen) < 60 and (path, count) not in chosen:
            chosen.append((path, count))
            pages += count
    return chosen, pages


def meeting_bench(good):
    chosen, pages = meeting_annexes(good)
    cache = TempCache(str(WORK))
    cold, total = build(chosen, cache, "meeting-cold.pdf")
    # The best of several runs of each, taken in turn: the machine's other load falls on both.
    warm, baseline = float("inf"), float("inf")
    for _run in range(RUNS):
        warm = min(warm, build(chosen, cache, "meeting-warm.pdf")[0])
        baseline = min(baseline, unite(chosen))
    print(f"Møde: {len(chosen)} rigtige bilag, {pages} bilagssider, bilagssamling {total} sider")
    with pikepdf.open(WORK / "meeting-warm.pdf") as pdf:
        parts = [k for k in pdf.Root.StructTreeRoot.K.K if k.get("/S") == pikepdf.Name.Part]
    own = 0
    for path, _count in chosen:
        with pikepdf.open(path) as pdf:
            own += root_of(pdf) is not None
    print(f"  tagget: {len(parts)} dele; {own} bilag med egne tags, resten et afsnit pr. side")
    print(
        f"  bygget (kold, læserkopier laves): {cold:.2f} s; (varm, genbrugt, bedste af {RUNS}): {warm:.2f} s"
    )
    print(
        f"  pdfunite af de samme filer (bedste af {RUNS}): {baseline:.2f} s; forhold varm {warm / baseline:.2f}x, kold {cold / baseline:.2f}x (mål: højst 1,5x)"
    )


def rebuild_bench(good):
    """As in production: the readers' copies and laid-out pages live in the storage cache. A
    full build of version 1 (every reader's copy made), then version 2 with one annex replaced
    by a new file under the same title (its reader's copy made during the rebuild)."""
    chosen, _pages = meeting_annexes(good)
    package = snapshot(chosen)
    for item in package["sections"][0]["items"]:
        for annex in item["annexes"]:
            annex["sha256"] = hashlib.sha256(Path(annex["file"]).read_bytes()).hexdigest()

    def build(version, changes=None):
        typed = Package.from_json(package)
        started = time.perf_counter()
        bundle_pdf(
            typed, variant="medlemmer", out_path=str(WORK / f"v{version}.pdf"),
            cache=StorageCache(), open_source=lambda source: Path(source.name).open("rb"),  # noqa: SIM115
            version_number=version, changes=changes,
        )  # fmt: skip
        return time.perf_counter() - started

    full = build(1)
    item = package["sections"][0]["items"][len(package["sections"][0]["items"]) // 2]
    replaced = item["annexes"][0]
    source = pikepdf.open(replaced["file"])
    replacement = pikepdf.new()
    replacement.pages.extend(source.pages)
    replacement.pages.extend(source.pages[:1])  # the new file has one page more
    replacement.save(WORK / "erstatning.pdf")
    replaced.update(
        file=str(WORK / "erstatning.pdf"),
        sha256=hashlib.sha256((WORK / "erstatning.pdf").read_bytes()).hexdigest(),
        page_count=replaced["page_count"] + 1,
    )
    rebuild = build(2, changes=[f"Bilag 1 til punkt {item['number']} er erstattet"])
    print(
        f"Genopbygning efter udskiftning af ét bilag: {rebuild:.2f} s; fuld opbygning (alle læserkopier laves) {full:.2f} s; forhold {rebuild / full:.2f} (mål: højst 0,4)"
    )


def large_annex(good, megabytes: int, mark: str = "") -> Path:
    """One very large annex: image-heavy corpus pages, each copy opened anew, as many rounds of
    them as make the file the size asked for. The reader's copy shares identical fonts and
    images between the rounds; with a mark, every font and image is made unique (and the file
    distinct from one with another mark), so nothing can be shared."""
    target = WORK / f"stort-bilag{mark}.pdf"
    heavy = sorted(
        (g for g in good if g[1] <= 5), key=lambda g: g[0].stat().st_size / g[1], reverse=True
    )[:5]

    def made(rounds: int) -> int:
        out = pikepdf.new()
        for _round in range(rounds):
            for path, _count in heavy:
                out.pages.extend(pikepdf.open(path).pages)
        if mark:
            for number, page in enumerate(out.pages):
                for kind in ("/Font", "/XObject"):
                    for value in page.obj.get("/Resources", {}).get(kind, {}).values():
                        value.KKRBench = pikepdf.String(f"{mark}-{number}")
        out.save(target)
        return len(out.pages)

    pages = made(1)
    rounds = max(1, round(megabytes * MB / target.stat().st_size))
    made(min(rounds, 2900 // pages))
    return target


def scan_annex(megabytes: int) -> Path:
    """One very large scan-like annex: a photograph (incompressible JPEG) on each page, few
    objects besides, as a scanner or a photo report makes them."""
    target = WORK / "skannet-bilag.pdf"
    out, size = pikepdf.new(), 0
    while size < megabytes * MB and len(out.pages) < 2900:
        buffer = io.BytesIO()
        Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3)).save(
            buffer, "JPEG", quality=95
        )
        image = out.make_stream(
            buffer.getvalue(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=1200,
            Height=900, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode,
        )  # fmt: skip
        out.add_blank_page(page_size=(595, 842))
        out.pages[-1].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        out.pages[-1].Contents = out.make_stream(b"q 595 0 0 446 0 198 cm /Im0 Do Q")
        size += len(buffer.getvalue())
    out.save(target)
    return target


def large_child(spec: str) -> None:
    """In a fresh process: build the bundle with the large annex, cold (readers' copies made) and
    warm (reused); the process's peak RSS over both is the figure."""
    files = json.loads(Path(spec).read_text())
    chosen = [(Path(path), pages) for path, pages in files]
    cache = TempCache(str(WORK))
    cold, _total = build(chosen, cache, "large.pdf")
    warm, _total = build(chosen, cache, "large.pdf")
    figures = {
        "cold": cold,
        "warm": warm,
        "rss": self_peak_mb(),
        "copies": bounded.PEAK["kb"] / 1024,
    }
    print(json.dumps(figures))


def run_child(*args) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def large_bench(good, megabytes: int):
    """Corpus pages (fonts, forms: many objects) and scan-like pages (one image, few objects):
    one such annex and two of them, with 20 small ones between."""
    good_json = json.dumps([[str(p), c] for p, c in good])
    made = run_child("--make-large", good_json, str(megabytes))
    path, pages = Path(made["path"]), made["pages"]
    unique = [run_child("--make-large", good_json, str(megabytes), mark) for mark in "AB"]
    scan = scan_annex(megabytes)
    scan_pages = len(pikepdf.open(scan).pages)
    small = unitable(good)[:20]
    for label, large in [
        (f"Stort bilag af korpussider (5 filer gentaget; læserkopien deler deres skrifter og billeder): {path.stat().st_size / MB:.0f} MB, {pages} sider", (path, pages)),
        (f"Stort skannet bilag: {scan.stat().st_size / MB:.0f} MB, {scan_pages} sider", (scan, scan_pages)),
        (f"Store bilag af korpussider, hver skrift og hvert billede for sig (intet at dele): {Path(unique[0]['path']).stat().st_size / MB:.0f} MB, {unique[0]['pages']} sider", (Path(unique[0]["path"]), unique[0]["pages"])),
    ]:  # fmt: skip
        size_mb = large[0].stat().st_size / MB
        goal = 300 + 1.5 * size_mb
        second = (
            (Path(unique[1]["path"]), unique[1]["pages"])
            if large[0] == Path(unique[0]["path"])
            else large
        )
        for count, chosen in [(1, [large, *small]), (2, [large, *small, second])]:
            spec = WORK / "large.json"
            spec.write_text(json.dumps([[str(p), c] for p, c in chosen]))
            built = run_child("--build-large", str(spec))
            baseline = unite(chosen)
            print(
                f"{label}{' – to af dem' if count == 2 else ''} (+ 20 små bilag); bygget {built['cold']:.2f} s kold, {built['warm']:.2f} s varm; pdfunite {baseline:.2f} s; forhold varm {built['warm'] / baseline:.2f}x, kold {built['cold'] / baseline:.2f}x"
            )
            print(
                f"  workerens største RSS: {built['rss']:.0f} MB; mål højst {goal:.0f} MB (300 MB + 1,5 × {size_mb:.0f} MB); læserkopiernes barneprocesser: {built['copies']:.0f} MB"
            )


def hostile_bench():
    cases = {
        "indholdsbombe (1,1 GB udpakket)": hostile.content_bomb(1100),
        "billedbombe (100.000 × 100.000)": hostile.image_bomb(),
        "20.000 henvisninger til én 8 MB-strøm": hostile.shared_stream_amplification(),
        "20.000 sider": hostile.many_pages(20_000),
        "løkke (formular tegner sig selv)": hostile.form_loop(),
    }
    worst_time, worst_memory = 0.0, 0.0
    for label, data in cases.items():
        path = WORK / "hostile.pdf"
        path.write_bytes(data)
        started = time.perf_counter()
        answer = inspect_bounded(str(path), mode="check", out=None, limits=upload_limits())
        seconds = time.perf_counter() - started
        worst_time = max(worst_time, seconds)
        print(f"  {label}: {len(data):,} bytes → {answer.get('code')} på {seconds:.2f} s")
    worst_memory = bounded.PEAK["kb"] / 1024
    print(
        f"Uploadkontrol, værste tid {worst_time:.2f} s (mål ≤ 10 s), største hukommelse {worst_memory:.0f} MB (mål ≤ 512 MB; grænse {upload_limits().memory_bytes // MB} MB)"
    )


def main():
    # The readers' copies ask the database which file readers get (an OCR copy of a scan).
    call_command("migrate", verbosity=0)
    files = corpus()
    started = time.perf_counter()
    good = accepted(files)
    print(
        f"Korpus: {len(files)} PDF-filer, {len(good)} godkendt af uploadkontrollen på {time.perf_counter() - started:.1f} s"
    )
    hostile_bench()
    meeting_bench(good)
    rebuild_bench(good)
    large_bench(good, int(os.environ.get("BENCH_LARGE_MB", "190")))
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build-large"]:
        large_child(sys.argv[2])
    elif sys.argv[1:2] == ["--make-large"]:
        good = [(Path(p), c) for p, c in json.loads(sys.argv[2])]
        made = large_annex(good, int(sys.argv[3]), *sys.argv[4:5])
        print(json.dumps({"path": str(made), "pages": len(pikepdf.open(made).pages)}))
    elif sys.argv[1:2] == ["--rebuild"]:
        call_command("migrate", verbosity=0)
        rebuild_bench(accepted(corpus()))
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        main()
