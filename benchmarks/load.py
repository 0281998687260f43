"""Load benchmark: the busiest pages on deadline day, each against a minimal authenticated view in the same run.

Run from the repository root (PostgreSQL on 127.0.0.1:5432 with trust auth, and Debian's `wrk`):

    .venv/bin/python benchmarks/load.py [--connections 16] [--seconds 10] [--workers 2]

What it does: creates a throwaway PostgreSQL database (`statsbidrag_load`, dropped first), loads the demo into it,
collects static files, starts gunicorn (sync workers, DEBUG off) on a free loopback port with BENCHMARK_BASELINE on,
signs in the demo users, and drives `wrk` against each target in turn. It prints requests per second, p50/p95/p99
latency and errors (non-2xx/3xx and socket errors), and each target as a share of its baseline: GET pages against
the minimal authenticated GET (session and user loaded, nothing else), POSTs against the minimal CSRF-checked POST.
Nothing is asserted; the machine is shared, so only the shares mean much. Targets in the issue: every page at least
25 % of the baseline, p95 under 100 ms at 16 connections, no errors.
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE = "statsbidrag_load"
PASSWORD = "demo-statsbidrag-2026"  # noqa: S105 - the demo's published password

# wrk writes the percentiles it does not print by default (p95) and the error counts in one parsable line.
REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.errors.status, errors))
end
"""
POST = """
wrk.method = "POST"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-CSRFToken"] = "{csrf}"
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(*command: str, env: dict) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _prepare(env: dict) -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    _run(str(PYTHON), "manage.py", "demo", env={**env, "DJANGO_DEBUG": "true"})
    _run(str(PYTHON), "manage.py", "collectstatic", "--noinput", env=env)


class Session:
    """A signed-in user's cookies, read by hand: the session cookie is marked Secure, which urllib would not send."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.cookies: dict[str, str] = {}
        page = self.request("GET", "/logga-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        self.request("POST", "/logga-in/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        if "sessionid" not in self.cookies:
            raise SystemExit(f"{username} could not sign in")

    @property
    def header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict | None = None) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.header}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.read().decode("utf-8", "replace")

    def form(self, path: str) -> dict[str, list[str]]:
        """Return the fields of the first form with a CSRF token on the page, as the browser would post them."""
        page = self.request("GET", path)
        fields: dict[str, list[str]] = {}
        for tag in re.findall(r"<input[^>]*>", page):
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            kind = re.search(r'type="([^"]+)"', tag)
            if name and (not kind or kind[1] not in ("checkbox", "radio", "submit", "file")):
                fields.setdefault(name[1], []).append(value[1] if value else "")
        return fields


def _wrk(url: str, session: Session, connections: int, seconds: int, post: str | None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write((post or "") + REPORT)
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                "-H",
                f"Cookie: {session.header}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    requests, duration, p50, p95, p99, status_errors, socket_errors = map(int, output.split("RESULT ")[1].split())
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": status_errors + socket_errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCHMARK_BASELINE": "true",
        "AXES_FAILURE_LIMIT": "1000",
    }
    for name in ("CELERY_BROKER_URL", "REDIS_URL"):
        env.pop(name, None)
    print("Preparing the database and the demo …", flush=True)
    _prepare(env)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(arguments.workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        _measure(port, arguments)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _measure(port: int, arguments) -> None:
    base = f"http://127.0.0.1:{port}"
    officer = Session(port, "handlaggare")
    representative = Session(port, "ombud-jamtland")
    coordinator = Session(port, "data-jamtland")
    requisition = "/region/23/vardkoer-2025/rekvisition/"
    month = "/region/23/vardkoer-2025/manadsdata/2025/3/"
    requisition_form = representative.form(requisition)
    requisition_form.update(action=["draft"])
    month_form = coordinator.form(month)
    month_form["hip_operations__own"] = ["4"]

    def post(session: Session, form: dict) -> str:
        form = {**form, "csrfmiddlewaretoken": [session.cookies["csrftoken"]]}
        return POST.format(body=urlencode(form, doseq=True), csrf=session.cookies["csrftoken"])

    targets = [
        ("minimal view, session and user loaded", officer, "/benchmark/baseline/", None, "get"),
        ("/region/23/ as a regional representative", representative, "/region/23/", None, "get"),
        ("requisition form (GET)", representative, requisition, None, "get"),
        ("/handlaggning/ work list", officer, "/handlaggning/", None, "get"),
        ("allocation page, vardplatser-2024", officer, "/statsbidrag/vardplatser-2024/", None, "get"),
        ("minimal CSRF-checked POST", coordinator, "/benchmark/baseline/", post(coordinator, {}), "post"),
        ("saving one monthly value (POST)", coordinator, month, post(coordinator, month_form), "post"),
        (
            "saving the requisition as a draft (POST)",
            representative,
            requisition,
            post(representative, requisition_form),
            "post",
        ),
    ]
    print(
        f"\ngunicorn, {arguments.workers} sync workers, PostgreSQL on loopback, DEBUG off; wrk, "
        f"{arguments.connections} connections, {arguments.seconds} s per target; {os.cpu_count()} cores\n"
    )
    print("| target | req/s | p50 | p95 | p99 | errors | share of baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    baselines = {}
    for name, session, path, script, kind in targets:
        result = _wrk(base + path, session, arguments.connections, arguments.seconds, script)
        baselines.setdefault(kind, result["rps"])
        share = result["rps"] / baselines[kind] * 100
        print(
            f"| {name} | {result['rps']:.0f} | {result['p50']:.0f} ms | {result['p95']:.0f} ms | "
            f"{result['p99']:.0f} ms | {result['errors']} | {share:.0f} % |",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
