"""Production settings: the deploy check passes, and a weak secret key stops the service at start-up.

Settings are read once per process, so each case imports them (or runs manage.py) in a fresh interpreter with its
own environment; nothing here touches the test database.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(64)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run Python with only the given DJANGO_* variables (never a DATABASE_URL: SQLite, nothing to connect to)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args], cwd=BASE_DIR, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def import_settings(**env: str) -> subprocess.CompletedProcess:
    return run(["-c", "import config.settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"], **env)


def test_the_deploy_check_passes_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_to_https_only_and_development_does_not():
    production = import_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY)
    assert production.stdout.split() == ["31536000", "True"], production.stderr
    assert import_settings().stdout.split() == ["0", "False"]
    switched_off = import_settings(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_HSTS_SECONDS="0", DJANGO_SECURE_SSL_REDIRECT="false"
    )
    assert switched_off.stdout.split() == ["0", "False"], switched_off.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me",  # the placeholder of .env.example
        "django-insecure-" + "k3Qz9vLx2Tq7WmB4nYp8Rf6Hd1Js5Gc0Ae" * 2,  # Django's generated development keys
        "k3Qz9vLx2Tq7WmB4nYp8Rf6Hd1Js5Gc0Ae",  # shorter than 50 characters
        "abcd" * 20,  # fewer than 5 distinct characters
    ],
    ids=["placeholder", "django-insecure", "short", "few-characters"],
)
def test_a_weak_secret_key_is_refused_at_start_up_with_debug_off(key):
    result = import_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is too weak" in result.stderr
    assert "at least 50 random characters" in result.stderr


def test_a_missing_secret_key_is_refused_with_debug_off():
    result = import_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_strong_secret_key_is_accepted_and_development_needs_none():
    assert import_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG_KEY).returncode == 0
    assert import_settings(DJANGO_SECRET_KEY="change-me").returncode == 0  # DEBUG on: a developer's machine
