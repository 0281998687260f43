"""Staff groups: case officers read the admin views their work needs, money stays read-only, links fit rights."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from grants.roles import ensure_staff_groups
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    officers, _ = ensure_staff_groups()
    user = StaffFactory()
    user.groups.add(officers)
    return user


def test_staff_land_on_their_work_list_after_signing_in(client):
    user = StaffFactory(username="hanna2")
    user.set_password("ett-långt-lösenord-för-test")
    user.save()
    response = client.post(reverse("login"), {"username": "hanna2", "password": "ett-långt-lösenord-för-test"})
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("office:work_list")


def test_the_administration_link_is_shown_only_to_those_who_can_use_the_admin(client, officer):
    page = reverse("office:work_list")
    client.force_login(StaffFactory())
    assert "Administration" not in client.get(page).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200  # an empty admin: nothing to offer
    client.force_login(officer)
    assert "Administration" in client.get(page).content.decode()
    client.force_login(StaffFactory(is_superuser=True))
    assert "Administration" in client.get(page).content.decode()


def test_a_case_officer_reads_money_in_the_admin_but_cannot_change_it(client, officer):
    client.force_login(officer)
    index = client.get(reverse("admin:index")).content.decode()
    for model in ("payoutbatch", "requisition", "repayment", "allocationrun", "region", "monthlyvalue"):
        assert f"/{model}/" in index, model
    assert client.get(reverse("admin:grants_payoutbatch_changelist")).status_code == 200
    assert client.get(reverse("admin:grants_payoutbatch_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403  # people are the admin's job


def test_a_case_officer_unlocks_a_locked_account(client, officer):
    attempt = AccessAttempt.objects.create(
        username="ombud-jamtland", ip_address="192.0.2.1", failures_since_start=5, get_data="", post_data=""
    )
    client.force_login(officer)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"post": "yes"})
    assert not AccessAttempt.objects.exists()


def test_the_groups_exist_after_migrating_and_attestants_may_approve():
    officers, attestants = ensure_staff_groups()
    assert officers.permissions.filter(codename="view_payoutbatch").exists()
    assert not officers.permissions.filter(codename__in=["change_payoutbatch", "approve_payoutbatch"]).exists()
    assert list(attestants.permissions.values_list("codename", flat=True)) == ["approve_payoutbatch"]
