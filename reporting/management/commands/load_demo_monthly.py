from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from regions.models import NeedWeight, Organisation, PopulationFigure, Region
from regions.services import population_figures_set
from reporting.demo import BASE_POPULATION_DATE, RANKING_POPULATION_DATE, generate
from reporting.models import MonthlyValue
from reporting.selectors import EXAMPLE_DATA_SOURCE
from reporting.services import monthly_values_record


class Command(BaseCommand):
    help = (
        "Load generated example monthly data (2023–2025) and an example population on 1 November 2024, "
        "so the performance pages are alive. Demo only: refused unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Exempeldata läggs bara in med DJANGO_DEBUG på (utvecklingsläge).")
        regions = list(Region.objects.order_by("code"))
        populations = dict(
            PopulationFigure.objects.filter(reference_date=BASE_POPULATION_DATE).values_list(
                "region__code", "population"
            )
        )
        caps = dict(NeedWeight.objects.filter(series="maxtak-2025").values_list("region__code", "value"))
        data = generate(regions, populations, caps)
        # Two deliveries, as the data would arrive: everything up to September, then October. Each commit queues
        # one recompute, so the demo has two runs per performance programme to compare.
        october = [e for e in data.entries if e.month == 10 and e.year in (2024, 2025)]
        earlier = [e for e in data.entries if not (e.month == 10 and e.year in (2024, 2025))]
        with transaction.atomic():
            source, _ = Organisation.objects.get_or_create(name=EXAMPLE_DATA_SOURCE)
            first = monthly_values_record(
                actor=None, entries=earlier, channel=MonthlyValue.Channel.REGISTER, organisation=source
            )
            loaded = set(
                PopulationFigure.objects.filter(reference_date=RANKING_POPULATION_DATE).values_list(
                    "region_id", flat=True
                )
            )
            if not loaded:  # never overwrite figures staff have loaded
                population_figures_set(
                    actor=None,
                    reference_date=RANKING_POPULATION_DATE,
                    figures=data.populations,
                    source="Exempeldata (genererad): ersätt med SCB:s folkmängd 1 november 2024",
                    is_example=True,
                )
        with transaction.atomic():
            second = monthly_values_record(
                actor=None, entries=october, channel=MonthlyValue.Channel.REGISTER, organisation=source
            )
        created, updated = first.created + second.created, first.updated + second.updated
        unchanged = first.unchanged + second.unchanged
        self.stdout.write(
            f"Exempeldata per månad: {created} nya, {updated} ändrade, {unchanged} oförändrade"
            f"{'' if loaded else '; befolkning 1 november 2024 genererad'}."
        )
