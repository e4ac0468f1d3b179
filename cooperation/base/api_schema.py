"""The OpenAPI schema as a product: every operation with a summary and a description
(cooperation.base.api_docs serves it). The summaries and descriptions an operation does not set
itself (extend_schema or a docstring) come from PortalAutoSchema, in words from the model's
English name, so no operation is bare; tests/test_api_schema.py walks the schema to keep it so.
"""

from __future__ import annotations

from django.utils import translation
from drf_spectacular.openapi import AutoSchema

SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "Get one {name}",
    "create": "Create {a_name}",
    "update": "Replace {a_name}",
    "partial_update": "Change fields of {a_name}",
    "destroy": "Delete {a_name}",
}
DESCRIPTIONS = {
    "list": "A page of the {plural} the caller may see (`page`, `page_size`; at most 50 a page by default).",
    "retrieve": "One {name} by its identifier; 404 when it does not exist or the caller may not see it.",
    "create": "Validated as the portal's forms validate it (400 names the field); 403 without the right.",
    "update": "All writable fields, validated as the portal's forms validate them; 403 without the right.",
    "partial_update": "Only the fields given, validated as the portal's forms validate them; 403 without the right.",
    "destroy": "Deletes it when nothing refers to it; 409 with the reason when something does.",
}


class PortalAutoSchema(AutoSchema):
    def _names(self) -> dict[str, str]:
        queryset = getattr(self.view, "queryset", None)
        serializer = getattr(self.view, "serializer_class", None)
        model = (queryset.model if queryset is not None
                 else getattr(getattr(serializer, "Meta", None), "model", None))
        with translation.override("en"):
            if model is not None:
                name, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
            else:
                name = self.view.__class__.__name__.removesuffix("ViewSet").removesuffix("View").lower()
                plural = f"{name}s"
        article = "an" if name[:1] in "aeiou" else "a"
        return {"name": name, "plural": plural, "a_name": f"{article} {name}"}

    def _action(self) -> str | None:
        action = getattr(self.view, "action", None)
        return action if action in SUMMARIES else None

    def get_summary(self) -> str | None:
        summary = super().get_summary()
        if summary:
            return summary
        action = self._action()
        if action:
            return SUMMARIES[action].format(**self._names())
        method = getattr(self.view, getattr(self.view, "action", "") or "", None)
        doc = (getattr(method, "__doc__", None) or "").strip()
        return doc.splitlines()[0].rstrip(".") if doc else self.view.__class__.__name__

    def get_description(self) -> str:
        own = super().get_description()
        action = self._action()
        extra = DESCRIPTIONS[action].format(**self._names()) if action else ""
        return "\n\n".join(part for part in (own, extra) if part) or self.get_summary()
