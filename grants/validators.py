"""Validators for payment accounts, kept where the region's payment master data are checked."""

from regions.validators import (
    format_bankgiro,
    format_plusgiro,
    normalize_account,
    normalize_bankgiro,
    normalize_plusgiro,
)

__all__ = ["format_bankgiro", "format_plusgiro", "normalize_account", "normalize_bankgiro", "normalize_plusgiro"]
