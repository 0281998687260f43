"""Normalise region names so that every spelling in the seed documents finds its region."""

import re
import unicodedata


def normalize_name(name: str) -> str:
    """Return a comparison key: case-folded, without diacritics, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", name).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())
