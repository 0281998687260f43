"""Demo: a draft for next year made from the 2024 beds programme, so the what-if page has something to compare."""

import tomli_w
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from grants.definition_export import programme_document
from grants.models import AllocationRun, GrantProgramme
from grants.services import allocation_run_create, programme_load_definition

TEMPLATE = "vardplatser-2024"
DRAFT = "vardplatser-2025"


class Command(BaseCommand):
    help = "Add a draft programme copied from the 2024 beds programme with a larger basic part (demo only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demodata läggs bara in med DJANGO_DEBUG på (utvecklingsläge).")
        template = GrantProgramme.objects.filter(code=TEMPLATE).first()
        if template is None or GrantProgramme.objects.filter(code=DRAFT).exists():
            return
        document = programme_document(template, code=DRAFT, with_data=False)
        head = document["programme"]
        head.update(budget_year=2025, frame=head["frame"] + 50_000_000)
        head.pop("decision_reference", None)
        basic = next(part for part in document["components"] if part["code"] == "grundlaggande")
        basic["amount"] += 50_000_000
        basic["parameters"]["population_date"] = basic["parameters"]["population_date"].replace(year=2024)
        basic["rounding"] = {"unit": 1_000, "method": "largest_remainder"}
        draft = programme_load_definition(actor=None, text=tomli_w.dumps(document), filename="utkast").programme
        allocation_run_create(programme=draft, trigger=AllocationRun.Trigger.COMMAND)
        self.stdout.write(f"Utkast: {draft.title} {draft.budget_year}, att jämföra med {template.budget_year}.")
