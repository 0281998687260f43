import logging
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from grants.models import AllocationRun, GrantProgramme
from grants.roles import ensure_staff_groups
from grants.services import allocation_run_create

DEMO_PASSWORD = "demo-statsbidrag-2026"  # noqa: S105 - demo only, refused unless DEBUG is on
DEFINITIONS = Path(settings.BASE_DIR) / "definitions"


class Command(BaseCommand):
    help = "Set up the embedded demo: migrate, load the seed programmes, compute allocations, create demo users."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demodata läggs bara in med DJANGO_DEBUG på (utvecklingsläge).")
        call_command("migrate", verbosity=0)
        call_command(
            "load_programme", *sorted(DEFINITIONS.glob("*.toml")), publish=True, verbosity=0, stdout=self._null()
        )
        users = self._users()
        for programme in GrantProgramme.objects.exclude(status=GrantProgramme.Status.CLOSED):
            allocation_run_create(programme=programme, trigger=AllocationRun.Trigger.COMMAND)
        loaders_said = StringIO()
        # The loaders act as users would, which sends receipts and runs tasks; keep that out of the console
        # so that what a newcomer sees is how to log in.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), _quiet_logging():
            for extra in settings.DEMO_LOADERS:
                call_command(extra, stdout=loaders_said)
        self.stdout.write(self.style.SUCCESS("Demodata är inlagda."))
        self.stdout.write(loaders_said.getvalue().rstrip())
        self.stdout.write("")
        self.stdout.write(f"Öppna http://127.0.0.1:8000/ och logga in. Alla demoanvändare: lösenord {DEMO_PASSWORD}")
        self.stdout.write("Socialstyrelsen:")
        for username, description in users:
            self.stdout.write(f"  {username:<20} {description}")

    def _users(self) -> list[tuple[str, str]]:
        user_model = get_user_model()
        wanted = [
            (
                "handlaggare",
                "Handläggare på Socialstyrelsen",
                {"is_staff": True, "first_name": "Hanna", "last_name": "Handläggare"},
            ),
            ("admin", "Systemadministratör", {"is_staff": True, "is_superuser": True}),
            (
                "attestant",
                "Attestant: attesterar utbetalningsbeslut som någon annan har upprättat",
                {"is_staff": True, "first_name": "Agnes", "last_name": "Attestant"},
            ),
        ]
        officers, attestants = ensure_staff_groups()
        for username, _description, fields in wanted:
            user, _ = user_model.objects.get_or_create(username=username, defaults=fields)
            user.set_password(DEMO_PASSWORD)
            user.save()
            if username != "admin":
                user.groups.add(officers)
            if username == "attestant":
                user.groups.add(attestants)
        return [(username, description) for username, description, _ in wanted]

    def _null(self):
        return StringIO()


@contextmanager
def _quiet_logging():
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)
