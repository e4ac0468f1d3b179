"""The monthly report shows its audience only what every reader may see (issue 17).

The audience of a report is the people who may download it (monitoring.models.report_audience,
the same rule as ReportRequest.visible_to). The report reads workgroups and procurement through
their own visibility rules for that audience: another party's disruption report and the follow-up
of a non-public decision never reach a reader who may not see them on the pages.
"""

import datetime as dt
import io

from django.core.files.storage import default_storage
from django.utils import timezone

from monitoring import services
from monitoring.models import ReportRequest, can_download_reports, report_audience
from monitoring.reports import report_context, report_html
from parties import roles
from parties.models import User
from tests.factories.parties import PartyFactory
from tests.factories.procurement import DisruptionFactory
from tests.workgroups.conftest import build_world, published_meeting
from workgroups import services as workgroup_services
from workgroups.models import ActionItem

MONTH = dt.date(2026, 3, 1)


def _scene(make_user):
    """Two parties' officials, each party with an open disruption report; a published meeting with
    a public and a non-public decision, each followed up by an action item."""
    w = build_world(make_user)
    meeting = published_meeting(w, day=dt.date(2026, 3, 18), items=2, publicity=["public", "not_public"])
    public, not_public = (item.decision for item in meeting.items.order_by("order"))
    workgroup_services.action_item_create(body=w.body, title="Julkinen jatkotoimi", owner=w.member1,
                                          decision=public, acting_user=w.secretary, due_date=dt.date(2026, 4, 30))
    workgroup_services.action_item_create(body=w.body, title="Salaisen päätöksen jatkotoimi", owner=w.member1,
                                          decision=not_public, acting_user=w.secretary,
                                          due_date=dt.date(2026, 4, 30))
    ActionItem.objects.update(created_at=timezone.make_aware(dt.datetime(2026, 3, 1)))
    w.party_a, w.party_b = PartyFactory(), PartyFactory()
    w.official_a = make_user(roles.OFFICIAL, party=w.party_a)
    w.official_b = make_user(roles.OFFICIAL, party=w.party_b)
    DisruptionFactory(reporting_party=w.party_a, title="A-osapuolen häiriö")
    DisruptionFactory(reporting_party=w.party_b, title="B-osapuolen häiriö")
    return w


def _pdf_text(report: ReportRequest) -> str:
    from pypdf import PdfReader

    with default_storage.open(report.file.name, "rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def test_the_audience_is_exactly_who_may_download(make_user):
    official, member = make_user(roles.OFFICIAL), make_user(roles.STEERING_MEMBER)
    make_user()  # no role
    make_user(roles.WORKGROUP_MEMBER)
    make_user(roles.OFFICIAL, is_active=False)
    superuser = User.objects.create_superuser("root@test.example", "x")
    audience = set(report_audience())
    assert audience == {u for u in User.objects.all() if u.is_active and can_download_reports(u)}
    assert {official, member, superuser} <= audience


def test_a_report_for_party_a_names_neither_party_bs_disruption_nor_a_secret_follow_up(make_user):
    w = _scene(make_user)

    context = report_context(month=MONTH, readers=[w.official_a])
    html = report_html(month=MONTH, language="en", readers=[w.official_a])

    assert [row["title"] for row in context["disruptions"]] == ["A-osapuolen häiriö"]
    assert context["disruption_counts"] == {"open": 2, "late": 0}
    assert [row["title"] for row in context["action_items"]["shown"]] == ["Julkinen jatkotoimi"]
    assert "A-osapuolen häiriö" in html and "Julkinen jatkotoimi" in html
    assert "B-osapuolen häiriö" not in html
    assert "Salaisen päätöksen jatkotoimi" not in html and "Asia 2 hankinta" not in html


def test_the_rendered_pdf_for_all_readers_counts_disruptions_without_naming_them(make_user):
    """The real report is rendered for its whole audience: officials of both parties, the body's
    members and secretary. Nobody's own disruption report is named; the numbers are given."""
    w = _scene(make_user)
    report = services.report_request(month=MONTH, language="en", acting_user=w.official_a, enqueue=False)

    assert services.render_report(report.pk) == "ready"
    report.refresh_from_db()
    text = _pdf_text(report)

    assert "Julkinen jatkotoimi" in text
    assert "Salaisen päätöksen jatkotoimi" not in text
    assert "A-osapuolen häiriö" not in text and "B-osapuolen häiriö" not in text
    assert "2 open disruption reports" in " ".join(text.split())


def test_the_members_of_a_body_alone_would_see_its_non_public_follow_up(make_user):
    """The rule is the pages' rule, not a blanket ban: an audience that may all see an item gets it."""
    w = _scene(make_user)
    summary = report_context(month=MONTH, readers=[w.member1, w.secretary])["action_items"]
    assert sorted(row["title"] for row in summary["shown"]) == ["Julkinen jatkotoimi", "Salaisen päätöksen jatkotoimi"]
