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
