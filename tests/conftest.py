from datetime import date

import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Speed up hashing, keep e-mail in memory and media in a temporary folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _reference_regions_in_transactional_tests(request):
    """Put back the 21 regions of the data migration, which a transactional test's flush removes."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if transactional:
        request.getfixturevalue("transactional_db")
        from regions.models import Region, RegionAlias
        from regions.reference import load_reference_regions

        if Region.objects.count() != 21:
            load_reference_regions(Region, RegionAlias)


@pytest.fixture(autouse=True)
def _celery_eager_and_local_cache(request, settings):
    """Run tasks in-process and keep cache marks per test, even when CI sets CELERY_BROKER_URL.

    Tests marked `celery_worker` start a real worker against Redis and set this up themselves.
    """
    from django.core.cache import cache, caches

    from config.celery import app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "runs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "runs"},
    }
    cache.clear()
    caches["runs"].clear()  # a run's pk comes back in the next test's database
    eager, propagates = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, propagates


@pytest.fixture
def payment_details(db):
    """Give every region valid, clearly fictional payment master data, so payout decisions can be prepared."""
    from regions.demo import fictional_payment_details_set

    fictional_payment_details_set()


class FrozenToday:
    """Freeze django.utils.timezone.localdate() (what services use as "today") at a given date."""

    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch

    def __call__(self, day: date) -> None:
        from django.utils import timezone

        real = self._real = getattr(self, "_real", timezone.localdate)

        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        self._monkeypatch.setattr("django.utils.timezone.localdate", localdate)


@pytest.fixture
def today(monkeypatch):
    frozen = FrozenToday(monkeypatch)
    frozen(date(2022, 3, 1))  # before the 2022 requisition deadline, unless a test moves it
    return frozen
