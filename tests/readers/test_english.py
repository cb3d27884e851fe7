"""English for those who choose it: dates written the English way, every message translated;
Danish stays the default."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_meeting_dates_in_danish_by_default_and_in_english_when_chosen(package, client_for):
    meeting = package["meeting"]
    client = client_for("anonymous")
    danish = client.get(meeting.get_absolute_url()).content.decode()
    assert " kl. 09.45" in danish and '<html lang="da">' in danish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(meeting.get_absolute_url()).content.decode()
    start = meeting.start
    day = f"{start:%A} {start.day} {start:%B} {start.year} at 09:45"
    assert day in english, day  # "Friday 22 September 2023 at 09:45"
    assert " kl. " not in english and '<html lang="en">' in english
    assert "Download the meeting package" in english
    # The fixture's open annex is signed.
    assert "Download the original, in which the signatures can be checked" in english
    assert "Underskrevet digitalt" in danish and "Underskrevet digitalt" not in english


def test_pages_write_dates_through_the_language_filter():
    """A fixed format such as `date:"j. F Y"` reads "12. February 2027" in English; pages, e-mails
    and exports write dates with `when`, which knows each language's way. The council's PDFs
    (templates/pdf) are its Danish documents and keep their own formats."""
    templates = Path(settings.BASE_DIR) / "templates"
    fixed = [
        f"{path.relative_to(templates)}:{number}"
        for path in templates.rglob("*")
        if path.is_file() and "pdf" not in path.relative_to(templates).parts[:1]
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "|date:" in line
    ]
    assert not fixed, fixed


def _catalogue_of_the_code(tmp_path) -> Path:
    """The English catalogue as makemessages makes it from today's code (in a copy of the
    source, so the checkout is not touched): texts added since it was last made are in it,
    without a translation."""
    tree = tmp_path / "kilde"
    shutil.copytree(
        settings.BASE_DIR, tree,
        ignore=shutil.ignore_patterns(".*", "node_modules", "var", "media", "*.egg-info"),
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=tree, capture_output=True, check=True,
    )  # fmt: skip
    return tree / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_the_english_catalogue_has_no_untranslated_messages(tmp_path):
    """If this fails, a Danish text was added or changed without its English. Fix:
    .venv/bin/python manage.py makemessages -l en --no-obsolete, translate each empty msgstr
    (and each "#, fuzzy" entry) in locale/en/LC_MESSAGES/django.po, then compilemessages."""
    # gettext's own tools (needed by makemessages anyway) count and check the catalogue.
    catalogue = _catalogue_of_the_code(tmp_path)
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    missing = [line for line in untranslated.splitlines() if line.startswith("msgid ")][1:]
    unsure = [line for line in fuzzy.splitlines() if line.startswith("msgid ")][1:]
    assert not missing, f"{len(missing)} untranslated: {missing[:20]}"
    assert not unsure, f"{len(unsure)} fuzzy (check them and remove the flag): {unsure[:20]}"
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)])
    assert check.returncode == 0


# Danish names these with one word for one and for many; so does English.
UNCOUNTABLE = {"attendance", "historical attendance", "OCR of annexes", "accessibility of annexes"}


def test_english_names_many_of_a_kind_in_the_plural():
    """Danish often has one form for one and many (bilag, afsnit, beløb); the admin's lists
    are named in the plural, so each such name has its plural English under the "flertal"
    context (`pgettext_lazy("flertal", …)`)."""
    ours = [
        model
        for model in apps.get_models()
        if model._meta.app_config.path.startswith(str(settings.BASE_DIR))
    ]
    with translation.override("en"):
        same = {
            str(model._meta.verbose_name)
            for model in ours
            if str(model._meta.verbose_name) == str(model._meta.verbose_name_plural)
        }
        annex = apps.get_model("meetings", "Annex")._meta
        assert (str(annex.verbose_name), str(annex.verbose_name_plural)) == ("annex", "annexes")
    assert same == UNCOUNTABLE
    with translation.override("da"):
        assert str(annex.verbose_name_plural) == "bilag"
