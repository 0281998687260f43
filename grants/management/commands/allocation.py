from fractions import Fraction
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grants.allocation.formatting import format_decimal_places, format_int
from grants.exports import allocation_workbook
from grants.models import AllocationRun, GrantProgramme
from grants.selectors import allocation_sections, programme_by_code_or_reference, run_for_page
from grants.services import allocation_run_create


class Command(BaseCommand):
    help = "Compute a programme's allocation (by short code or decision reference) and print its table."

    def add_arguments(self, parser):
        parser.add_argument("programme", help="Kortkod (t.ex. uppdamda-vardbehov-2022) eller diarienummer")
        parser.add_argument("--export", type=Path, help="Skriv fördelningen som bilaga till en Excel-fil")

    def handle(self, *args, programme, export, **options):
        try:
            found = programme_by_code_or_reference(programme)
        except GrantProgramme.DoesNotExist as error:
            raise CommandError(f"Inget statsbidrag med kortkod eller diarienummer {programme!r}.") from error
        run = allocation_run_create(programme=found, trigger=AllocationRun.Trigger.COMMAND)
        if run.status == AllocationRun.Status.FAILED:
            raise CommandError(f"Fördelningen kunde inte beräknas: {run.error}")
        run = run_for_page(found, run.number)
        self.stdout.write(f"{found.title} ({found.decision_reference or found.code}), körning {run.number}")
        for section in allocation_sections(run):
            self._print_section(section)
        for note in run.notes:
            self.stdout.write(f"Anm.: {note}")
        if run.error:
            self.stderr.write(run.error)
        if export:
            export.write_bytes(allocation_workbook(run, list(run.lines.all())))
            self.stdout.write(f"Bilagan är sparad i {export}")

    def _print_section(self, section):
        component = section["component"]
        self.stdout.write("")
        self.stdout.write(f"{component.name} – {format_int(component.amount)} kr")
        header = f"{'Region':<22}{section['basis_label']:>14}{'Exakt':>20}{'Fördelade medel':>18}"
        self.stdout.write(header)
        for line in section["lines"]:
            basis = format_int(line.basis) if line.basis is not None else ""
            exact = format_decimal_places(Fraction(line.exact))
            self.stdout.write(f"{line.region.short_name:<22}{basis:>14}{exact:>20}{format_int(line.amount):>18}")
        bases = [line.basis for line in section["lines"] if line.basis is not None]
        total_basis = format_int(sum(bases)) if bases else ""
        self.stdout.write(f"{'Summa':<22}{total_basis:>14}{'':>20}{format_int(section['total']):>18}")
