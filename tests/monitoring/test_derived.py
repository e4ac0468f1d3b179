"""Employment-area and region figures computed from municipalities with known numbers: rates as the
sum of numerators over the sum of denominators (not the mean of the rates), counts as sums,
a suppressed component suppresses the aggregate, a non-aggregable metric is never computed."""

import datetime as dt
from decimal import Decimal

import pytest

from monitoring.areas import AreaRegistry
from monitoring.models import Metric
from monitoring.reports import DataSet, metric_series, report_data_csv
from tests.factories.monitoring import ObservationFactory

MONTH = dt.date(2025, 10, 1)
# Päijät-Häme employment area (TA098): unemployed, labour force per municipality.
KNOWN = {"KU016": (300, 4000), "KU081": (80, 1000), "KU111": (1500, 9000), "KU098": (1400, 11000),
         "KU142": (400, 3000), "KU316": (200, 2000), "KU560": (1000, 8000), "KU576": (100, 1300),
         "KU781": (150, 1700)}


@pytest.fixture
def metrics():
    by_code = {m.code: m for m in Metric.objects.all()}
    return by_code["unemployment-rate"], by_code["unemployed-job-seekers"], by_code["labour-force"]


def _observe(metrics, data=KNOWN, suppressed=()):
    rate, unemployed, force = metrics
    for code, (u, f) in data.items():
        hidden = code in suppressed
        ObservationFactory(metric=unemployed, area_code=code, month=MONTH, value=None if hidden else u,
                           suppressed=hidden)
        ObservationFactory(metric=force, area_code=code, month=MONTH, value=f)
        ObservationFactory(metric=rate, area_code=code, month=MONTH, value=None if hidden else
                           Decimal(100 * u / f).quantize(Decimal("0.1")), suppressed=hidden)


def test_the_employment_area_rate_is_the_sum_of_numerators_over_the_sum_of_denominators(metrics):
    _observe(metrics)
    rate, unemployed, force = metrics
    data = DataSet(month=MONTH, area_codes=["TA098"], metrics=list(metrics))
    expected = Decimal(100 * 5130 / 41000).quantize(Decimal("0.0001"))  # 12,5122 %
    cell = data.get(rate, "TA098", MONTH)
    assert cell.value == expected
    mean_of_rates = sum(Decimal(100 * u / f) for u, f in KNOWN.values()) / len(KNOWN)
    assert abs(cell.value - mean_of_rates) > Decimal("0.5")  # an average would be visibly wrong
    assert data.get(unemployed, "TA098", MONTH).value == 5130
    assert data.get(force, "TA098", MONTH).value == 41000
    assert sorted(cell.derived_from) == sorted(KNOWN)


def test_a_suppressed_component_suppresses_the_aggregate(metrics):
    _observe(metrics, suppressed={"KU576"})
    rate, unemployed, force = metrics
    data = DataSet(month=MONTH, area_codes=["TA098"], metrics=list(metrics))
    assert data.get(rate, "TA098", MONTH).suppressed
    assert data.get(rate, "TA098", MONTH).value is None
    assert data.get(unemployed, "TA098", MONTH).suppressed
    assert data.get(force, "TA098", MONTH).value == 41000  # the labour force itself was not hidden


def test_a_missing_component_leaves_the_aggregate_missing(metrics):
    _observe(metrics, data={k: v for k, v in KNOWN.items() if k != "KU781"})
    data = DataSet(month=MONTH, area_codes=["TA098"], metrics=list(metrics))
    assert data.get(metrics[0], "TA098", MONTH) is None


def test_the_source_figure_wins_and_non_aggregable_metrics_are_never_computed(metrics):
    _observe(metrics)
    rate = metrics[0]
    ObservationFactory(metric=rate, area_code="TA098", month=MONTH, value=Decimal("12.5"))
    duration = Metric.objects.get(code="unemployment-spell-duration")
    assert duration.aggregation == Metric.Aggregation.NONE
    for code in KNOWN:
        ObservationFactory(metric=duration, area_code=code, month=MONTH, value=100)
    data = DataSet(month=MONTH, area_codes=["TA098", "MK07"], metrics=[rate, duration])
    assert data.get(rate, "TA098", MONTH) == data.get(rate, "TA098", MONTH).__class__(Decimal("12.5000"))
    assert data.get(duration, "TA098", MONTH) is None


def test_the_region_needs_all_ten_municipalities(metrics):
    _observe(metrics, data={**KNOWN, "KU398": (9000, 55000)})
    data = DataSet(month=MONTH, area_codes=["MK07"], metrics=list(metrics))
    assert data.get(metrics[0], "MK07", MONTH).value == Decimal(100 * 14130 / 96000).quantize(Decimal("0.0001"))


def test_derived_values_say_so_on_the_page_and_in_the_csv(metrics):
    _observe(metrics)
    registry = AreaRegistry()
    data = DataSet(month=MONTH, area_codes=["KU398", "TA098"], metrics=list(metrics), registry=registry)
    chart = metric_series(data, metrics[0], registry, ["KU398", "TA098"])
    assert chart["table"][-1]["cells"][1] == "12.5% *"  # an English page (conftest) writes English numbers
    assert chart["derived"] == [{"area": "Päijät-Hämeen työllisyysalue", "municipalities":
                                 "Asikkala, Hartola, Heinola, Hollola, Iitti, Kärkölä, Orimattila, Padasjoki, Sysmä"}]
    csv_text = report_data_csv(data, registry).decode("utf-8-sig")
    assert "derived from KU016 KU081" in csv_text
