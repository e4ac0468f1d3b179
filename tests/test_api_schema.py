"""The OpenAPI schema as a product (cooperation.base.api_schema, api_docs): valid OpenAPI 3, every
operation with a summary and a description, every list paginated, query parameters declared,
nullability as answered, examples for the main resources, an ASCII download name and an accessible
static reference at /api/docs/."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_the_schema_is_valid_openapi(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    validate(response.json())
    disposition = response["Content-Disposition"]
    assert disposition == 'inline; filename="paijat-hame-portal-api.json"' and disposition.isascii()


def test_every_operation_has_a_summary_and_a_description(schema):
    ops = list(operations(schema))
    assert len(ops) > 70
    bare = [f"{m.upper()} {p}" for p, m, op in ops if not op.get("summary") or not op.get("description")]
    assert not bare, bare
    summaries = [op["summary"] for _, _, op in ops]
    assert not [s for s in summaries if s.endswith("ViewSet")], summaries


def test_every_list_is_paginated(schema):
    lists = [(p, op) for p, m, op in operations(schema) if m == "get" and op["operationId"].endswith("_list")]
    assert len(lists) > 15
    for path, op in lists:
        names = {param["name"] for param in op.get("parameters", [])}
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert {"page", "page_size"} <= names and ref.split("/")[-1].startswith("Paginated"), path


def test_query_parameters_the_views_read_are_declared(schema):
    def params(path):
        return {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", [])}

    assert params("/api/v1/quotas/")["year"]["schema"]["type"] == "integer"
    areas = params("/api/v1/monitoring/areas/")
    assert areas["on"]["schema"]["format"] == "date" and "municipality" in areas["kind"]["schema"]["enum"]
    assert "on" in params("/api/v1/monitoring/areas/{code}/")
    assert "on" in params("/api/v1/agreements/{id}/parties/")
    assert all(p.get("description") for p in areas.values())


def test_nullability_matches_what_is_answered(schema):
    components = schema["components"]["schemas"]
    assert components["Decision"]["properties"]["register_number"]["nullable"] is True
    assert components["StaffTransfer"]["properties"]["official_name"]["nullable"] is True


def test_objects_read_by_id_carry_their_id(schema):
    components = schema["components"]["schemas"]
    for path, method, op in operations(schema):
        if method == "get" and path.endswith("{id}/") and "application/json" in op["responses"]["200"].get(
                "content", {}):
            ref = op["responses"]["200"]["content"]["application/json"]["schema"].get("$ref")
            if ref:
                assert "id" in components[ref.split("/")[-1]]["properties"], path
    for name in ("Area", "Metric", "Observation"):
        assert "id" in components[name]["properties"], name


@pytest.mark.parametrize("path", ["/api/v1/decisions/{id}/", "/api/v1/meetings/{id}/", "/api/v1/agreements/",
                                  "/api/v1/procurements/{id}/", "/api/v1/monitoring/observations/{id}/"])
def test_main_resources_have_examples(schema, path):
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert content.get("examples"), path


def test_api_docs_are_a_static_accessible_reference(client, schema):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="sv">' in page and '<div lang="en">' in page
    assert "swagger" not in page.lower() and "cdn" not in page.lower()
    for _, _, op in operations(schema):
        assert f"{op['summary']}</h3>" in page.replace("&#x27;", "'"), op["summary"]


def test_every_object_has_its_id(schema):
    """Every object the API returns for a model row, nested ones included (cost shares, stages,
    agreement sections…), carries its id, so a client can tell rows apart and refer to them."""
    from rest_framework import serializers as drf

    from cooperation.urls import urlpatterns  # noqa: F401 (every app's API module is imported)

    without = sorted(
        f"{cls.__module__}.{cls.__name__}" for cls in _subclasses(drf.ModelSerializer)
        if cls.__module__.split(".")[0] in ("parties", "workgroups", "procurement", "monitoring", "cooperation")
        and isinstance(getattr(getattr(cls, "Meta", None), "fields", None), list | tuple)
        and "id" not in cls.Meta.fields)
    assert not without, without
    components = schema["components"]["schemas"]
    for name in ("CostShare", "Stage", "AgreementSection", "AgreementMembership"):
        assert "id" in components[name]["properties"], name


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)
