"""No admin path changes money records or their history: add, change, delete, history "revert", bulk actions.

Posted as a superuser, against every money model, and the database is compared before and after.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from grants.models import (
    AllocationLine,
    AllocationRun,
    Payout,
    PayoutBatch,
    Repayment,
    RepaymentAdjustment,
    RepaymentPayment,
    Requisition,
    RequisitionLine,
)
from grants.services import allocation_run_create, repayment_adjust, repayment_create, repayment_payment_record
from regions.models import Region
from reporting.models import DataUpload, FollowUpReport, MonthlyValue
from tests.factories import StaffFactory, UserFactory, load_seed_programme
from tests.factories_office import FollowUpReportFactory
from tests.money import monthly, pay_on_requisition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payment_details")]

MONEY_MODELS = [
    Requisition,
    RequisitionLine,
    PayoutBatch,
    Payout,
    Repayment,
    RepaymentPayment,
    RepaymentAdjustment,
    AllocationRun,
    AllocationLine,
    MonthlyValue,
    DataUpload,
    FollowUpReport,
]


@pytest.fixture
def money():
    """One of every money record: a run and its lines, a paid decision, a claim with a payment and an adjustment."""
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    allocation_run_create(programme=programme)
    pay_on_requisition(programme, {"01": 461_327_417})
    officer = StaffFactory()
    claim = repayment_create(
        actor=officer, programme=programme, region=Region.objects.get(code="01"), amount=1_000, reason_text="Fel"
    )
    repayment_payment_record(actor=officer, repayment=claim, paid_on=datetime.date(2023, 3, 1), amount=100)
    repayment_adjust(actor=officer, repayment=claim, claimed_after=500, reason="Sänkt")
    monthly([("01", "overcrowding_rate", 2024, 2, "4.0")])
    DataUpload.objects.create(
        uploaded_by=officer, programme=programme, filename="data.xlsx", sha256="0" * 64, size=10, values_saved=1
    )
    FollowUpReportFactory(programme=programme, region=Region.objects.get(code="01"))
    return programme


def _snapshot():
    state = {}
    for model in MONEY_MODELS:
        state[model.__name__] = list(model.objects.order_by("pk").values())
        history = getattr(model, "history", None)
        state[model.__name__ + " history"] = history.count() if history is not None else None
    return state


def _post_everything(client, model, obj):
    """Post to every admin URL of the model for this object; return the statuses."""
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    statuses = {}
    data = {field.name: "1" for field in opts.concrete_fields if field.name != "id"}
    data.update({"amount": "999999999", "status": "paid", "payment_account": "9999-9999", "_save": "Spara"})
    for suffix, args, payload in (
        ("add", [], data),
        ("change", [obj.pk], data),
        ("delete", [obj.pk], {"post": "yes"}),
        ("changelist", [], {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}),
    ):
        try:
            url = reverse(f"{name}_{suffix}", args=args)
        except NoReverseMatch:
            continue
        statuses[suffix] = client.post(url, payload).status_code
    history = getattr(model, "history", None)
    if history is not None:
        for record in history.filter(id=obj.pk):
            url = reverse(f"{name}_simple_history", args=[obj.pk, record.history_id])
            statuses[f"history {record.history_id}"] = client.post(url, data).status_code
    return statuses


def test_no_admin_form_changes_a_money_record_even_for_a_superuser(client, money):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    before = _snapshot()
    registered = set(admin.site._registry)
    tried = []
    for model in MONEY_MODELS:
        obj = model.objects.order_by("pk").first()
        assert obj is not None, model.__name__
        if model in registered:
            statuses = _post_everything(client, model, obj)
            # The change list answers 200 with no action to run; every form is refused or absent.
            refused = {k: v for k, v in statuses.items() if k != "changelist"}
            assert refused and all(code in (403, 404) for code in refused.values()), (model, statuses)
            tried.append(model.__name__)
    assert _snapshot() == before
    assert len(tried) == 8, tried  # the other four are shown as inlines of these (next test)


def test_inlines_of_money_records_cannot_add_change_or_delete():
    for model_admin in admin.site._registry.values():
        for inline in model_admin.inlines:
            if inline.model in MONEY_MODELS:
                instance = inline(model_admin.model, admin.site)
                assert not instance.has_add_permission(None, None), inline
                assert not instance.has_delete_permission(None, None), inline


def test_every_history_form_refuses_a_post(client):
    """The history "revert" form saves what is posted for any model with history; it is refused everywhere."""
    programme = load_seed_programme("uppdamda-vardbehov-2022")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    title = programme.title
    record = programme.history.first()
    url = reverse("admin:grants_grantprogramme_simple_history", args=[programme.pk, record.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Omskrivet", "code": programme.code}).status_code == 403
    programme.refresh_from_db()
    assert programme.title == title
    history_admins = [
        m for m, a in admin.site._registry.items() if hasattr(a, "history_form_view") and apps.is_installed("grants")
    ]
    assert all(type(admin.site._registry[m]).revert_disabled(admin.site._registry[m], None) for m in history_admins)


@pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor != "postgresql",
    reason="the database triggers exist on PostgreSQL only",
)
def test_the_database_refuses_to_change_a_paid_payout_or_a_stored_run(money):
    from django.db import DatabaseError, connection, transaction

    payout = Payout.objects.filter(batch__status=PayoutBatch.Status.PAID).first()
    run = AllocationRun.objects.filter(status=AllocationRun.Status.SUCCEEDED).first()
    line = AllocationLine.objects.first()
    statements = [
        ("UPDATE grants_payout SET amount = 999999999 WHERE id = %s", [payout.pk]),
        ("DELETE FROM grants_payout WHERE id = %s", [payout.pk]),
        ("UPDATE grants_payoutbatch SET status = 'draft' WHERE id = %s", [payout.batch_id]),
        ("UPDATE grants_allocationrun SET total = 1 WHERE id = %s", [run.pk]),
        ("DELETE FROM grants_allocationrun WHERE id = %s", [run.pk]),
        ("UPDATE grants_allocationline SET amount = 1 WHERE id = %s", [line.pk]),
    ]
    for sql, params in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    payout.refresh_from_db()
    assert payout.amount == 461_327_417
