"""Service-line charts on the metric page (metrics 8–10): one chart per area, one line per service line,
every value in the table beside it (suppressed never 0), a constant number of queries; demo data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import demo
from monitoring.models import Metric, Observation
from monitoring.reports import DataSet, add_months, month_range
from parties import roles
from parties.models import Party

pytestmark = pytest.mark.usefixtures("areas")

MONTH = dt.date(2025, 10, 1)
URL = "/monitoring/metrics/flow-over-3-months/?month=2025-10"


@pytest.fixture
def client(client_for, make_user):
    client = client_for(make_user(roles.STEERING_MEMBER, party=Party.objects.get(name_fi="Lahden kaupunki")))
    client.cookies["django_language"] = "en"  # the labels are asserted in English
    return client


@pytest.fixture
def flow():
    metric = Metric.objects.get(code="flow-over-3-months")
    assert metric.breakdown == "service_line"
    return metric


def add_rows(metric, areas, lines, months):
    Observation.objects.bulk_create([
        Observation(metric=metric, area_code=area, month=month, breakdown=line,
                    value=Decimal(f"{10 * int(line)}.{i % 10}"))
        for area in areas for line in lines for i, month in enumerate(months)
    ])


def test_one_chart_per_area_one_line_per_service_line(client, flow):
    months = month_range(MONTH, 24)
    add_rows(flow, ["KU398"], ["1", "2", "3"], months)
    add_rows(flow, ["TA098"], ["1", "2"], months[-3:])
    # The employment area's service line 2 is suppressed in the month: shown as such, never as 0.
    Observation.objects.filter(area_code="TA098", breakdown="2", month=MONTH).update(value=None, suppressed=True)
    Observation.objects.create(metric=flow, area_code="KU398", month=MONTH, value=Decimal("44.4"))  # the total
    response = client.get(URL)
    charts = response.context["breakdowns"]
    assert [c["area_code"] for c in charts] == ["KU398", "TA098"]
    lahti, area = charts
    assert [a["name"] for a in lahti["areas"]] == ["Service line 1: job placement services",
                                                  "Service line 2: competence development services",
                                                  "Service line 3: supported employment services"]
    assert len(lahti["table"]) == 24 and lahti["table"][-1]["cells"] == ["10.3%", "20.3%", "30.3%"]
    assert lahti["svg"].count('class="highlight"') == 3 and 'role="img"' in lahti["svg"]
    assert area["table"][-1]["cells"] == ["10.2%", "suppressed"]
    assert area["table"][0]["cells"] == ["–", "–"]  # no data that month
    # The total is not a service line, and the area chart keeps showing totals only.
    assert "44.4%" not in str(lahti["table"]) and "44.4" in str(response.context["chart"]["table"])
    page = response.content.decode()
    assert 'id="breakdown-heading"' in page and 'id="breakdown-KU398"' in page


def test_no_breakdown_section_without_breakdown_rows_or_for_other_metrics(client, flow):
    assert client.get(URL).context["breakdowns"] == []
    rate = Metric.objects.get(code="unemployment-rate")
    Observation.objects.create(metric=rate, area_code="KU398", month=MONTH, breakdown="1", value=Decimal(1))
    response = client.get("/monitoring/metrics/unemployment-rate/?month=2025-10")
    assert response.context["breakdowns"] == [] and 'id="breakdown-heading"' not in response.content.decode()


def test_rows_outside_the_window_or_the_areas_are_left_out(client, flow):
    add_rows(flow, ["KU398"], ["1"], [add_months(MONTH, -24), add_months(MONTH, 1)])
    add_rows(flow, ["KU999"], ["1"], [MONTH])
    assert client.get(URL).context["breakdowns"] == []


def test_query_count_does_not_grow_with_the_data(client, flow, django_assert_num_queries):
    add_rows(flow, ["KU398"], ["1"], [MONTH])
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(URL).context["breakdowns"]) == 1
    add_rows(flow, ["TA098", "KU098", "KU560", "MK07"], ["1", "2", "3", "4"], month_range(MONTH, 24))
    add_rows(flow, ["KU398"], ["2", "3"], month_range(MONTH, 24))
    with django_assert_num_queries(len(small)):
        assert len(client.get(URL).context["breakdowns"]) == 5


def test_demo_data_has_service_lines_for_lahti_and_the_employment_area_and_is_idempotent(flow):
    created = demo.seed()
    rows = Observation.objects.exclude(breakdown="")
    assert set(rows.values_list("metric__number", flat=True)) == {8, 9, 10}
    assert set(rows.values_list("area_code", flat=True)) == {"KU398", "TA098"}
    assert set(rows.values_list("breakdown", flat=True)) == {"1", "2", "3"}
    assert rows.filter(metric=flow).count() == 2 * 3 * 24
    assert rows.filter(suppressed=True).exists()
    assert not rows.filter(suppressed=False, value__gt=100).exists()
    assert created > 0 and demo.seed() == 0
    # The report and the summary read totals only.
    last = rows.latest("month").month
    data = DataSet(month=last, area_codes=["KU398"], metrics=[flow])
    total = Observation.objects.get(metric=flow, area_code="KU398", month=last, breakdown="")
    assert data.get(flow, "KU398", last).value == total.value
