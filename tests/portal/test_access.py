"""Access-control matrix: every portal URL and method, for anonymous users, other regions, intermediaries, staff.

A region the user may not act for answers 404 (nothing reveals what exists there); a region the user may act for,
in a role that may not do this, answers 403; anonymous users are sent to login; nothing changes in the database.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grants.models import DeadlineExtension, Payout, Repayment, Requisition, RequisitionLine
from grants.services import RequisitionInput, requisition_submit
from regions.models import Membership
from reporting.models import (
    ActivityPlan,
    DataUpload,
    FollowUpReport,
    MonthlyValue,
    OperationsPlan,
    SurveyResponse,
)
from reporting.services import survey_create_planned_activities
from tests.factories import StaffFactory
from tests.factories_portal import Role, intermediary, member, programme_with_run, region

pytestmark = pytest.mark.django_db

JAMTLAND, GOTLAND = "23", "09"
WATCHED = [
    Requisition,
    RequisitionLine,
    Payout,
    Repayment,
    SurveyResponse,
    FollowUpReport,
    ActivityPlan,
    OperationsPlan,
    MonthlyValue,
    DataUpload,
    Membership,
    get_user_model(),
    DeadlineExtension,
]


@pytest.fixture
def world(today):
    """Both programmes computed, the 2022 survey open, and Jämtland Härjedalen's requisition submitted."""
    p2022 = programme_with_run("uppdamda-vardbehov-2022")
    p2025 = programme_with_run("vardkoer-2025")
    survey = survey_create_planned_activities(
        actor=None, programme=p2022, opens_on=date(2022, 2, 1), closes_on=date(2022, 5, 13)
    )
    requisition_submit(
        actor=member(JAMTLAND, email="ombud@jh.example"),
        programme=p2022,
        region=region(JAMTLAND),
        data=RequisitionInput(
            amounts={"invanare": 1},
            contact_name="M",
            contact_email="m@jh.example",
            payment_method="bankgiro",
            payment_account="5050-1055",
            measure_ids=(p2022.measures.first().pk,),
            confirmed=True,
        ),
    )
    return {"p2022": p2022, "p2025": p2025, "survey": survey}


def region_requests(code, world):
    """Return (name, method, url, data) for every portal URL that names a region."""
    p22, p25, survey = world["p2022"].code, world["p2025"].code, world["survey"].pk
    measure = str(world["p2022"].measures.first().pk)
    return [
        ("region_home", "get", reverse("portal:region_home", args=[code]), None),
        ("requisition_edit", "get", reverse("portal:requisition_edit", args=[code, p22]), None),
        (
            "requisition_edit",
            "post",
            reverse("portal:requisition_edit", args=[code, p22]),
            {"amount_invanare": "1", "contact_name": "X", "measures": [measure], "action": "draft"},
        ),
        (
            "requisition_edit",
            "post",
            reverse("portal:requisition_edit", args=[code, p25]),
            {"contact_name": "X", "action": "draft"},
        ),
        ("programme_money", "get", reverse("portal:programme_money", args=[code, p22]), None),
        ("requisition_receipt", "get", reverse("portal:requisition_receipt", args=[code, p22]), None),
        ("survey_answer", "get", reverse("portal:survey_answer", args=[code, survey]), None),
        ("survey_answer", "post", reverse("portal:survey_answer", args=[code, survey]), {"action": "draft"}),
        ("follow_up_edit", "get", reverse("portal:follow_up_edit", args=[code, p22]), None),
        (
            "follow_up_edit",
            "post",
            reverse("portal:follow_up_edit", args=[code, p22]),
            {
                "rad-TOTAL_FORMS": "1",
                "rad-INITIAL_FORMS": "0",
                "rad-0-activity": "X",
                "rad-0-amount_used": "0",
                "results": "",
                "relation_to_purpose": "",
                "action": "draft",
            },
        ),
        ("activity_plan_edit", "get", reverse("portal:activity_plan_edit", args=[code, p25]), None),
        (
            "activity_plan_edit",
            "post",
            reverse("portal:activity_plan_edit", args=[code, p25]),
            {
                "rad-TOTAL_FORMS": "1",
                "rad-INITIAL_FORMS": "0",
                "rad-0-activity": "X",
                "rad-0-amount": "1",
                "accounting_object": "9971",
                "action": "draft",
            },
        ),
        ("operations_plan_edit", "get", reverse("portal:operations_plan_edit", args=[code, p25]), None),
        (
            "operations_plan_edit",
            "post",
            reverse("portal:operations_plan_edit", args=[code, p25]),
            {"hip_operations": "1", "prolapse_operations": "0", "cataract_operations": "0", "action": "draft"},
        ),
        ("monthly_overview", "get", reverse("portal:monthly_overview", args=[code, p25]), None),
        ("monthly_month", "get", reverse("portal:monthly_month", args=[code, p25, 2025, 3]), None),
        (
            "monthly_month",
            "post",
            reverse("portal:monthly_month", args=[code, p25, 2025, 3]),
            {"hip_operations__own": "4"},
        ),
        ("members", "get", reverse("portal:members", args=[code]), None),
        (
            "members",
            "post",
            reverse("portal:members", args=[code]),
            {"first_name": "A", "last_name": "B", "email": "ny@x.example", "role": "data_coordinator"},
        ),
    ]


