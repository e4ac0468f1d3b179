"""StatFin fetched by itself: the PxWeb query, the all-or-nothing import with provenance, and every
failure ending as a clear status on the monitoring page (time-outs, HTTP 429 with Retry-After, 5xx,
a changed table), against a local fake PxWeb server replaying the real table's shape."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils.html import escape

from monitoring import services
from monitoring.areas import AreaRegistry
from monitoring.models import Observation, ReportRequest, StatFinFetch
from tests.fake_pxweb import FakePxWeb
from tests.worker import WorkerProcess, wait_for

LAST = dt.date(2026, 10, 1)


@pytest.fixture
def pxweb(settings):
    with FakePxWeb(AreaRegistry(), last_month=LAST) as fake:
        settings.STATFIN_API_BASE_URL = fake.base_url
        settings.STATFIN_TIMEOUT = 0.5
        settings.STATFIN_ATTEMPTS = 3
        settings.STATFIN_MAX_WAIT = 5
        settings.STATFIN_MONTHS = 2
        settings.LANGUAGE_CODE = "en"  # the reason is stored in the portal's language; asserted in English here
        yield fake


def run_fetch() -> StatFinFetch:
    fetch = StatFinFetch.objects.create(table="12r5")
    services.statfin_fetch_run(fetch.pk)
    fetch.refresh_from_db()
    return fetch


def test_a_fetch_imports_the_newest_months_of_every_area_with_its_provenance(pxweb):
    fetch = run_fetch()
    areas = len(AreaRegistry().by_code)
    assert fetch.status == StatFinFetch.Status.APPLIED, fetch.error
    assert fetch.new_count == areas * 2 * 3 == Observation.objects.count()
    assert fetch.url.endswith("/tyonv/statfin_tyonv_pxt_12r5.px")
    selections = {q["code"]: q["selection"] for q in fetch.query["query"]}
    assert selections["Kuukausi"] == {"filter": "top", "values": ["2"]}
    assert set(selections["Tiedot"]["values"]) == {"TYOTTOMATLOPUSSA", "TYOVOIMATK", "TYOTOSUUS"}
    assert fetch.batch is not None and fetch.batch.file_name.startswith("StatFin 12r5 ")
    assert Observation.objects.filter(month=LAST, area_code="KU091").count() == 3  # Helsinki: no party
    again = run_fetch()
    assert again.status == StatFinFetch.Status.UNCHANGED and again.batch is None


def test_http_429_is_retried_after_the_time_the_server_asks(pxweb):
    pxweb.faults = ["429"]
    fetch = run_fetch()
    assert fetch.status == StatFinFetch.Status.APPLIED, fetch.error
    (first, *_), (second, *_) = pxweb.requests[:2]
    assert second - first >= 1.0  # Retry-After: 1


def test_time_outs_end_as_a_failed_fetch_and_import_nothing(pxweb):
    pxweb.faults = ["timeout"] * 3
    fetch = run_fetch()
    assert fetch.status == StatFinFetch.Status.FAILED
    assert "did not answer in time" in fetch.error and "Tried 3 times; nothing was imported." in fetch.error
    assert not Observation.objects.exists()


def test_a_server_error_is_retried_and_a_persistent_one_fails_clearly(pxweb):
    pxweb.faults = [None, "500"]  # metadata fine, the data query fails once, then answers
    assert run_fetch().status == StatFinFetch.Status.APPLIED
    Observation.objects.all().delete()
    pxweb.faults = ["500"] * 3
    fetch = run_fetch()
    assert fetch.status == StatFinFetch.Status.FAILED
    assert "had an error (HTTP 500)" in fetch.error
    assert not Observation.objects.exists()


def test_a_renamed_area_dimension_is_still_recognised_by_its_values(pxweb):
    pxweb.geo_name = "Kunta"
    fetch = run_fetch()
    assert fetch.status == StatFinFetch.Status.APPLIED, fetch.error
    assert {q["code"] for q in fetch.query["query"]} == {"Kunta", "Kuukausi", "Tiedot"}


def test_a_table_whose_contents_changed_fails_clearly_and_imports_nothing(pxweb):
    pxweb.contents = ["TYOTTOMAT", "TYOVOIMA", "OSUUS"]
    fetch = run_fetch()
    assert fetch.status == StatFinFetch.Status.FAILED
    assert "The table's dimensions have changed" in fetch.error and "Tiedot" in fetch.error
    assert not Observation.objects.exists()


def test_the_monitoring_page_shows_the_status_and_fetches_on_demand(pxweb, client_for, official):
    pxweb.faults = ["500"] * 3
    failed = run_fetch()
    client = client_for(official)
    page = client.get("/monitoring/").content.decode()
    assert 'id="statfin-heading"' in page and 'id="statfin-fetches"' in page
    assert f'<span class="status">{StatFinFetch.Status.FAILED.label}</span>' in page  # English here
    assert failed.error and escape(failed.error) in page
    response = client.post("/monitoring/statfin/fetch/")
    assert response.status_code == 302
    assert StatFinFetch.objects.filter(requested_by=official, table="12r5").exists()


def test_the_fetch_button_needs_the_import_right(client_for, steering_member):
    assert client_for(steering_member).post("/monitoring/statfin/fetch/").status_code == 403
    assert not StatFinFetch.objects.exists()


@pytest.mark.worker
def test_end_to_end_with_a_real_worker_new_month_to_observations_to_the_report(tmp_path, transactional_db, settings):
    from cooperation.celery import app

    with FakePxWeb(AreaRegistry(), last_month=LAST) as fake:
        worker = WorkerProcess(tmp_path / "worker.log", extra_env={
            "STATFIN_API_BASE_URL": fake.base_url, "STATFIN_MONTHS": "2", "MEDIA_ROOT": str(settings.MEDIA_ROOT)})
        app.control.purge()
        worker.start()
        try:
            with transaction.atomic():  # sent to the worker on commit, as from the beat or the page
                fetches = services.statfin_fetch_scheduled()
            assert [f.table for f in fetches] == ["12r5"]
            wait_for(lambda: StatFinFetch.objects.get(pk=fetches[0].pk).status not in ("queued", "running"),
                     timeout=180, message="the fetch:\n" + worker.log())
            fetch = StatFinFetch.objects.get(pk=fetches[0].pk)
            assert fetch.status == StatFinFetch.Status.APPLIED, fetch.error + worker.log()
            assert Observation.objects.filter(month=LAST, area_code="KU398").count() == 3
            with transaction.atomic():
                report = services.report_request(month=LAST)
            wait_for(lambda: ReportRequest.objects.get(pk=report.pk).is_done, timeout=240,
                     message="the report:\n" + worker.log())
        finally:
            worker.stop()
    report.refresh_from_db()
    assert report.status == ReportRequest.Status.READY, report.error


@pytest.mark.parametrize(("faults", "finnish", "swedish", "english"), [
    (["timeout"] * 3, "ei vastannut ajoissa", "svarade inte i tid", "did not answer in time"),
    (["429"] * 3, "liian monta pyyntöä", "för många förfrågningar", "too many requests"),
    (["500"] * 3, "palvelussa oli virhe (HTTP 500)", "ett fel (HTTP 500)", "had an error (HTTP 500)"),
])
def test_a_failure_reads_in_the_readers_language_whatever_the_worker_spoke(pxweb, client_for, official, settings,
                                                                           faults, finnish, swedish, english):
    """The worker stored the reason in the portal's language (Finnish), so the Swedish and English
    monitoring pages showed a Finnish sentence; it is stored in each language and shown in the reader's."""
    settings.LANGUAGE_CODE = "fi"
    settings.STATFIN_MAX_WAIT = 0
    pxweb.faults = faults
    fetch = run_fetch()
    assert finnish in fetch.error
    client = client_for(official)
    pages = {}
    for language in ("fi", "sv", "en"):
        client.cookies["django_language"] = language
        page = client.get("/monitoring/").content.decode()
        pages[language] = page.split('id="statfin-fetches"', 1)[1].split("</table>", 1)[0]
    assert finnish in pages["fi"]
    assert finnish not in pages["sv"] and finnish not in pages["en"]
    assert english in pages["en"] and "nothing was imported" in pages["en"]
    assert swedish in pages["sv"]


