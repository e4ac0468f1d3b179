"""Dashboard panel and list pages: content, and query counts that do not grow with rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.agreements.models import Agreement, AgreementParty, Signature
from tests.factories.cooperation import DisputeFactory, MeasureFactory, signed_agreement
from tests.factories.parties import PartyFactory

pytestmark = pytest.mark.django_db


def _bulk_agreements(n: int, parties) -> None:
    today = timezone.localdate()
    agreements = Agreement.objects.bulk_create([
        Agreement(kind=Agreement.Kind.SUB_AGREEMENT, title_fi=f"Alasopimus {i}",
                  valid_from=today - dt.timedelta(days=10), valid_until=today + dt.timedelta(days=30 + i % 300))
        for i in range(n)])
    AgreementParty.objects.bulk_create([AgreementParty(agreement=a, party=p, order=k)
                                        for a in agreements for k, p in enumerate(parties)])
    Signature.objects.bulk_create([Signature(agreement=a, party=p, signatory="X", signed_on=today)
                                   for a in agreements for p in parties])


def test_dashboard_panel(client_for, make_user):
    today = timezone.localdate()
    a, b = PartyFactory(), PartyFactory()
    ending = signed_agreement([a, b], valid_from=today - dt.timedelta(days=100),
                              valid_until=today + dt.timedelta(days=40), short_name="Päättyvä sopimus")
    DisputeFactory(agreement=ending, invited_by=a, invited_party=b, invitation_date=today - dt.timedelta(days=70))
    MeasureFactory(status="done")
    MeasureFactory(status="planned")
    page = client_for(make_user("steering_member")).get("/dashboard/").content.decode()
    assert "Päättyvä sopimus" in page
    assert (today + dt.timedelta(days=40)).strftime("%-d.%-m.%Y") in page  # end date
    assert "1 / 2" not in page and ("50 %" in page)


@pytest.mark.parametrize("url", ["/agreements/", "/dashboard/", "/api/v1/agreements/"])
def test_query_count_does_not_grow_with_rows(url, client_for, make_user):
    user = make_user("steering_member")
    parties = [PartyFactory(), PartyFactory(), PartyFactory()]
    _bulk_agreements(10, parties)
    client = client_for(user)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _bulk_agreements(990, parties)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)
