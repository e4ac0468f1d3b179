"""A portal that has only been migrated: the reference areas and the metric catalogue are there,
no parties, no employment authorities, no demo data. An official imports a whole-country file and
the steering group asks where Lahti and the employment area stand (found by walking the pages)."""

import datetime as dt
import re

import pytest
from django.utils import translation

from monitoring.areas import AreaRegistry, authority_area_codes
from monitoring.models import Metric
from monitoring.services import import_content
from monitoring.standing import where_we_stand
from parties.models import EmploymentAuthority, Party
from tests.factories.statfin import national_12r5

MONTH = dt.date(2026, 10, 1)


@pytest.fixture
def national(db):
    assert not Party.objects.exists() and not EmploymentAuthority.objects.exists()
    registry = AreaRegistry()
    import_content(content=national_12r5(registry, MONTH, months=2), file_name="12r5.json", acting_user=None)
    return registry


def test_the_two_authorities_are_ranked_before_any_party_is_recorded(national):
    standing = where_we_stand(Metric.objects.get(code="unemployment-rate"), MONTH, registry=national)
    assert [p.code for p in standing.authorities] == ["TA398", "TA098"]
    assert all(p.rank and p.of == 45 for p in standing.authorities)
    assert standing.peers  # the default peer group (by the centres' population) has someone to compare with


def test_the_scope_is_the_home_regions_municipalities_then_its_areas():
    codes = authority_area_codes(None, MONTH)
    assert codes[0] == "KU398" and len(codes[:-4]) == 10  # Lahti first, the ten municipalities
    assert codes[-4:] == ["TA398", "TA098", "MK07", "SSS"]


def test_the_metric_page_the_dashboard_and_the_report_name_where_lahti_stands(national, client_for, official):
    from monitoring.reports import report_html

    client = client_for(official)
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    table = page.split('id="standing-table"', 1)[1].split("</table>", 1)[0]
    assert re.search(r"Lahden kaupungin työllisyysalue.*?\d+\./45", table, re.S)
    assert "Päijät-Hämeen työllisyysalue" in table
    assert "Lahti" in page.split('id="standing-table"')[0]  # the chart draws Lahti, not only the region
    dashboard = client.get("/dashboard/").content.decode()
    assert re.search(r"Lahden kaupungin työllisyysalue \d+\./45, mediaani", dashboard)
    with translation.override("fi"):
        html = report_html(month=MONTH)
    assert re.search(r"Lahden kaupungin työllisyysalue</strong>|Lahden kaupungin työllisyysalue \d+\./45", html)
