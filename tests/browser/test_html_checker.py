"""The HTML checker the page tests rely on: it finds errors, and a checker that fails is a failure."""

import pytest

from tests.browser.conftest import vnu_errors

pytestmark = pytest.mark.browser

VALID = '<!DOCTYPE html><html lang="da"><head><title>Møde</title></head><body><p>Dagsorden</p></body></html>'


def test_vnu_finds_no_error_in_a_valid_page(tmp_path):
    assert vnu_errors(VALID, tmp_path) == []


def test_vnu_finds_the_errors_of_an_invalid_page(tmp_path):
    page = VALID.replace("<p>Dagsorden</p>", "<p><div>Dagsorden</p><blink>")

    errors = vnu_errors(page, tmp_path)

    assert any("“div”" in error for error in errors), errors
    assert any("“blink”" in error for error in errors), errors


def test_a_checker_that_cannot_run_fails_instead_of_passing_the_page(tmp_path):
    broken_jar = tmp_path / "vnu.jar"
    broken_jar.write_bytes(b"not a jar")

    with pytest.raises(AssertionError, match="the HTML checker failed"):
        vnu_errors(VALID, tmp_path, jar=broken_jar)
