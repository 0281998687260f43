"""Demo data for the regional portal: regional users, an intermediary, the seed 001 survey, demo extensions."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from grants.management.commands.demo import DEMO_PASSWORD
from grants.models import DeadlineExtension, GrantProgramme
from regions.models import Membership, Organisation, Region
from reporting.models import Survey
from reporting.services import survey_create_planned_activities

Role = Membership.Role
USERS = [
    (
        "ombud-jamtland",
        "Jonna",
        "Ombudsdotter",
        "23",
        Role.AUTHORISED_REPRESENTATIVE,
        "Behörigt ombud, Jämtland Härjedalen",
    ),
    (
        "foretradare-jamtland",
        "Fredrik",
        "Företrädarsson",
        "23",
        Role.REPRESENTATIVE,
        "Företrädare, Jämtland Härjedalen",
    ),
    ("data-jamtland", "Dana", "Datasson", "23", Role.DATA_COORDINATOR, "Datasamordnare, Jämtland Härjedalen"),
    ("ombud-gotland", "Gustav", "Gotlänning", "09", Role.AUTHORISED_REPRESENTATIVE, "Behörigt ombud, Gotland"),
    ("skr", "Sara", "Samordnare", None, Role.INTERMEDIARY, "Mellanhand (SKR) för alla 21 regioner"),
]


class Command(BaseCommand):
    help = "Add demo regional users, an intermediary and the planned-activities survey of 2022."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demodata läggs bara in med DJANGO_DEBUG på (utvecklingsläge).")
        skr, _ = Organisation.objects.get_or_create(name="Sveriges Kommuner och Regioner")
        skr.regions.set(Region.objects.all())
        user_model = get_user_model()
        for username, first, last, code, role, _description in USERS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@demo.example"
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.update_or_create(
                user=user,
                defaults={
                    "role": role,
                    "region": Region.objects.get(code=code) if code else None,
                    "organisation": None if code else skr,
                },
            )
        self._survey_and_extensions(user_model.objects.filter(is_staff=True).first())
        self.stdout.write("Regionala demoanvändare (samma lösenord):")
        for username, *_, description in USERS:
            self.stdout.write(f"  {username:<20} ({description})")

    def _survey_and_extensions(self, staff) -> None:
        programme = GrantProgramme.objects.filter(code="uppdamda-vardbehov-2022").first()
        if programme is None:
            return
        if not Survey.objects.filter(programme=programme).exists():
            survey_create_planned_activities(
                actor=None, programme=programme, opens_on=date(2022, 4, 1), closes_on=date(2022, 5, 13)
            )
        if staff is None:
            staff, _ = get_user_model().objects.get_or_create(
                username="handlaggare", defaults={"is_staff": True, "first_name": "Hanna", "last_name": "Handläggare"}
            )
        # The 2022 survey date has passed; let Jämtland Härjedalen through so the demo shows the survey open.
        until = timezone.localdate() + timedelta(days=30)
        for kind in ("survey",):
            DeadlineExtension.objects.update_or_create(
                programme=programme,
                region=Region.objects.get(code="23"),
                kind=kind,
                defaults={"until": until, "reason": "Demo: förlängd tidsfrist", "granted_by": staff},
            )
