"""The monthly report shows the month's decisions, open action items, quota usage and open
disruption reports, read from workgroups and procurement through monitoring.selectors."""

import datetime as dt

from django.utils import timezone

from monitoring.reports import report_html
from parties.models import Party
from procurement import services as procurement_services
from tests.factories.procurement import AppropriationFactory, DisruptionFactory
from tests.workgroups.conftest import build_world, published_meeting
from workgroups import services as workgroup_services
from workgroups.models import ActionItem


def test_report_includes_the_neighbouring_apps_data(make_user, seeded_parties, admin_user):
    w = build_world(make_user)
    meeting = published_meeting(w, day=dt.date(2026, 3, 18), items=2, publicity=["public", "not_public"])
    public, not_public = (item.decision for item in meeting.items.order_by("order"))
    workgroup_services.action_item_create(body=w.body, title="Laaditaan viestintäsuunnitelma", owner=w.member1,
                                          decision=public, acting_user=w.secretary, due_date=dt.date(2026, 3, 25))
    workgroup_services.action_item_create(body=w.body, title="Salainen jatkotoimi", owner=w.member1,
                                          decision=not_public, acting_user=w.secretary, due_date=dt.date(2026, 3, 25))
    # The report for March lists items that existed then.
    ActionItem.objects.update(created_at=timezone.make_aware(dt.datetime(2026, 3, 1)))
    appropriation = AppropriationFactory(year=2026)
    lahti = Party.objects.get(municipality_code="398")
    hollola = Party.objects.get(municipality_code="098")
    procurement_services.quota_split_run(appropriation=appropriation, customer_counts={lahti: 7000, hollola: 3000},
                                         counts_on=dt.date(2026, 1, 1), acting_user=admin_user)
    DisruptionFactory(title="Valmennus jäi pitämättä")

    html = report_html(month=dt.date(2026, 3, 1), language="en")

    assert "Asia 1 hankinta" in html and "§ 1/2026" in html
    assert "Asia 2 hankinta" not in html  # the non-public item stays out of the report
    assert "Laaditaan viestintäsuunnitelma" in html and "overdue" in html
    assert "Salainen jatkotoimi" not in html  # the follow-up of a non-public decision neither
    assert lahti.name in html and "700,000.00" in html  # English notation; the column head names the euro
    # Readers of several parties: counted, never named (tests/monitoring/test_report_audience.py).
    assert "1 open disruption report" in html and "Valmennus jäi pitämättä" not in html
    assert "No data:" not in html
