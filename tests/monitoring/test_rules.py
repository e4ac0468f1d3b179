"""One rule in one place (issue #10): the report's sources fail loudly, a future month is refused on
every path, writes check their rule in the service, and ReportRequest has one visibility rule."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from monitoring import services
from monitoring.models import ReportDownload, ReportRequest, ReportSubscription
from monitoring.reports import add_months
from parties import roles
from procurement import selectors as procurement_selectors
from workgroups import selectors as workgroup_selectors

pytestmark = pytest.mark.usefixtures("areas")


def next_month() -> dt.date:
    return add_months(timezone.localdate().replace(day=1), 1)


def stored_reports() -> list[str]:
    try:
        return default_storage.listdir("monitoring/reports")[1]
    except FileNotFoundError:
        return []


# --- the report's sources ---------------------------------------------------------------------

def test_a_failing_selector_fails_the_report_with_the_reason_and_stores_no_pdf(monkeypatch, make_user,
                                                                              client_for):
    def broken(*, year, month, readers):
        raise RuntimeError("/srv/portal/workgroups/selectors.py: relation does not exist")

    monkeypatch.setattr(workgroup_selectors, "decisions_in_month", broken)
    official = make_user(roles.OFFICIAL, language="en")
    report = services.report_request(month=dt.date(2025, 10, 1), acting_user=official, enqueue=False)
    assert services.render_report(report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.FAILED and not report.file
    assert report.error == ("The report was not made: its section “Decisions of the month” could not be read. "
                            "The details are in the server log.")
    assert stored_reports() == []
    # The person sees the reason on the report's page and in the status poll: no path, no traceback.
    client = client_for(official)
    page = client.get(f"/monitoring/reports/{report.pk}/").content.decode()
    polled = client.get(f"/monitoring/reports/{report.pk}/status/").json()["html"]
    for shown in (page, polled):
        assert "Decisions of the month" in shown
        assert "/srv/portal" not in shown and "Traceback" not in shown and "RuntimeError" not in shown


def test_the_reason_is_in_the_requesters_language():
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)  # the beat's: Finnish
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(procurement_selectors, "quota_usage", lambda *, year: 1 / 0)
        assert services.render_report(report.pk) == "failed"
    report.refresh_from_db()
    assert "Määrärahakiintiöt" in report.error and "ZeroDivisionError" not in report.error


def test_a_missing_selector_fails_the_report(monkeypatch):
    monkeypatch.delattr(procurement_selectors, "open_disruption_reports")
    report = services.report_request(month=dt.date(2025, 10, 1), language="en", enqueue=False)
    assert services.render_report(report.pk) == "failed"
    report.refresh_from_db()
    assert "Open disruption reports" in report.error and not report.file
    assert stored_reports() == []


def test_a_database_hiccup_in_a_selector_is_retried_not_failed(monkeypatch):
    def unavailable(*, on, readers):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(workgroup_selectors, "open_action_items", unavailable)
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    with pytest.raises(services.TransientRenderError):
        services.render_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.QUEUED


# --- a month in the future --------------------------------------------------------------------

def test_the_model_refuses_a_future_month():
    with pytest.raises(ValidationError) as refused:
        ReportRequest(month=next_month(), version=1).full_clean()
    assert "month" in refused.value.message_dict
    ReportRequest(month=timezone.localdate().replace(day=1), version=1).full_clean()  # this month is fine


def test_the_service_refuses_a_future_month_and_writes_nothing():
    with pytest.raises(ValidationError) as refused:
        services.report_request(month=next_month(), enqueue=False)
    assert refused.value.message_dict == {"month": ["The month cannot be in the future."]}
    assert not ReportRequest.objects.exists()


def test_the_form_refuses_a_future_month(make_user, client_for):
    client = client_for(make_user(roles.OFFICIAL))
    response = client.post("/monitoring/reports/", {"month": f"{next_month():%Y-%m}", "language": "fi"})
    assert response.status_code == 200
    assert response.context["form"].errors["month"] == ["Kuukausi ei voi olla tulevaisuudessa."]  # Finnish page
    assert not ReportRequest.objects.exists()


def test_the_api_refuses_a_future_month_naming_the_field(make_user, api_client_for):
    client = api_client_for(make_user(roles.OFFICIAL))
    response = client.post("/api/v1/monitoring/reports/", {"month": f"{next_month():%Y-%m}"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"month": ["Kuukausi ei voi olla tulevaisuudessa."]}  # Finnish by default
    assert not ReportRequest.objects.exists()


@pytest.mark.parametrize("sync", [False, True])
def test_the_command_refuses_a_future_month_naming_the_field(sync):
    args = ["render_report", "--month", f"{next_month():%Y-%m}"] + (["--sync"] if sync else [])
    with pytest.raises(CommandError) as refused:
        call_command(*args, stdout=io.StringIO())
    assert str(refused.value) == "month: The month cannot be in the future."
    assert not ReportRequest.objects.exists()


# --- writes check their rule in the service -------------------------------------------------

def test_only_those_who_may_request_a_report_can(make_user):
    with pytest.raises(PermissionDenied):
        services.report_request(month=dt.date(2025, 10, 1), acting_user=make_user(roles.STEERING_MEMBER))
    assert not ReportRequest.objects.exists()
    made = services.report_request(month=dt.date(2025, 10, 1), acting_user=make_user(roles.OFFICIAL), enqueue=False)
    assert made.requested_by is not None


def test_the_request_names_the_acting_person_in_the_audit_log(make_user):
    from auditlog.models import LogEntry

    official = make_user(roles.OFFICIAL)
    report = services.report_request(month=dt.date(2025, 10, 1), acting_user=official, enqueue=False)
    entry = LogEntry.objects.get_for_object(report).get()
    assert entry.actor == official


def test_a_download_is_logged_only_for_those_who_may_see_the_report(make_user):
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    assert services.render_report(report.pk) == "ready"
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_download_record(report=report, acting_user=make_user(roles.WORKGROUP_MEMBER))
    services.report_download_record(report=report, acting_user=make_user(roles.STEERING_MEMBER), via="api")
    assert ReportDownload.objects.get().via == "api"


def test_only_those_who_may_see_the_reports_can_subscribe(make_user):
    with pytest.raises(PermissionDenied):
        services.subscription_set(acting_user=make_user(roles.WORKGROUP_MEMBER), subscribed=True)
    member = make_user(roles.STEERING_MEMBER)
    services.subscription_set(acting_user=member, subscribed=True)
    services.subscription_set(acting_user=member, subscribed=False)
    assert not ReportSubscription.objects.exists()


def test_another_officials_preview_cannot_be_discarded_through_the_service(make_user):
    from tests.monitoring.conftest import CSV_SAMPLE

    batch, _plan = services.import_preview(content=CSV_SAMPLE.read_bytes(), file_name="a.csv",
                                           acting_user=make_user(roles.OFFICIAL))
    with pytest.raises(PermissionDenied):
        services.import_discard(batch=batch, acting_user=make_user(roles.OFFICIAL))
    with pytest.raises(PermissionDenied):
        services.import_apply(batch=batch, acting_user=make_user(roles.OFFICIAL))
    batch.refresh_from_db()
    assert batch.status == batch.Status.PREVIEW


def test_the_render_task_is_registered_under_the_name_the_services_send():
    from cooperation.celery import app
    from monitoring import tasks

    assert app.tasks[services.RENDER_TASK].name == tasks.render_report_task.name == services.RENDER_TASK


# --- one visibility rule ---------------------------------------------------------------------

def test_the_object_check_and_the_list_agree(make_user):
    report = services.report_request(month=dt.date(2025, 10, 1), enqueue=False)
    for role in (roles.OFFICIAL, roles.STEERING_MEMBER, roles.WORKGROUP_MEMBER):
        user = make_user(role)
        listed = ReportRequest.objects.visible_to(user).filter(pk=report.pk).exists()
        assert report.can_be_viewed_by(user) is listed
        assert listed is (role != roles.WORKGROUP_MEMBER)
