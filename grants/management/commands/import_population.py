from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from grants.services import population_import
from regions.imports import parse_population_file


class Command(BaseCommand):
    help = "Import population figures for a reference date from an Excel (.xlsx) or CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--date", required=True, type=date.fromisoformat, help="Referensdatum, ÅÅÅÅ-MM-DD")
        parser.add_argument("--source", default="", help="Källa, t.ex. SCB")

    def handle(self, *args, file, date, source, **options):
        try:
            data = file.read_bytes()
        except FileNotFoundError as error:
            raise CommandError(f"Filen {file} finns inte.") from error
        except OSError as error:
            raise CommandError(f"Filen {file} går inte att läsa ({error.strerror or error}).") from error
        try:
            figures = parse_population_file(data, file.name)
            summary = population_import(actor=None, reference_date=date, figures=figures, source=source)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"{summary.created} nya, {summary.updated} ändrade, {summary.unchanged} oförändrade.")
