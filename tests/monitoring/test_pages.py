"""Pages and API: the role × object × action matrix, imports with preview, hand entry, status polling,
logged downloads and constant query counts."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext

from monitoring import services
from monitoring.models import ImportBatch, Observation, ReportDownload, ReportRequest
from parties import roles
from parties.models import Party
from tests.monitoring.conftest import CSV_SAMPLE, JSONSTAT_SAMPLE, db_snapshot

pytestmark = pytest.mark.usefixtures("areas")

ALL = [roles.PORTAL_ADMIN, roles.STEERING_MEMBER, roles.SECRETARY, roles.WORKGROUP_MEMBER, roles.OFFICIAL, None]


def ready_report(**kwargs) -> ReportRequest:
    report = ReportRequest.objects.create(month=dt.date(2025, 10, 1), version=ReportRequest.objects.count() + 1,
                                          status="ready", checksum="x", **kwargs)
    report.file.save("test.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return report


@pytest.fixture
def person(make_user):
    def make(role, party_name="Lahden kaupunki"):
        party = Party.objects.get(name_fi=party_name)
        return make_user(role, party=party) if role else make_user(party=party)
    return make


# role → (overview, reports list, download, import, enter, commentary)
MATRIX = {
    roles.PORTAL_ADMIN: (200, 200, 200, 200, 200, 200),
    roles.STEERING_MEMBER: (200, 200, 200, 403, 403, 403),
    roles.SECRETARY: (200, 200, 200, 403, 403, 403),
    roles.WORKGROUP_MEMBER: (200, 403, 403, 403, 403, 200),
    roles.OFFICIAL: (200, 200, 200, 200, 200, 403),
    None: (403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", ALL, ids=[r or "outsider" for r in ALL])
def test_permission_matrix_through_pages(client_for, person, role):
    report = ready_report()
    client = client_for(person(role))
    urls = ["/monitoring/", "/monitoring/reports/", f"/monitoring/reports/{report.pk}/download/",
            "/monitoring/import/", "/monitoring/enter/", "/monitoring/commentary/2025-10/"]
    got = tuple(client.get(url).status_code for url in urls)
    assert got == MATRIX[role]
    assert client.get("/monitoring/metrics/unemployment-rate/").status_code == MATRIX[role][0]
    assert client.get(f"/monitoring/reports/{report.pk}/status/").status_code == MATRIX[role][1]
    posted = client.post("/monitoring/reports/", {"month": "2025-10", "language": "fi"}).status_code
    assert posted == (302 if role in (roles.PORTAL_ADMIN, roles.OFFICIAL) else 403)
    # Downloads are logged, one row per successful download.
    assert ReportDownload.objects.count() == (1 if MATRIX[role][2] == 200 else 0)


def test_anonymous_is_sent_to_login(client, db):
    for url in ("/monitoring/", "/monitoring/reports/", "/monitoring/import/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_upload_shows_a_preview_and_writes_only_on_confirmation(client_for, person):
    client = client_for(person(roles.OFFICIAL))
    upload = SimpleUploadedFile("statfin.json", JSONSTAT_SAMPLE.read_bytes(), content_type="application/json")
    response = client.post("/monitoring/import/", {"file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert Observation.objects.count() == 0  # previewed, not applied
    page = client.get(response["Location"]).content.decode()
    assert ("30" in page and "suppressed" in page) or "salattu" in page
    # The sample's October jumps from September (beyond 3 pp or 30 %): saving needs the importer's
    # confirmation that they are right.
    jumps = len(services.batch_plan(batch).jumps)
    assert jumps == 5  # Hollola's rate and count, Orimattila's rate and count, Kärkölä's count
    with translation.override("fi"):  # the page is in the person's language
        assert ngettext("%(n)s value changes from the previous month more than usual",
                        "%(n)s values change from the previous month more than usual", jumps) % {"n": jumps} in page
    client.post(response["Location"], {"apply": "1"})
    assert Observation.objects.count() == 0
    client.post(response["Location"], {"apply": "1", "confirm_jumps": "1"})
    assert Observation.objects.count() == 30
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.created_count == 30
    # The same file again: the preview says nothing changes, and applying changes nothing.
    upload = SimpleUploadedFile("statfin.json", JSONSTAT_SAMPLE.read_bytes(), content_type="application/json")
    second = client.post("/monitoring/import/", {"file": upload})
    before = db_snapshot()
    client.post(second["Location"], {"apply": "1"})
    assert db_snapshot()[0] == before[0]


def test_upload_of_a_bad_file_names_the_row_and_saves_nothing(client_for, person):
    client = client_for(person(roles.OFFICIAL))
    bad = CSV_SAMPLE.read_text().replace("16.6", "sixteen")
    response = client.post("/monitoring/import/", {"file": SimpleUploadedFile("m.csv", bad.encode())})
    assert response.status_code == 400
    assert "Row 2" in response.content.decode() or "Rivi 2" in response.content.decode()
    assert db_snapshot() == ([], 0)


def test_upload_refuses_a_spreadsheet_by_content(client_for, person):
    client = client_for(person(roles.OFFICIAL))
    response = client.post("/monitoring/import/", {"file": SimpleUploadedFile("m.csv", b"PK\x03\x04xlsx...")})
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0
    assert "error-summary" in response.content.decode()


def test_official_enters_values_for_their_own_area_only(client_for, person):
    client = client_for(person(roles.OFFICIAL))
    page = client.get("/monitoring/enter/").content.decode()
    assert "KU398" in page and "KU098" not in page
    assert "TYOTOSUUS" not in page  # metrics with a national feed are not entered by hand
    from monitoring.models import Metric

    metric = Metric.objects.get(code="customer-satisfaction")
    ok = client.post("/monitoring/enter/", {"metric": metric.pk, "area_code": "KU398", "month": "2025-10",
                                            "value": "4,2"})
    assert ok.status_code == 302
    assert Observation.objects.get(area_code="KU398").value == Decimal("4.2")
    refused = client.post("/monitoring/enter/", {"metric": metric.pk, "area_code": "KU098", "month": "2025-10",
                                                 "value": "3,9"})
    assert refused.status_code == 200 and "area_code" in refused.context["form"].errors
    impossible = client.post("/monitoring/enter/", {"metric": metric.pk, "area_code": "KU398", "month": "2025-13",
                                                    "value": "3"})
    assert "month" in impossible.context["form"].errors
    assert Observation.objects.count() == 1


def test_report_page_polls_its_status(client_for, person):
    client = client_for(person(roles.OFFICIAL))
    queued = ReportRequest.objects.create(month=dt.date(2025, 10, 1), version=1)
    page = client.get(f"/monitoring/reports/{queued.pk}/").content.decode()
    assert f'data-poll-url="/monitoring/reports/{queued.pk}/status/"' in page
    data = client.get(f"/monitoring/reports/{queued.pk}/status/").json()
    assert data["status"] == "queued" and data["done"] is False and "report-status" in data["html"]
    ready = ready_report()
    data = client.get(f"/monitoring/reports/{ready.pk}/status/").json()
    assert data["done"] is True and f"/monitoring/reports/{ready.pk}/download/" in data["html"]
    assert "data-poll-url" not in client.get(f"/monitoring/reports/{ready.pk}/").content.decode()


@pytest.mark.parametrize("rows", [10, 1000])
def test_report_list_query_count_does_not_grow(client_for, person, rows, django_assert_max_num_queries):
    user = person(roles.OFFICIAL)
    ReportRequest.objects.bulk_create([ReportRequest(month=dt.date(2000 + i // 12, i % 12 + 1, 1), version=1,
                                                     requested_by=user) for i in range(rows)])
    client = client_for(user)
    client.get("/monitoring/reports/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/monitoring/reports/").status_code == 200
    test_report_list_query_count_does_not_grow.counts[rows] = len(ctx)
    if len(test_report_list_query_count_does_not_grow.counts) == 2:
        assert len(set(test_report_list_query_count_does_not_grow.counts.values())) == 1


test_report_list_query_count_does_not_grow.counts = {}


def test_overview_and_metric_pages_show_charts_with_tables(client_for, person, demo_data):
    client = client_for(person(roles.STEERING_MEMBER))
    page = client.get("/monitoring/").content.decode()
    assert "Työttömien työnhakijoiden osuus" in page
    with CaptureQueriesContext(connection) as ctx:
        detail = client.get("/monitoring/metrics/unemployment-rate/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in detail and 'role="img"' in detail
    assert "<table" in detail and "Sysmä" in detail
    assert len(ctx) < 30  # chart, table, standing, peer group and the decisions that aim to move it


def test_dashboard_panel_only_for_those_who_may_download(client_for, person):
    ready_report()
    assert "/monitoring/reports/" in client_for(person(roles.OFFICIAL)).get("/dashboard/").content.decode()
    assert "monitoring/reports/" not in client_for(person(roles.WORKGROUP_MEMBER)).get("/dashboard/").content.decode()


# --- API ------------------------------------------------------------------------------------

def test_api_matrix(api_client_for, person):
    report = ready_report()
    expected = {roles.PORTAL_ADMIN: (200, 200, 200), roles.STEERING_MEMBER: (200, 200, 200),
                roles.SECRETARY: (200, 200, 200), roles.WORKGROUP_MEMBER: (200, 403, 403),
                roles.OFFICIAL: (200, 200, 200), None: (403, 403, 403)}
    for role, codes in expected.items():
        client = api_client_for(person(role))
        got = (client.get("/api/v1/monitoring/observations/").status_code,
               client.get("/api/v1/monitoring/reports/").status_code,
               client.get(f"/api/v1/monitoring/reports/{report.pk}/download/").status_code)
        assert got == codes, role
    assert api_client_for(None).get("/api/v1/monitoring/metrics/").status_code == 401


def test_api_bulk_ingest_validates_like_imports_and_filters(api_client_for, person):
    official = api_client_for(person(roles.OFFICIAL))
    rows = [{"area_code": "398", "month": "2025-10", "metric": "TYOTOSUUS", "value": "10.2"},
            {"area_code": "098", "month": "2025-10", "metric": "TYOTOSUUS", "value": None, "status": "..."},
            {"area_code": "MK07", "month": "2025-09", "metric": "unemployment-rate", "value": 11.1}]
    response = official.post("/api/v1/monitoring/observations/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 200 and response.json() == {"new": 3, "changed": 0, "unchanged": 0}
    again = official.post("/api/v1/monitoring/observations/bulk/", {"rows": rows}, format="json")
    assert again.json() == {"new": 0, "changed": 0, "unchanged": 3}
    before = db_snapshot()
    bad = official.post("/api/v1/monitoring/observations/bulk/",
                        {"rows": [*rows, {"area_code": "398", "month": "2025-10", "metric": "X", "value": "1"}]},
                        format="json")
    assert bad.status_code == 400 and "Rivi 5" in bad.json()["errors"][0]  # Finnish by default
    assert db_snapshot() == before
    jsonstat = official.post("/api/v1/monitoring/observations/bulk/", json.loads(JSONSTAT_SAMPLE.read_text()),
                             format="json")
    assert jsonstat.status_code == 200 and jsonstat.json() == {"new": 28, "changed": 1, "unchanged": 1}
    listed = official.get("/api/v1/monitoring/observations/", {"metric": "unemployment-rate", "area": "KU398",
                                                                "month_from": "2025-10", "month_to": "2025-10"})
    assert [r["value"] for r in listed.json()["results"]] == ["10.2000"]
    assert official.get("/api/v1/monitoring/observations/", {"month_from": "2025-13"}).status_code == 400
    member = api_client_for(person(roles.STEERING_MEMBER))
    assert member.post("/api/v1/monitoring/observations/bulk/", {"rows": rows}, format="json").status_code == 403


def test_api_report_request_and_download_is_logged(api_client_for, person):
    from cooperation.celery import app

    official = api_client_for(person(roles.OFFICIAL))
    created = official.post("/api/v1/monitoring/reports/", {"month": "2025-10", "language": "sv"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "queued" and created.json()["version"] == 1
    assert official.post("/api/v1/monitoring/reports/", {"month": "2025-13"}, format="json").status_code == 400
    app.control.purge()
    report = ready_report()
    response = official.get(f"/api/v1/monitoring/reports/{report.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert ReportDownload.objects.get().via == "api"
    steering = api_client_for(person(roles.STEERING_MEMBER))
    assert steering.post("/api/v1/monitoring/reports/", {"month": "2025-10"}, format="json").status_code == 403


def test_metric_page_shows_corrections_with_the_old_value(client_for, person, tmp_path):
    from django.core.management import call_command

    for name, content in (("a.json", JSONSTAT_SAMPLE.read_bytes()), ("b.csv", CSV_SAMPLE.read_bytes())):
        (tmp_path / name).write_bytes(content)
        call_command("import_metrics", str(tmp_path / name), stdout=__import__("io").StringIO())
    page = client_for(person(roles.STEERING_MEMBER)).get("/monitoring/metrics/unemployment-rate/").content.decode()
    assert "10,2 → 16,6" in page


def test_another_officials_import_preview_is_not_shown(client_for, person):
    uploader = client_for(person(roles.OFFICIAL))
    upload = SimpleUploadedFile("statfin.json", JSONSTAT_SAMPLE.read_bytes())
    location = uploader.post("/monitoring/import/", {"file": upload})["Location"]
    other = client_for(person(roles.OFFICIAL, "Hollolan kunta"))
    assert other.get(location).status_code == 403
    assert other.post(location, {"apply": "1"}).status_code == 403
    assert Observation.objects.count() == 0
