"""Staff views of the grants app, one module per screen group."""

from .authoring import (
    component_edit,
    definition_download,
    programme_compare,
    programme_compare_export,
    programme_copy,
    programme_edit,
    programme_publish,
)
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
    "component_edit",
    "definition_download",
    "definition_help",
    "definition_upload",
    "population_import",
    "programme_compare",
    "programme_compare_export",
    "programme_copy",
    "programme_detail",
    "programme_edit",
    "programme_list",
    "programme_publish",
]
