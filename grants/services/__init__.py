"""Writes for the grants app, one module per sub-domain; the public services are re-exported here."""

from .programmes import LoadReport, allocation_run_create, programme_load_definition
from .runs import allocation_run_record_failure, results_detail

__all__ = [
    "LoadReport",
    "allocation_run_create",
    "allocation_run_record_failure",
    "programme_load_definition",
    "results_detail",
]
