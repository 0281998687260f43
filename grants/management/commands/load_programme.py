from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from grants.definitions import DefinitionError
from grants.services import programme_load_definition


class Command(BaseCommand):
    help = "Load programme definition files (TOML); loading the same file twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        for path in files:
            try:
                report = programme_load_definition(
                    actor=None, text=path.read_text(encoding="utf-8"), filename=str(path)
                )
            except OSError as error:
                raise CommandError(f"{path}: filen kan inte läsas: {error}") from error
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{path}: filen är inte sparad som UTF-8 (byte {error.start + 1}). "
                    "Spara den som UTF-8 och försök igen."
                ) from error
            except (DefinitionError, ValidationError) as error:
                raise CommandError("; ".join(error.messages)) from error
            if report.changed:
                self.stdout.write(f"{path}: {report.programme.code}: {len(report.changes)} ändringar")
                for change in report.changes:
                    self.stdout.write(f"  {change}")
            else:
                self.stdout.write(f"{path}: {report.programme.code}: oförändrad")
