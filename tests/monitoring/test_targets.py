"""Targets on the monitoring pages: role × action matrix, validation by field (nothing written when
refused), the audit trail, the metric page and the read-only API."""

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import services
from monitoring.models import Metric, Target
from parties import roles
from parties.models import Party
from tests.factories.monitoring import TargetFactory

pytestmark = pytest.mark.usefixtures("areas")

ALL = [roles.PORTAL_ADMIN, roles.STEERING_MEMBER, roles.SECRETARY, roles.WORKGROUP_MEMBER, roles.OFFICIAL, None]
EDITORS = {roles.PORTAL_ADMIN, roles.WORKGROUP_MEMBER}


@pytest.fixture
def person(make_user):
    def make(role, party_name="Lahden kaupunki"):
        party = Party.objects.get(name_fi=party_name)
        return make_user(role, party=party) if role else make_user(party=party)
    return make


@pytest.fixture
def rate():
    return Metric.objects.get(code="unemployment-rate")  # percent, 1 decimal


def form_data(metric, /, **overrides):
    data = {"metric": metric.pk, "kind": "programme", "area_code": "", "value": "9,5",
            "period_start": "2026-01", "period_end": "2026-12", "note": ""}
    return {**data, **overrides}


def snapshot():
    return sorted(Target.objects.values_list("metric_id", "kind", "area_code", "value", "period_start", "period_end",
                                             "note"))


# role → (list, create form, create, edit form, edit, remove page, remove)
MATRIX = {role: ((200, 200, 302, 200, 302, 200, 302) if role in EDITORS else (200, *(403,) * 6))
          for role in ALL if role}
MATRIX[None] = (403,) * 7


@pytest.mark.parametrize("role", ALL, ids=[r or "no-role" for r in ALL])
def test_permission_matrix(client_for, person, rate, role):
    user = person(role)
    client = client_for(user)
    existing = TargetFactory(metric=rate, value=Decimal("10"), period_start=dt.date(2025, 1, 1),
                             period_end=dt.date(2025, 12, 31))
    doomed = TargetFactory(metric=rate, area_code="KU398", period_start=dt.date(2025, 1, 1),
                           period_end=dt.date(2025, 12, 31))
    got = (
        client.get("/monitoring/targets/").status_code,
        client.get(f"/monitoring/targets/new/?metric={rate.code}").status_code,
        client.post("/monitoring/targets/new/", form_data(rate)).status_code,
        client.get(f"/monitoring/targets/{existing.pk}/edit/").status_code,
        client.post(f"/monitoring/targets/{existing.pk}/edit/",
                    form_data(rate, value="11", period_start="2025-01", period_end="2025-06")).status_code,
        client.get(f"/monitoring/targets/{doomed.pk}/delete/").status_code,
        client.post(f"/monitoring/targets/{doomed.pk}/delete/").status_code,
    )
    assert got == MATRIX[role]
    may_edit = role in EDITORS
    assert Target.objects.filter(period_start=dt.date(2026, 1, 1)).exists() == may_edit
    existing.refresh_from_db()
    assert existing.value == (Decimal("11") if may_edit else Decimal("10"))
    assert Target.objects.filter(pk=doomed.pk).exists() != may_edit
    # The links to the editing pages are shown to exactly those who may use them.
    if role:
        metric_page = client.get(f"/monitoring/metrics/{rate.code}/").content.decode()
        assert ("/monitoring/targets/new/" in metric_page) == may_edit
        assert f"/monitoring/targets/?metric={rate.code}" in metric_page


def test_anonymous_is_sent_to_login(client, rate):
    target = TargetFactory(metric=rate)
    for url in ("/monitoring/targets/", "/monitoring/targets/new/", f"/monitoring/targets/{target.pk}/edit/",
                f"/monitoring/targets/{target.pk}/delete/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"], url
    assert client.post(f"/monitoring/targets/{target.pk}/delete/").status_code == 302
    assert Target.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"period_start": "2026-06", "period_end": "2026-01"}, "period_end"),
    ({"period_start": "2026-13"}, "period_start"),
    ({"period_end": ""}, "period_end"),
    ({"value": "120"}, "value"),          # a percentage above 100
    ({"value": "-1"}, "value"),           # below 0 %
    ({"value": "kymmenen"}, "value"),
    ({"value": "9,12345"}, "value"),      # more decimals than the database keeps
    ({"metric": ""}, "metric"),
], ids=["end-before-start", "impossible-month", "no-end", "over-100-percent", "negative-percent", "not-a-number",
        "too-many-decimals", "no-metric"])
