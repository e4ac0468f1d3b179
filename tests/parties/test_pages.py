import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parties.models import Party
from tests.factories.parties import PartyFactory


def test_party_pages_need_login(client, seeded_parties):
    for url in ("/parties/", f"/parties/{Party.objects.first().pk}/", "/parties/employment-areas/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_member_reads_list_and_detail(client_for, steering_member, seeded_parties):
    client = client_for(steering_member)
    page = client.get("/parties/").content.decode()
    assert "Lahden kaupunki" in page and "0149669-3" in page
    ely = Party.objects.get(name_fi="Hämeen ELY-keskus")
    detail = client.get(f"/parties/{ely.pk}/").content.decode()
    assert "Kaakkois-Suomen elinvoimakeskus" in detail


def test_list_filters_by_text_and_kind(client_for, official, seeded_parties):
    client = client_for(official)
    page = client.get("/parties/", {"q": "KU398"}).content.decode()
    assert "Lahden kaupunki" in page and "Hollolan kunta" not in page
    page = client.get("/parties/", {"kind": "state_agency"}).content.decode()
    assert "KEHA-keskus" in page and "Lahden kaupunki" not in page


@pytest.mark.parametrize("role", ["steering_member", "secretary", "workgroup_member", "official", None])
def test_only_administrators_edit_parties(client_for, make_user, seeded_parties, role):
    user = make_user(*([role] if role else []))
    client = client_for(user)
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    assert client.get(f"/parties/{lahti.pk}/edit/").status_code == 403
    assert client.post(f"/parties/{lahti.pk}/edit/", {"kind": "city", "name_fi": "X"}).status_code == 403
    assert client.get("/parties/new/").status_code == 403
    lahti.refresh_from_db()
    assert lahti.name_fi == "Lahden kaupunki"


def test_administrator_edits_a_party_and_bad_id_changes_nothing(client_for, admin_user, seeded_parties):
    client = client_for(admin_user)
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    data = {"kind": "city", "name_fi": "Lahden kaupunki", "name_sv": "Lahtis stad", "business_id": "0737546-1",
            "municipality_code": "398"}
    response = client.post(f"/parties/{lahti.pk}/edit/", data)
    assert response.status_code == 200
    assert "0737546-1" in response.content.decode()
    lahti.refresh_from_db()
    assert lahti.business_id == "0149669-3"
    data["business_id"] = "0149669-3"
    data["post_office"] = "Lahti"
    response = client.post(f"/parties/{lahti.pk}/edit/", data)
    assert response.status_code == 302


def test_party_list_query_count_does_not_grow_with_rows(client_for, official):
    client = client_for(official)
    PartyFactory.create_batch(10)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/parties/").status_code == 200
    PartyFactory.create_batch(990, municipality_code="")
    with CaptureQueriesContext(connection) as large:
        assert client.get("/parties/").status_code == 200
    assert len(small) == len(large)


def test_object_permission_lets_a_contact_edit_only_their_own_party(client_for, official, seeded_parties):
    from guardian.shortcuts import assign_perm

    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    hollola = Party.objects.get(name_fi="Hollolan kunta")
    assign_perm("parties.change_party", official, lahti)
    client = client_for(official)
    assert set(Party.objects.editable_by(official)) == {lahti}
    page = client.get("/parties/").content.decode()
    assert f"/parties/{lahti.pk}/edit/" in page and f"/parties/{hollola.pk}/edit/" not in page
    assert client.get(f"/parties/{lahti.pk}/edit/").status_code == 200
    assert client.get(f"/parties/{hollola.pk}/edit/").status_code == 403


def test_administrator_dashboard_shows_the_latest_audited_changes(client_for, admin_user, official, seeded_parties):
    admin_client = client_for(admin_user)
    lahti = Party.objects.get(name_fi="Lahden kaupunki")
    admin_client.post(f"/parties/{lahti.pk}/edit/", {"kind": "city", "name_fi": "Lahden kaupunki",
                                                     "business_id": "0149669-3", "municipality_code": "398",
                                                     "post_office": "LAHTI"})
    page = admin_client.get("/dashboard/").content.decode()
    assert "Lahden kaupunki" in page and str(admin_user) in page
    assert "/admin/auditlog/logentry/" in page
    assert "/admin/auditlog/logentry/" not in client_for(official).get("/dashboard/").content.decode()
