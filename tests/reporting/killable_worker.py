"""A real Celery worker for the killed-worker tests, started as its own process by tests/reporting/test_worker.py.

With PAUSE_FILE set, the first recompute it runs writes the computing process's id to that file and then waits
inside its database transaction, before storing any line, so the test can kill the worker (or its pool child)
mid-task. Later recomputes (the file exists) run normally. Everything else (broker, database, cache) comes from
the environment, as for `celery -A config worker`.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from config.celery import app  # noqa: E402
from grants.services import programmes  # noqa: E402

PAUSE_FILE = os.environ.get("PAUSE_FILE")
_store_results = programmes._store_results


def _store_results_after_a_pause(*args, **kwargs):
    pause = Path(PAUSE_FILE)
    if not pause.exists():
        pause.write_text(str(os.getpid()))
        time.sleep(600)  # the test kills this process long before
    return _store_results(*args, **kwargs)


if PAUSE_FILE:
    programmes._store_results = _store_results_after_a_pause

if __name__ == "__main__":
    app.worker_main(["worker", "--loglevel=WARNING", "--without-gossip", "--without-mingle", *sys.argv[1:]])