def test_refused_input_names_the_field_and_writes_nothing(client_for, person, rate, overrides, field):
    client = client_for(person(roles.WORKGROUP_MEMBER))
    TargetFactory(metric=rate, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    before, log_before = snapshot(), LogEntry.objects.count()
    response = client.post("/monitoring/targets/new/", form_data(rate, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    # The error summary links to the field, and the field points at its error text.
    assert f'href="#id_{field}"' in page and f'aria-describedby="id_{field}_' in page
    assert snapshot() == before and LogEntry.objects.count() == log_before


def test_value_range_follows_the_unit(client_for, person):
    client = client_for(person(roles.WORKGROUP_MEMBER))
    count = Metric.objects.get(code="started-in-services")  # a count: never negative, no upper bound
    assert count.unit == Metric.Unit.COUNT
    refused = client.post("/monitoring/targets/new/", form_data(count, value="-5"))
    assert "value" in refused.context["form"].errors
    assert client.post("/monitoring/targets/new/", form_data(count, value="1 500")).status_code == 302
    assert Target.objects.get(metric=count).value == Decimal("1500")


def test_overlapping_target_is_refused_with_a_clear_message(client_for, person, rate):
    client = client_for(person(roles.WORKGROUP_MEMBER))
    TargetFactory(metric=rate, kind="national", value=Decimal("10"), period_start=dt.date(2025, 1, 1),
                  period_end=dt.date(2026, 12, 31))
    before = snapshot()
    response = client.post("/monitoring/targets/new/", form_data(rate, period_start="2026-12", period_end="2027-12"))
    assert response.status_code == 400
    errors = response.context["form"].errors["period_start"]
    # Names the target in the way (its period and value), whatever its kind.
    assert "1.1.2025–31.12.2026" in errors[0] and "10,0" in errors[0]
    assert snapshot() == before
    # The next month on, another area, or another metric: allowed.
    assert client.post("/monitoring/targets/new/", form_data(rate, period_start="2027-01",
                                                                       period_end="2027-12")).status_code == 302
    assert client.post("/monitoring/targets/new/", form_data(rate, area_code="KU398")).status_code == 302
    youth = Metric.objects.get(code="youth-unemployment-rate")
    assert client.post("/monitoring/targets/new/", form_data(youth, period_start="2025-01")).status_code == 302
    assert Target.objects.count() == 4


def test_editing_a_target_does_not_clash_with_itself_and_keeps_its_metric(client_for, person, rate):
    client = client_for(person(roles.WORKGROUP_MEMBER))
    target = TargetFactory(metric=rate, period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 12, 31))
    form = client.get(f"/monitoring/targets/{target.pk}/edit/").context["form"]
    assert form.initial["period_start"] == "2025-01" and form.initial["value"] == "10"
    other = Metric.objects.get(code="activation-rate")
    # Ending it earlier (the way a target stops applying); the metric field is fixed on edit.
    response = client.post(f"/monitoring/targets/{target.pk}/edit/",
                           form_data(other, value="9,8", period_start="2025-01", period_end="2025-09"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.metric, target.value, target.period_end) == (rate, Decimal("9.8"), dt.date(2025, 9, 30))


def test_months_cover_whole_months_and_the_area_is_a_known_one(client_for, person, rate):
    client = client_for(person(roles.WORKGROUP_MEMBER))
    assert client.post("/monitoring/targets/new/", form_data(rate, period_start="2024-02",
                                                             period_end="2024-02")).status_code == 302
    target = Target.objects.get()
    assert (target.period_start, target.period_end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    response = client.post("/monitoring/targets/new/", form_data(rate, area_code="KU999"))
    assert "area_code" in response.context["form"].errors


def test_changes_are_audited_with_the_person_and_listed(client_for, person, rate):
    editor = person(roles.WORKGROUP_MEMBER)
    client = client_for(editor)
    client.post("/monitoring/targets/new/", form_data(rate))
    target = Target.objects.get()
    client.post(f"/monitoring/targets/{target.pk}/edit/", form_data(rate, value="9,0"))
    client.post(f"/monitoring/targets/{target.pk}/delete/")
    entries = list(LogEntry.objects.get_for_model(Target).order_by("timestamp"))
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]
    assert {e.actor_id for e in entries} == {editor.pk}
    assert entries[1].changes_dict["value"] == ["9.5000", "9.0"]
    page = client_for(person(roles.OFFICIAL)).get("/monitoring/targets/").content.decode()
    assert "9,5 → 9" in page and str(editor) in page and "9.5000" not in page


def test_service_refuses_an_overlap_even_past_the_form(rate, make_user):
    """The locked re-check in services.target_save: a second writer that passed its form check loses."""
    TargetFactory(metric=rate, period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    late = Target(metric=rate, value=Decimal("8"), period_start=dt.date(2025, 6, 1), period_end=dt.date(2026, 5, 31))
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.target_save(target=late, acting_user=make_user(roles.WORKGROUP_MEMBER))
    assert "period_start" in refused.value.message_dict
    assert snapshot() == before


def test_list_shows_targets_per_metric_with_state_in_words(client_for, person, rate):
    today = dt.date.today()
    TargetFactory(metric=rate, kind="national", value=Decimal("9.5"), note="Hallitusohjelma",
                  period_start=today.replace(year=today.year - 1), period_end=today.replace(year=today.year + 1))
    TargetFactory(metric=rate, area_code="KU398", period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 12, 31))
    youth = TargetFactory(metric=Metric.objects.get(code="youth-unemployment-rate"))
    client = client_for(person(roles.STEERING_MEMBER))
    page = client.get("/monitoring/targets/").content.decode()
    assert 'id="targets-unemployment-rate"' in page and 'id="targets-youth-unemployment-rate"' in page
    assert "Hallitusohjelma" in page and "Lahti (KU398)" in page and "9,5" in page
    assert "/edit/" not in page and "/delete/" not in page  # read only for the steering group
    one = client.get(f"/monitoring/targets/?metric={rate.code}").content.decode()
    assert 'id="targets-youth-unemployment-rate"' not in one and f"/monitoring/targets/{youth.pk}/" not in one
    assert client.get("/monitoring/targets/?metric=no-such-metric").status_code == 404


def test_list_query_count_does_not_grow(client_for, person, django_assert_num_queries):
    client = client_for(person(roles.WORKGROUP_MEMBER))
    metrics = list(Metric.objects.filter(number__isnull=False))
    TargetFactory(metric=metrics[0])
    client.get("/monitoring/targets/")
    with CaptureQueriesContext(connection) as few:
        client.get("/monitoring/targets/")
    Target.objects.bulk_create([Target(metric=m, area_code=code, value=Decimal(1), period_start=dt.date(y, 1, 1),
                                       period_end=dt.date(y, 12, 31))
                                for m in metrics for code in ("", "KU398", "TA098") for y in range(2000, 2005)])
    with django_assert_num_queries(len(few)):
        assert client.get("/monitoring/targets/").status_code == 200


def test_metric_page_and_overview_show_and_link_the_targets(client_for, person, rate):
    TargetFactory(metric=rate, area_code="TA098", value=Decimal("11.2"), note="Ohjelma 2025–2026")
    client = client_for(person(roles.OFFICIAL))
    page = client.get(f"/monitoring/metrics/{rate.code}/").content.decode()
    assert 'id="targets-heading"' in page and "11,2" in page and "Ohjelma 2025–2026" in page
    assert "<title>" in page and "<table" not in page.split("<title>")[1].split("</title>")[0]
    overview = client.get("/monitoring/").content.decode()
    assert 'href="/monitoring/targets/"' in overview


# --- API ------------------------------------------------------------------------------------

def test_api_lists_targets_read_only(api_client_for, person, rate):
    TargetFactory(metric=rate, value=Decimal("10"), period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31))
    TargetFactory(metric=rate, area_code="KU398", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    TargetFactory(metric=Metric.objects.get(code="activation-rate"))
    for role in ALL:
        client = api_client_for(person(role))
        assert client.get("/api/v1/monitoring/targets/").status_code == (200 if role else 403), role
    client = api_client_for(person(roles.STEERING_MEMBER))
    rows = client.get("/api/v1/monitoring/targets/", {"metric": rate.code, "on": "2025-06-15"}).json()["results"]
    assert [(r["metric"], r["area_code"], r["value"], r["period_end"]) for r in rows] == [
        ("unemployment-rate", "", "10.0000", "2025-12-31")]
    assert client.get("/api/v1/monitoring/targets/", {"area": "KU398"}).json()["count"] == 1
    writer = api_client_for(person(roles.WORKGROUP_MEMBER))
    created = writer.post("/api/v1/monitoring/targets/", {"metric": rate.code}, format="json")
    assert created.status_code in (403, 405) and Target.objects.count() == 3
    assert api_client_for(None).get("/api/v1/monitoring/targets/").status_code == 401
