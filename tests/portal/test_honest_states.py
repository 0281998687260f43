"""What a region has to hand in says when it is late, and when it was sent late; an intermediary sees no empty list."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from grants.models import Requisition
from portal.templatetags.portal_status import submission_state
from reporting.models import FollowUpReport
from tests.factories_portal import extension, intermediary, member, programme_with_run, region

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FOLLOW_UP_LAST_DAY = date(2023, 1, 30)  # the 2022 programme's follow-up report


def _card(client, programme) -> str:
    html = client.get(reverse("portal:region_home", args=["23"])).content.decode()
    start = html.index(f'id="p-{programme.code}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def programme():
    return programme_with_run("uppdamda-vardbehov-2022")


def test_nothing_sent_before_the_last_day_is_not_started_and_after_it_is_late(client, programme, today):
    client.force_login(member("23"))
    today(date(2022, 3, 1))
    card = _card(client, programme)
    assert "Ej påbörjad" in card and "Försenad" not in card
    today(date(2022, 3, 16))  # the requisition closed on 15 March; the survey is not yet due
    card = _card(client, programme)
    assert "Inte inskickad – stängd" in card and "Sista dagen var 15 mars 2022." in card
    today(date(2023, 2, 1))
    card = _card(client, programme)
    assert card.count("Försenad") == 1  # the follow-up report (30 January 2023)
    assert "Sista dagen var 30 januari 2023." in card


def test_an_extension_moves_the_day_after_which_a_follow_up_report_is_late(client, programme, today):
    extension(programme, "23", date(2023, 2, 15), kind="follow_up_report")
    client.force_login(member("23"))
    today(date(2023, 2, 1))
    card = _card(client, programme)
    assert "Försenad" not in card
    assert "senast 15 februari 2023" in card


def test_a_report_sent_after_the_last_day_is_shown_as_sent_late():
    report = FollowUpReport(
        status=FollowUpReport.Status.SUBMITTED,
        submitted_at=datetime(2023, 1, 31, 0, 30, tzinfo=STOCKHOLM),
    )
    label, badge, detail = submission_state(report, deadline=FOLLOW_UP_LAST_DAY)
    assert (label, badge) == ("Inskickad för sent", "warning")
    assert detail == "Skickades in 31 januari 2023, efter sista dagen 30 januari 2023."
    on_time = FollowUpReport(
        status=FollowUpReport.Status.SUBMITTED, submitted_at=datetime(2023, 1, 30, 23, 59, tzinfo=STOCKHOLM)
    )
    assert submission_state(on_time, deadline=FOLLOW_UP_LAST_DAY)[:2] == ("Inskickad", "success")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Requisition.Status.APPROVED, ("Godkänd", "success")),
        (Requisition.Status.RETURNED, ("Återsänd för komplettering", "warning")),
        (Requisition.Status.REJECTED, ("Avslagen", "danger")),
        (Requisition.Status.DRAFT, ("Utkast", "info")),
    ],
)
def test_each_requisition_state_has_its_own_words(status, expected):
    state = submission_state(Requisition(status=status), deadline=date(2022, 3, 15), today=date(2022, 3, 1))
    assert state[:2] == expected


def test_an_intermediary_sees_no_empty_to_do_heading(client, programme):
    client.force_login(intermediary(["23"]))
    card = _card(client, programme)
    assert "Att göra" not in card
    assert "Statsbidraget har inga månadsdata att lämna." in card
    assert region("23").name in client.get(reverse("portal:region_home", args=["23"])).content.decode()


def test_the_follow_up_page_does_not_confirm_a_late_report_in_green(client, programme, today):
    from reporting.services import FollowUpLineInput, follow_up_submit

    signer = member("23")
    today(date(2023, 2, 3))
    follow_up_submit(
        actor=signer,
        programme=programme,
        region=region("23"),
        lines=[FollowUpLineInput(activity="Hälsosamtal", amount_used=0)],
        results="Inga",
        relation_to_purpose="Inga",
    )
    client.force_login(signer)
    html = client.get(reverse("portal:follow_up_edit", args=["23", programme.code])).content.decode()
    assert 'data-color="warning"' in html and "för sent: sista dagen var 30 januari 2023" in html
    assert 'data-color="success"' not in html
