"""The installed portal, as the Dockerfile builds it: the checkout copied as `.dockerignore` says,
then `pip install .` of that copy.

The wheel is installed into a fresh virtual environment whose only other packages are the
dependencies already installed for the tests (no network beyond building the wheel), and is used
from a folder outside the checkout, with nothing but the variables production sets.
"""

import fnmatch
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NOT_SHIPPED = [
    line.strip().removeprefix("**/")
    for line in (ROOT / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 10 + "-Ææ9#" * 12,
    "ALLOWED_HOSTS": "kkr.example.dk",
}


def local_apps():
    """Top-level packages of this checkout that INSTALLED_APPS names (kkr_portal included)."""
    names = set()
    for config in apps.get_app_configs():
        for dotted in (config.name, type(config).__module__):
            top = dotted.split(".")[0]
            if (ROOT / top / "__init__.py").is_file():
                names.add(top)
    return sorted(names)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=lambda folder, names: [
            name
            for name in names
            for path in [str(Path(folder, name).relative_to(ROOT))]
            if any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(path, p) for p in NOT_SHIPPED)
        ],
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", tmp / "dist", source], check=True)
    (wheel,) = (tmp / "dist").glob("kkr_portal-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [*pip, "--python", python, "install", "--no-deps", "--no-index", wheel], check=True
    )
    # The dependencies: the test environment's site-packages, appended after the venv's own, as a
    # plain path (its .pth files, such as the checkout's editable install, are not processed).
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(purelib) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()

    def run(code, env):
        return subprocess.run(
            [python, "-c", code],
            cwd=elsewhere,
            env={"KKR_VAR_DIR": str(tmp / "var"), **env},
            capture_output=True,
            text=True,
        )

    run.python = python
    run.source = source
    run.elsewhere = elsewhere
    run.purelib = purelib
    return run


def test_every_app_is_in_the_wheel_and_imports_from_outside_the_checkout(installed):
    names = local_apps()
    assert {"kkr_portal", "meetings", "agreements", "budgets", "search", "api"} <= set(names)
    code = (
        "import importlib, django\n"
        "django.setup()\n"
        f"for name in {names!r}:\n"
        "    print(name, importlib.import_module(name).__file__)\n"
        "from django.apps import apps\n"
        "print('apps', len(apps.get_app_configs()))\n"
    )
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "kkr_portal.settings"}
    result = installed(code, env)
    assert result.returncode == 0, result.stderr
    located = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    for name in names:
        # From the wheel, never from the checkout.
        assert located[name].startswith(installed.purelib), (name, located[name])
    assert int(located["apps"]) == len(settings.INSTALLED_APPS)


def test_the_demo_data_files_are_in_the_wheel(installed):
    code = (
        "import django\n"
        "django.setup()\n"
        "from budgets.demo import DEMO\n"
        "from meetings.demo_year import AGENDAS\n"
        "print(len(AGENDAS['seed_meeting']), len(DEMO['sundhed']['lines']))\n"
    )
    result = installed(code, {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "kkr_portal.settings"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "17"]


def test_installed_portal_refuses_to_start_without_a_secret_key(installed):
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "kkr.example.dk"}
    result = installed("import django; django.setup()", {**env, "DJANGO_SETTINGS_MODULE": "kkr_portal.settings"})  # fmt: skip
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY mangler" in result.stderr
    # The refusal is the default too: DEBUG unset means DEBUG off.
    result = installed("import django; django.setup()", {"DJANGO_SETTINGS_MODULE": "kkr_portal.settings"})  # fmt: skip
    assert "ImproperlyConfigured: SECRET_KEY mangler" in result.stderr