def other_requests(world):
    p25 = world["p2025"].code
    return [
        ("index", "get", reverse("portal:index"), None),
        ("monthly_upload", "get", reverse("portal:monthly_upload", args=[p25]), None),
        ("monthly_upload", "post", reverse("portal:monthly_upload", args=[p25]), {}),
        ("monthly_template", "get", reverse("portal:monthly_template", args=[p25]), None),
    ]


def snapshot():
    return {model.__name__: model.objects.count() for model in WATCHED}


def call(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


def test_anonymous_users_are_sent_to_login_everywhere(client, world):
    before = snapshot()
    for name, method, url, data in region_requests(JAMTLAND, world) + other_requests(world):
        response = call(client, method, url, data)
        assert response.status_code == 302, (name, method)
        assert response.url.startswith(reverse("login") + "?next="), (name, method)
    assert snapshot() == before


@pytest.mark.parametrize("role", [Role.AUTHORISED_REPRESENTATIVE, Role.REPRESENTATIVE, Role.DATA_COORDINATOR])
def test_a_user_of_another_region_gets_404_everywhere_and_changes_nothing(client, world, role):
    client.force_login(member(GOTLAND, role))
    before = snapshot()
    for name, method, url, data in region_requests(JAMTLAND, world):
        assert call(client, method, url, data).status_code == 404, (name, method)
    assert snapshot() == before


def test_the_same_requests_work_for_the_own_region(client, world):
    """The matrix is meaningful: the requests that were refused above succeed for Gotland's own representative."""
    client.force_login(member(GOTLAND))
    for name, method, url, data in region_requests(GOTLAND, world):
        status = call(client, method, url, data).status_code
        expected = 404 if name == "requisition_receipt" else (302 if method == "post" else 200)  # no requisition yet
        assert status == expected, (name, method, status)
    assert Requisition.objects.filter(region__code=GOTLAND).count() == 2
    assert MonthlyValue.objects.filter(region__code=GOTLAND).count() == 1


INTERMEDIARY_ALLOWED = {"region_home", "monthly_overview", "monthly_month"}


def test_an_intermediary_reaches_only_its_regions_and_only_data_delivery(client, world):
    client.force_login(intermediary([JAMTLAND, "25"]))
    before = snapshot()
    for name, method, url, data in region_requests(GOTLAND, world):
        assert call(client, method, url, data).status_code == 404, (name, method)
    for name, method, url, data in region_requests(JAMTLAND, world):
        status = call(client, method, url, data).status_code
        if name in INTERMEDIARY_ALLOWED:
            assert status in (200, 302), (name, method, status)
        else:
            assert status == 403, (name, method, status)
    after = snapshot()
    assert after.pop("MonthlyValue") == before.pop("MonthlyValue") + 1  # the monthly form it may use
    assert after == before
    index = client.get(reverse("portal:index")).content.decode()
    assert "Region Jämtland Härjedalen" in index and "Region Norrbotten" in index
    assert "Region Gotland" not in index


def test_staff_without_membership_get_403_in_the_portal(client, world):
    client.force_login(StaffFactory())
    before = snapshot()
    for name, method, url, data in region_requests(JAMTLAND, world) + other_requests(world):
        assert call(client, method, url, data).status_code == 403, (name, method)
    assert snapshot() == before


def test_regional_user_without_membership_gets_403(client, world):
    client.force_login(get_user_model().objects.create_user("utan-roll", password="x-lösenord-123"))
    assert client.get(reverse("portal:region_home", args=[JAMTLAND])).status_code == 403


def test_data_coordinator_may_not_open_the_user_administration(client, world):
    client.force_login(member(JAMTLAND, Role.DATA_COORDINATOR))
    assert client.get(reverse("portal:members", args=[JAMTLAND])).status_code == 403


def test_root_sends_each_user_to_their_start(client, world):
    assert client.get("/").url == reverse("login")
    client.force_login(member(JAMTLAND, email="j@x.example"))
    assert client.get("/").url == reverse("portal:index")
    assert client.get(reverse("portal:index")).url == reverse("portal:region_home", args=[JAMTLAND])
    client.force_login(StaffFactory())
    assert client.get("/").url == reverse("office:work_list")


@pytest.mark.parametrize("who", ["member", "intermediary"])
def test_a_draft_is_invisible_to_every_regional_user_everywhere_and_changes_nothing(client, world, who):
    """A programme that is still a draft answers 404 on every portal URL, even for the region's own users."""
    from grants.models import GrantProgramme

    drafts = [world["p2022"], world["p2025"]]
    GrantProgramme.objects.filter(pk__in=[p.pk for p in drafts]).update(status=GrantProgramme.Status.DRAFT)
    user = member(GOTLAND) if who == "member" else intermediary([GOTLAND])
    client.force_login(user)
    before = snapshot()
    for name, method, url, data in region_requests(GOTLAND, world) + other_requests(world):
        if name == "members":  # the region's user administration: nothing to do with programmes
            continue
        response = call(client, method, url, data)
        if name in ("region_home", "index"):  # pages of the region itself, not of a programme
            page = response.content.decode() if response.status_code == 200 else ""
            assert not any(p.title in page for p in drafts), (name, method)
            continue
        assert response.status_code in ((404,) if who == "member" else (403, 404)), (name, method)
    assert snapshot() == before
