"""A Swedish-speaking user reads the main pages: no role code, no None, no field name; Finnish
fallbacks marked lang="fi"; the dashboard says which agreement governs the cooperation."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cooperation.base.audit import acting_as
from parties import roles
from tests.factories.cooperation import AgreementFactory, signed_agreement
from tests.factories.parties import PartyFactory
from tests.factories.procurement import ProcurementFactory
from tests.factories.workgroups import BodyFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

CODES = ("portal_admin", "steering_member", "procurement_group", "hr_officer", "workgroup_member",
         "steering_group", "working_group", "in_force", "name_fi", "name_sv", "heading_fi", "lead_party")


@pytest.fixture
def swedish_admin(make_user, client_for):
    user = make_user(roles.PORTAL_ADMIN, roles.STEERING_MEMBER, first_name="Stina", last_name="Svensson")
    for name in ("procurement_group", "hr_officer"):
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    client = client_for(user)
    client.cookies["django_language"] = "sv"
    return client


def test_main_pages_in_swedish_show_no_codes_and_no_none(swedish_admin):
    today = timezone.localdate()
    lahti = PartyFactory(name_fi="Lahden kaupunki", name_sv="Lahtis stad")
    sysma = PartyFactory(name_fi="Sysmän kunta", name_sv="")
    PartyFactory(name_fi="Hämeen TE-toimisto", name_sv="", valid_until=dt.date(2024, 12, 31))
    steering = BodyFactory(name_fi="Ohjausryhmä", name_sv="Styrgruppen")
    group = WorkingGroupFactory(name_fi="Hankintatyöryhmä", name_sv="", parent=steering)
    with acting_as(None):
        group.active = False
        group.save()
    governing = signed_agreement([lahti, sysma], short_name="Aiesopimus", valid_from=today - dt.timedelta(days=30))
    AgreementFactory(short_name="Yhteistyösopimus 2027")  # a draft: being prepared
    procurement = ProcurementFactory(lead_party=lahti)
    pages = {url: swedish_admin.get(url) for url in (
        "/dashboard/", "/groups/", f"/groups/{steering.pk}/", f"/groups/{group.pk}/", f"/groups/{group.pk}/history/",
        "/parties/", f"/parties/{sysma.pk}/", "/agreements/", f"/agreements/{governing.pk}/",
        f"/agreements/{governing.pk}/history/", "/procurement/", f"/procurement/{procurement.pk}/",
        "/monitoring/targets/")}
    for url, response in pages.items():
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'lang="sv"' in html, url
        text = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
        visible = re.sub(r"<[^>]+>", " ", text)  # codes may live in attributes (names, ids), not in text
        assert not re.search(r"\bNone\b", visible), url
        assert not [code for code in CODES if code in visible], url
    dashboard = pages["/dashboard/"].content.decode()
    assert "Portaladministratör" in dashboard or "Upphandlingsarbetsgruppen" in dashboard
    assert "Upphandlingsarbetsgruppen" in dashboard and "Personaladministratör" in dashboard
    assert "Samarbetet styrs nu av:" in dashboard and "Aiesopimus" in dashboard
    assert "Under beredning" in dashboard and "Yhteistyösopimus 2027" in dashboard
    # Swedish names where they exist; the Finnish fallback marked, not silent.
    bodies = pages["/groups/"].content.decode()
    assert "Styrgruppen" in bodies and '<span lang="fi">Hankintatyöryhmä</span>' in bodies
    assert bodies.index("Styrgruppen") < bodies.index("Hankintatyöryhmä")  # steering group first, ended last
    parties = pages["/parties/"].content.decode()
    assert "Lahtis stad" in parties and '<span lang="fi">Sysmän kunta</span>' in parties
    assert parties.index("Sysmän kunta") < parties.index("Hämeen TE-toimisto")  # active before ended
    history = pages[f"/groups/{group.pk}/history/"].content.decode()
    assert "Aktiv: Ja → Nej" in history.replace("&nbsp;", " ")
