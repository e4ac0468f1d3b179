"""Where we stand: the authorities' rank among all employment areas, the national median and
quartiles, and the peer group, direction-aware, with a whole-country file of known numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from monitoring.areas import AreaRegistry
from monitoring.models import Metric
from monitoring.services import import_content
from monitoring.standing import _ranks, where_we_stand
from tests.factories.statfin import national_12r5, national_values

MONTH = dt.date(2026, 10, 1)
pytestmark = pytest.mark.usefixtures("areas")


@pytest.fixture
def national():
    registry = AreaRegistry()
    import_content(content=national_12r5(registry, MONTH, months=1, area_codes=registry.codes_of_kind(
        "municipality")), file_name="12r5.json", acting_user=None)  # municipalities only: areas computed
    return registry


def test_ranks_follow_the_good_direction_and_ties_share_a_rank():
    values = {"a": Decimal(5), "b": Decimal(7), "c": Decimal(7), "d": Decimal(9)}
    assert _ranks(values, "lower") == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert _ranks(values, "higher") == {"d": 1, "b": 2, "c": 2, "a": 4}


def test_lahti_and_the_employment_area_among_all_employment_areas(national):
    rate = Metric.objects.get(code="unemployment-rate")
    standing = where_we_stand(rate, MONTH, registry=national)
    areas = national.codes_of_kind("area")
    assert standing.count == len(areas) == 45
    raw = national_values(national, [MONTH])
    rates = sorted(Decimal(100 * u / f) for (code, _m), (u, f) in raw.items() if code in areas)
    assert abs(standing.median - rates[22]) < Decimal("0.001")  # 45 areas: the 23rd
    assert standing.lower_quartile < standing.median < standing.upper_quartile
    lahti, paijat_hame = standing.authorities
    assert (lahti.code, paijat_hame.code) == ("TA398", "TA098")
    expected_rank = 1 + sum(1 for r in rates if r < lahti.value - Decimal("0.00005"))
    assert lahti.rank == expected_rank and lahti.of == 45
    assert lahti.better_than_median == (lahti.value < standing.median)
    headline = standing.headlines()[0]
    assert headline.startswith(f"Lahden kaupungin työllisyysalue {lahti.rank}./45, median ")
    assert headline.endswith("%") and "," not in headline.rsplit("median", 1)[1]  # English notation here
    assert [p.rank for p in standing.ranking] == sorted(p.rank for p in standing.ranking)


def test_the_default_peer_group_is_the_areas_closest_in_size(national):
    rate = Metric.objects.get(code="unemployment-rate")
    standing = where_we_stand(rate, MONTH, registry=national)
    assert 5 <= len(standing.peers) <= 10
    assert not {p.code for p in standing.peers} & {"TA398", "TA098"}
    chosen = where_we_stand(rate, MONTH, registry=national, peers=["TA091", "TA837"])
    assert {p.code for p in chosen.peers} == {"TA091", "TA837"}


def test_a_metric_without_a_good_direction_is_ranked_from_the_lowest_without_a_verdict(national):
    force = Metric.objects.get(code="labour-force")  # neutral
    standing = where_we_stand(force, MONTH, registry=national)
    assert all(p.better_than_median is None for p in standing.authorities)
    assert standing.ranking[0].value == min(p.value for p in standing.ranking)


def test_the_metric_page_the_dashboard_and_the_report_show_where_we_stand(national, client_for, official):
    from monitoring.reports import report_html

    client = client_for(official)
    page = client.get(f"/monitoring/metrics/unemployment-rate/?month={MONTH:%Y-%m}").content.decode()
    assert 'id="standing-table"' in page
    assert 'class="standing-chart"' in page and "./45" in page
    dashboard = client.get("/dashboard/").content.decode()
    assert "./45" in dashboard and "#standing-heading" in dashboard
    html = report_html(month=MONTH)
    assert "./45" in html
