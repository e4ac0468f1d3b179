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
    published_meeting(w, day=dt.date(2026, 3, 18), items=2, publicity=["public", "not_public"])
    workgroup_services.action_item_create(body=w.body, title="Laaditaan viestintäsuunnitelma", owner=w.member1,
                                          acting_user=w.secretary, due_date=dt.date(2026, 3, 25))
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
    assert lahti.name in html and "700000.00" in html
    assert "Valmennus jäi pitämättä" in html
    assert "No data:" not in html
