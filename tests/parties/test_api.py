from parties.models import Party


def test_api_needs_authentication(api_client_for, seeded_parties):
    response = api_client_for(None).get("/api/v1/parties/")
    assert response.status_code == 401


def test_logged_in_person_reads_parties_with_a_token(api_client_for, official, seeded_parties):
    response = api_client_for(official).get("/api/v1/parties/", {"municipality_code": "398"})
    assert response.status_code == 200
    [lahti] = response.json()["results"]
    assert lahti["business_id"] == "0149669-3" and lahti["statfin_code"] == "KU398"


def test_employment_areas_endpoint(api_client_for, official, seeded_parties):
    [area] = api_client_for(official).get("/api/v1/employment-areas/").json()["results"]
    assert len(area["memberships"]) == 9


def test_only_administrators_write_and_invalid_id_is_refused(api_client_for, official, admin_user, seeded_parties):
    payload = {"kind": "municipality", "name_fi": "Uusi kunta", "business_id": "0737546-1"}
    assert api_client_for(official).post("/api/v1/parties/", payload, format="json").status_code == 403
    response = api_client_for(admin_user).post("/api/v1/parties/", payload, format="json")
    assert response.status_code == 400
    assert "business_id" in response.json()
    assert not Party.objects.filter(name_fi="Uusi kunta").exists()
    payload["business_id"] = "0149669-3"
    assert api_client_for(admin_user).post("/api/v1/parties/", payload, format="json").status_code == 201


def test_api_runs_model_clean_like_the_form(api_client_for, admin_user, seeded_parties):
    payload = {"kind": "state_agency", "name_fi": "Virasto", "municipality_code": "123"}
    response = api_client_for(admin_user).post("/api/v1/parties/", payload, format="json")
    assert response.status_code == 400
    assert "municipality_code" in response.json()


def test_openapi_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/parties/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/api/v1/parties/" in docs  # the static reference (tests/test_api_schema.py)
