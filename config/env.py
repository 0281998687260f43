"""Read typed values from the environment, with defaults."""

import os


def env_str(name: str, *, default: str | None) -> str | None:
    """Return the variable as text, or the default when unset or empty."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name: str, *, default: bool) -> bool:
    """Return the variable read as a boolean (1/true/yes/on)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def env_int(name: str, *, default: int) -> int:
    """Return the variable as an integer."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of stripped, non-empty items."""
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default
