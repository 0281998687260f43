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
    from django.core.cache import cache

    from config.celery import app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
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
