from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from grants.definitions import DefinitionError
from grants.services import programme_load_definition


class Command(BaseCommand):
    help = "Load programme definition files (TOML); loading the same file twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--publish", action="store_true", help="publish a new programme at once (otherwise it stays a draft)"
        )
        parser.add_argument("--reason", default="", help="why a published programme changes (a new version)")

    def handle(self, *args, files, publish, reason, **options):
        for path in files:
            try:
                report = programme_load_definition(
                    actor=None,
                    text=path.read_text(encoding="utf-8"),
                    filename=str(path),
                    reason=reason,
                    publish=publish,
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
