"""A large export is ordered, built by the worker and downloaded by the person who ordered it."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grants.services import allocation_run_create
from reporting.models import ExportFile
from reporting.services import exports as export_service
from tests.factories import StaffFactory, load_seed_programme

from .test_views import RATES, _deliver, _generated

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    beds = load_seed_programme("vardplatser-2024")
    _deliver(_generated(RATES, years={2023, 2024}))
    return allocation_run_create(programme=beds)


def _export_url(run):
    return reverse("reporting:component_export", args=["vardplatser-2024", "prestation", run.number])


def test_a_small_export_comes_at_once(client, run):
    client.force_login(StaffFactory())
    response = client.get(_export_url(run))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportFile.objects.exists()


def test_a_large_export_is_built_by_the_worker_and_only_its_orderer_downloads_it(
    client, run, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_IN_BACKGROUND_CELLS = 1_000  # 21 regions × 12 months × 3 columns × 2 requirements = 1 512
    officer = StaffFactory(first_name="Hanna")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get(_export_url(run))
    export = ExportFile.objects.get()
    assert response.status_code == 302 and response.url == reverse("reporting:export_status", args=[export.pk])
    pending = client.get(response.url).content.decode()
    assert "förbereds i bakgrunden" in pending and 'http-equiv="refresh"' in pending
    assert client.get(reverse("reporting:export_download", args=[export.pk])).status_code == 404

    for callback in queued:
        callback()  # the worker (eager in tests) builds the file
    ready = client.get(response.url).content.decode()
    download = reverse("reporting:export_download", args=[export.pk])
    assert download in ready and 'http-equiv="refresh"' not in ready
    file = client.get(download)
    assert (
        file["Content-Disposition"] == f'attachment; filename="vardplatser-2024-prestation-korning-{run.number}.xlsx"'
    )
    direct = export_service.component_workbook(run.programme.components.get(code="prestation"), run.number)
    sheets = load_workbook(BytesIO(file.content))
    assert sheets.sheetnames == load_workbook(BytesIO(direct)).sheetnames
    assert sheets["Summa per region"].max_row == load_workbook(BytesIO(direct))["Summa per region"].max_row

    client.force_login(StaffFactory(first_name="Annan"))
    assert client.get(response.url).status_code == 404
    assert client.get(download).status_code == 404


def test_a_build_that_fails_says_so_in_swedish_and_running_it_again_changes_nothing(run, monkeypatch):
    component = run.programme.components.get(code="prestation")
    export = ExportFile.objects.create(
        requested_by=StaffFactory(), title="x", filename="x.xlsx", params={"component": component.pk, "run": 99}
    )
    failed = export_service.export_build(export_id=export.pk)
    assert failed.status == ExportFile.Status.FAILED and failed.error.startswith("Filen kunde inte skapas")
    assert export_service.export_build(export_id=export.pk).finished_at == failed.finished_at


def test_the_worker_writes_the_file_in_the_language_it_was_ordered_in(
    client, run, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_IN_BACKGROUND_CELLS = 1_000
    client.force_login(StaffFactory())
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        client.get(_export_url(run))
    export = ExportFile.objects.get()
    assert export.params["language"] == "en"
    text = {
        str(cell.value)
        for sheet in load_workbook(BytesIO(bytes(export.content))).worksheets
        for row in sheet.iter_rows(max_row=12)
        for cell in row
        if cell.value
    }
    assert any(value.startswith("State grant:") for value in text), sorted(text)[:20]
    assert not any(value.startswith("Statsbidrag:") for value in text)