def test_check_deploy_is_clean_with_only_the_three_production_variables(installed):
    # As in the image: the copied checkout (no .env, see .dockerignore) is the working directory.
    assert not (installed.source / ".env").exists()
    result = subprocess.run(
        [installed.python, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=installed.source, env=PRODUCTION, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SHOW = (
    "from django.conf import settings as s\n"
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
    " s.CSRF_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))\n"
)


def test_https_is_on_by_default_and_off_only_when_asked(installed):
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "kkr_portal.settings"}
    assert installed(SHOW, env).stdout.split() == ["True", "31536000", "True", "True", "None"]
    # A proxy terminates TLS and redirects itself: plain HTTP inside, no header trusted...
    plain = installed(SHOW, {**env, "HTTPS": "0"}).stdout.split()
    assert plain == ["False", "0", "False", "False", "None"]
    # ...unless it is named, and then only that one.
    proxied = installed(SHOW, {**env, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}).stdout
    assert proxied.strip().split(None, 4) == [
        "True", "31536000", "True", "True", "('HTTP_X_FORWARDED_PROTO', 'https')"
    ]  # fmt: skip


def _as_nobody(*args, cwd):
    """Run as an ordinary user (uid 65534), who cannot install anything."""
    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *args],
        capture_output=True, text=True, cwd=cwd,
    )  # fmt: skip


def test_missing_debian_packages_are_named_in_one_apt_get_line_for_a_non_root_user():
    # A copy in a folder that user may enter: the checkout may lie in one only root can open.
    folder = Path(tempfile.mkdtemp(prefix="kkr-nobody-"))
    folder.chmod(0o755)
    script = str(shutil.copy(ROOT / "scripts" / "system-packages", folder / "system-packages"))
    os.chmod(script, 0o755)
    missing = _as_nobody(
        script, "bash", "kkr-no-such-package", "kkr-no-such-command:kkr-pkg", cwd=folder
    )
    assert missing.returncode == 1
    assert missing.stderr.splitlines()[-1] == (
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends "
        "kkr-no-such-package kkr-pkg"
    )
    # Installed packages, and a command that exists, ask for nothing.
    present = _as_nobody(script, "bash", "coreutils", "sh:kkr-pkg", cwd=folder)
    shutil.rmtree(folder)
    assert (present.returncode, present.stdout, present.stderr) == (0, "", "")


def test_make_test_on_a_fresh_clone_installs_everything_itself(tmp_path):
    """What `make test` would run in a checkout with no .venv, no node_modules and no .env."""
    for name in ("Makefile", "package.json", "package-lock.json", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    # A make of its own, not a sub-make of the one running these tests.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "PYTEST_"))}
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    ).stdout
    steps = ["scripts/system-packages", "npm ci", "-m venv .venv", "pip install --quiet -e", "SECRET_KEY=", ".venv/bin/pytest"]  # fmt: skip
    positions = [plan.find(step) for step in steps]
    assert -1 not in positions and positions == sorted(positions), plan
    # `make run` asks only for what WeasyPrint needs, and never for npm.
    run = subprocess.run(["make", "-n", "run"], cwd=tmp_path, env=env, capture_output=True, text=True).stdout  # fmt: skip
    packages = run.split("scripts/system-packages", 1)[1].splitlines()[0].split()
    assert packages == ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]  # fmt: skip
    assert "npm ci" not in run


def test_the_docker_image_installs_the_servers_debian_packages_from_the_one_list():
    dockerfile = (ROOT / "Dockerfile").read_text()
    command = dockerfile.split("RUN scripts/system-packages ", 1)[1].split("\n    && ", 1)[0]
    command = command.rstrip(" \\")
    shown = subprocess.run(
        ["sh", "-c", f"echo {command.replace(chr(92) + chr(10), ' ')}"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    planned = subprocess.run(
        ["make", "-n", "-s", "system-test"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout.split()
    assert shown[:4] == ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]  # fmt: skip
    assert {"poppler-utils", "tesseract-ocr-dan"} <= set(shown)
    # The image gets what the server needs and none of the test tools.
    assert set(shown) <= set(planned) and not {"chromium", "wrk"} & set(shown)
