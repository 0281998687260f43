"""Staff views of the grants app, one module per screen group."""

from .programmes import (
    allocation_compute,
    allocation_export,
    definition_help,
    definition_upload,
    population_import,
    programme_detail,
    programme_list,
)

__all__ = [
    "allocation_compute",
    "allocation_export",
    "definition_help",
    "definition_upload",
    "population_import",
    "programme_detail",
    "programme_list",
]
