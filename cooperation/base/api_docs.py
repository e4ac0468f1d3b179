"""The schema download (/api/schema/, an ASCII file name) and /api/docs/: a static, accessible
reference made from the schema (no Swagger UI, no script), in the portal's layout."""

from __future__ import annotations

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView


def nullable_fields_hook(result, generator, request, public):
    """Mark response fields that the API answers with null for some callers (postprocessing hook).

    StaffTransfer.official_name: null for those who may not see names (StaffTransferSerializer).
    """
    props = result.get("components", {}).get("schemas", {}).get("StaffTransfer", {}).get("properties", {})
    if "official_name" in props:
        props["official_name"]["nullable"] = True
    return result


class PortalSchemaView(SpectacularAPIView):
    """The schema download, with an ASCII file name (the title has ä; some clients mangle it)."""

    def _get_filename(self, request, version):
        suffix = self.perform_content_negotiation(request, force=True)[0].format
        return f"paijat-hame-portal-api.{suffix}"


METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict) -> list[dict]:
    ops = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                ops.append({"id": op["operationId"], "method": method.upper(), "path": path,
                            "summary": op.get("summary", ""), "description": op.get("description", ""),
                            "parameters": op.get("parameters", []), "tag": (op.get("tags") or ["api"])[0],
                            "responses": sorted(op.get("responses", {}).items())})
    return ops


def api_reference(request):
    """/api/docs/: the reference of every operation, read from the schema, in the portal's layout.

    No Swagger UI: no script from anywhere, readable with a screen reader and without JavaScript.
    """
    schema = SchemaGenerator().get_schema(request=None, public=True)
    tags: dict[str, list[dict]] = {}
    for op in _operations(schema):
        tags.setdefault(op["tag"], []).append(op)
    return render(request, "api/reference.html", {"info": schema["info"], "tags": sorted(tags.items())})
