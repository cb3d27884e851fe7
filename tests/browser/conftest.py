"""A real browser (Debian's Chromium, driven by Playwright) against the live test server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DESKTOP = {"width": 1280, "height": 900}
IPAD = {"width": 820, "height": 1180}
# Playwright's sync API keeps an event loop in this thread for the whole session; the ORM calls
# the tests make (here and in tests that run after these) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Under CI a missing browser is a failure, never a skip.
    assert Path(CHROMIUM).exists(), f"Chromium is needed for the browser tests: {CHROMIUM}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(viewport=DESKTOP):
        # bypass_csp lets the tests inject axe-core; the portal's own pages never need it.
        context = browser.new_context(
            viewport=viewport, bypass_csp=True, accept_downloads=True, locale="da-DK"
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def demo(transactional_db):
    """The demo data with its PDFs rendered, as a worker would have done."""
    from django.utils import timezone

    from meetings.demo import DEMO_MEETING_UID, load_demo
    from meetings.models import Meeting, RenderJob
    from meetings.rendering import render_job_run

    load_demo()
    # The seed-003 meeting and the upcoming one are the pages the tests open; the other meetings
    # of the demo year keep their jobs queued, which saves a minute per test.
    seed = Meeting.objects.get(uid=DEMO_MEETING_UID)
    upcoming = Meeting.objects.filter(versions__isnull=False, start__gt=timezone.now()).first()
    queued = RenderJob.objects.filter(status="queued", version__meeting__in=[seed, upcoming])
    for job_id in queued.values_list("pk", flat=True):
        render_job_run(job_id=job_id)
    return seed


def login(page, base, username, password):
    page.goto(f"{base}/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page):
    assert AXE.exists(), "run npm ci: axe-core is needed"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} × {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


def vnu_errors(html: str, tmp_path, jar: Path = VNU) -> list[str]:
    """The Nu Html Checker's errors for a page; a checker that fails or answers no report fails the test."""
    import json
    import subprocess

    assert shutil.which("java") and jar.exists(), "Java and vnu-jar (npm ci) are needed"
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    # --exit-zero-always: errors in the page still exit 0, so any other code is the checker failing.
    result = subprocess.run(
        ["java", "-jar", str(jar), "--exit-zero-always", "--format", "json", "--stdout", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, f"the HTML checker failed ({result.returncode}): {result.stderr}"
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"the HTML checker gave no JSON report: {result.stdout!r}") from error
    messages = report.get("messages") if isinstance(report, dict) else None
    assert isinstance(messages, list), f"the HTML checker's report has no messages: {report!r}"
    # A "non-document-error" is the checker not reading the page (I/O, schema): not a valid page.
    broken = [m["message"] for m in messages if m.get("type") == "non-document-error"]
    assert not broken, f"the HTML checker could not check the page: {broken}"
    return [f"{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"]
