"""Amounts typed and shown the Danish way: 2.316.569,00."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# 2.316.569,00 · 2316569,00 · -1.234 · 2316569.00 (a figure pasted from a spreadsheet, where the
# dot cannot be a thousands separator because fewer than three digits follow it).
_DANISH = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?")
_POINT = re.compile(r"-?\d+\.\d{1,2}|-?\d+\.\d{4,}")


def parse_amount(text: str) -> Decimal:
    compact = re.sub(r"[\s\u00a0]|kr\.?$", "", text.strip(), flags=re.IGNORECASE)
    if _DANISH.fullmatch(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif not _POINT.fullmatch(compact):
        raise ValidationError(
            _("Skriv beløbet med tal, fx 2.316.569,00 (punktum mellem tusinder, komma før øre)."),
            code="invalid",
        )
    try:
        return Decimal(compact)
    except InvalidOperation as error:
        raise ValidationError(_("Beløbet kunne ikke læses."), code="invalid") from error


def format_amount(value, places: int = 2) -> str:
    """Decimal('2316569') → '2.316.569,00'."""
    quantized = Decimal(value).quantize(Decimal(1).scaleb(-places))
    sign = "-" if quantized < 0 else ""
    whole, _dot, fraction = f"{abs(quantized):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if places else f"{sign}{grouped}"


class DanishAmountInput(forms.TextInput):
    def __init__(self, attrs=None, places=2):
        super().__init__({"inputmode": "decimal", "class": "amount", **(attrs or {})})
        self.places = places

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_amount(value, self.places)
        return super().format_value(value)


class DanishAmountField(forms.DecimalField):
    """A DecimalField that reads and writes Danish amounts."""

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs.setdefault("widget", DanishAmountInput(places=decimal_places or 0))
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return parse_amount(str(value))

    def widget_attrs(self, widget):
        # No number spinner and no "step": the field is text in Danish format.
        return {}


class DanishAmountsMixin:
    """For a ModelAdmin or inline: every decimal field takes and shows Danish amounts."""

    formfield_overrides = {models.DecimalField: {"form_class": DanishAmountField}}
