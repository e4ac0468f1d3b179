"""One bad value must not break a page for everyone: the shared limits on dates and texts
(cooperation.base.limits), out-of-range query parameters, refused deletions, and the monitoring
values the hand-entry form and the imports check alike."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from cooperation.base.limits import DATE_MAX, DATE_MIN, TEXT_MAX_LENGTH
from monitoring import imports, services
from monitoring.forms import ObservationForm
from monitoring.models import Metric, Observation
from parties import roles
from tests.conftest import login_verified
from tests.factories.monitoring import MetricFactory
from tests.factories.parties import PartyFactory
from tests.factories.workgroups import BodyFactory, MeetingFactory, MembershipFactory
from workgroups.models import Meeting, Membership


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def secretary_world(make_user):
    body = BodyFactory()
    secretary = make_user(roles.SECRETARY)
    MembershipFactory(body=body, user=secretary, role=Membership.Role.SECRETARY, voting=False)
    return body, secretary


@pytest.mark.parametrize("starts_at", ["0001-01-01T10:00", "1989-12-31T10:00", "2101-01-01T10:00", "9999-12-31T23:59"])
def test_a_meeting_out_of_the_date_range_is_refused_and_not_stored(secretary_world, client_for, starts_at):
    body, secretary = secretary_world
    response = client_for(secretary).post(reverse("workgroups:meeting-create", args=[body.pk]),
                                          {"title": "Vuosi nolla", "location": "Lahti", "starts_at": starts_at})
    assert response.status_code == 200
    assert "Enter a date between 1.1.1990 and 31.12.2100." in response.content.decode()
    assert not Meeting.objects.filter(title="Vuosi nolla").exists()


def test_the_date_bounds_themselves_are_accepted(secretary_world, client_for):
    body, secretary = secretary_world
    client = client_for(secretary)
    for day in (DATE_MIN, DATE_MAX):
        response = client.post(reverse("workgroups:meeting-create", args=[body.pk]),
                               {"title": f"Raja {day.year}", "location": "Lahti", "starts_at": f"{day:%Y-%m-%d}T12:00"})
        assert response.status_code == 302, [line for line in response.content.decode().splitlines() if "error" in line]
    assert client.get(reverse("workgroups:body-detail", args=[body.pk])).status_code == 200


def test_a_model_form_as_the_admin_builds_it_refuses_an_out_of_range_date(db):
    from django.forms import modelform_factory

    body = BodyFactory()
    form = modelform_factory(Meeting, fields=["body", "title", "starts_at", "location", "status"])(
        {"body": body.pk, "title": "Admin nolla", "starts_at": "0001-01-01 10:00", "location": "Lahti",
         "status": "planned"})
    assert not form.is_valid()
    assert form.errors["starts_at"] == ["Enter a date between 1.1.1990 and 31.12.2100."]


def test_every_entered_date_and_text_of_the_portal_is_limited():
    from django.apps import apps
    from django.db import models

    checked = 0
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {"cooperation", "parties", "workgroups", "procurement", "monitoring"}:
            continue
        for field in model._meta.local_fields:
            if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
                with pytest.raises(ValidationError):
                    field.run_validators(dt.date(1, 1, 1) if type(field) is models.DateField
                                         else dt.datetime(1, 1, 1, tzinfo=dt.UTC))
                checked += 1
            elif isinstance(field, models.TextField):
                with pytest.raises(ValidationError):
                    field.run_validators("x" * (TEXT_MAX_LENGTH + 1))
                field.run_validators("x" * TEXT_MAX_LENGTH)
                checked += 1
    assert checked > 50


def test_an_overlong_text_is_refused_by_the_api_naming_the_field(admin_user):
    body = BodyFactory(mandate="Alkuperäinen")
    client = login_verified(APIClient(), admin_user)
    response = client.patch(f"/api/v1/bodies/{body.pk}/", {"mandate": "x" * (TEXT_MAX_LENGTH + 1)}, format="json")
    assert response.status_code == 400
    assert "mandate" in response.json()
    body.refresh_from_db()
    assert body.mandate == "Alkuperäinen"
    ok = client.patch(f"/api/v1/bodies/{body.pk}/", {"mandate": "x" * TEXT_MAX_LENGTH}, format="json")
    assert ok.status_code == 200


BAD_PARAMETERS = [
    ("/api/v1/meetings/", "year=-1"), ("/api/v1/meetings/", "year=0"),
    ("/api/v1/meetings/", "year=99999999999999999999"), ("/api/v1/decisions/", "year=-1"),
    ("/api/v1/meetings/", "body=abc"), ("/api/v1/monitoring/observations/", "month_from=0000-13"),
    ("/monitoring/targets/", "metric=%00"), ("/groups/search/", "q=%00"), ("/groups/decisions/", "page=-1"),
    ("/groups/decisions/", "page=99999999999999999999"), ("/procurement/quotas/", "year=-1"),
    ("/procurement/quotas/", "year=99999999999999999999"), ("/api/v1/quotas/", "year=-1"),
]


@pytest.mark.parametrize(("url", "query"), BAD_PARAMETERS)
def test_out_of_range_query_parameters_never_answer_500(admin_user, client_for, url, query):
    response = client_for(admin_user).get(f"{url}?{query}")
    assert response.status_code < 500
    assert response.status_code in (200, 400, 404)


def test_non_numeric_and_huge_ids_answer_404(admin_user, client_for):
    client = client_for(admin_user)
    for url in ("/api/v1/meetings/abc/", "/api/v1/meetings/99999999999999999999/", "/monitoring/commentary/2026-13/",
                "/groups/meetings/99999999999999999999/agenda.pdf"):
        assert client.get(url).status_code == 404


def test_deleting_a_referred_party_answers_409_with_the_reason(admin_user, db):
    party = PartyFactory()
    MembershipFactory(party=party)
    client = login_verified(APIClient(), admin_user)
    response = client.delete(f"/api/v1/parties/{party.pk}/")
    assert response.status_code == 409
    assert "cannot be deleted" in response.json()["detail"]
    assert type(party).objects.filter(pk=party.pk).exists()


def test_deleting_a_referred_object_on_a_page_answers_409(rf, admin_user):
    from django.db.models import ProtectedError

    from cooperation.base.middleware import RequestGuardMiddleware

    meeting = MeetingFactory()

    def view(request):
        meeting.body.delete()

    request = rf.post("/anything/")
    request.user = admin_user
    middleware = RequestGuardMiddleware(view)
    with pytest.raises(ProtectedError) as raised:
        view(request)
    response = middleware.process_exception(request, raised.value)
    assert response.status_code == 409
    assert "meetings" in response.content.decode()


# --- monitoring values: one check for the form, the service and the imports ---------------------

@pytest.fixture
def count_metric(seeded_parties):
    return MetricFactory(code="TST1", unit=Metric.Unit.COUNT, source_kind=Metric.SourceKind.MANUAL)


@pytest.mark.parametrize(("raw", "message"), [
    ("1000000000000", "out of range"), ("-5", "is below 0"), ("1,00001", "at most four decimals"),
])
def test_hand_entry_refuses_what_the_import_refuses(count_metric, raw, message):
    form = ObservationForm({"metric": count_metric.pk, "area_code": "KU398", "month": "2025-01", "value": raw})
    assert not form.is_valid()
    assert message in " ".join(form.errors["value"])
    catalogue = imports.Catalogue()
    csv = f"area_code,month,metric,value\nKU398,2025-01,TST1,{raw.replace(',', '.')}\n".encode()
    with pytest.raises(imports.ImportRefused) as refused:
        imports.parse_csv(csv, catalogue)
    assert message in " ".join(map(str, refused.value.errors))


def test_the_service_refuses_a_bad_value_whatever_the_caller(count_metric, admin_user):
    with pytest.raises(ValidationError):
        services.observation_enter(metric=count_metric, area_code="KU398", month=dt.date(2025, 1, 1),
                                   value=Decimal("-1"), suppressed=False, acting_user=admin_user)
    assert not Observation.objects.filter(metric=count_metric).exists()
