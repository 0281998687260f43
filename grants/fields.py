"""Form fields for whole kronor as people type and read them: "15 000 000", "15 000 000 kr", "15000000".

With English active the field also takes English digit groups and currency: "15,000,000", "SEK 15,000,000".
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from grants import l10n

# Spaces people and spreadsheets put between digit groups: space, no-break space, narrow no-break space, thin space.
GROUP_SEPARATORS = re.compile(r"[ \u00a0\u202f\u2009]")
KRONOR_SUFFIX = re.compile(r"\s*(kr|kronor|sek)\.?\s*$", re.IGNORECASE)
# English only: the currency written first ("SEK 15,000,000", "−SEK 250"), and commas between groups of three digits.
CURRENCY_PREFIX = re.compile(r"^([-\u2212]?)\s*(sek|kr)\.?\s*", re.IGNORECASE)
ENGLISH_GROUPS = re.compile(r"^[-\u2212]?\d{1,3}(,\d{3})+$")


class KronorField(forms.IntegerField):
    """An integer amount in kronor that accepts digit-group spaces and a trailing "kr", and shows them again."""

    default_error_messages = {"invalid": _("Ange ett belopp i hela kronor, till exempel 15 000 000.")}

    def __init__(self, *, attrs: dict | None = None, **kwargs):
        attrs = {"class": "ds-input", **(attrs or {}), "inputmode": "numeric", "autocomplete": "off"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if l10n.english():
                value = CURRENCY_PREFIX.sub(r"\1", value)
            value = GROUP_SEPARATORS.sub("", KRONOR_SUFFIX.sub("", value))
            if l10n.english() and ENGLISH_GROUPS.match(value):
                value = value.replace(",", "")
            value = value.replace("\u2212", "-")  # the minus sign Swedish formatting uses
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return l10n.number(value).replace("\u2212", "-")
        return value
