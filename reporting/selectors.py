"""Reads for reported data."""


def monthly_values_for_engine(specs) -> dict:
    """Return (region code, indicator, year, month) -> value for the indicators the components read."""
    return {}