def test_a_changed_table_reads_in_swedish_too(pxweb, client_for, official, settings):
    settings.LANGUAGE_CODE = "fi"
    pxweb.contents = ["TYOTTOMAT", "TYOVOIMA", "OSUUS"]
    fetch = run_fetch()
    assert fetch.status == StatFinFetch.Status.FAILED and set(fetch.error_texts) == {"fi", "sv", "en"}
    assert "ulottuvuudet ovat muuttuneet" in fetch.error_texts["fi"]
    assert "Tiedot" in fetch.error_texts["sv"] and fetch.error_texts["sv"] != fetch.error_texts["fi"]
    assert fetch.error_texts["en"].startswith("The table's dimensions have changed")


def test_an_unreachable_broker_is_said_in_each_language(monkeypatch, django_capture_on_commit_callbacks, official):
    from monitoring import services as monitoring_services

    def refuse(*args, **kwargs):
        raise OSError("broker down")  # the edge of the world: the message broker

    monkeypatch.setattr(monitoring_services.current_app, "send_task", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        fetch = services.statfin_fetch_request(table="12r5", acting_user=official)
    fetch.refresh_from_db()
    assert fetch.status == StatFinFetch.Status.FAILED
    assert fetch.error_texts["sv"] != fetch.error_texts["fi"]
    assert "worker could not be reached" in fetch.error_texts["en"]
