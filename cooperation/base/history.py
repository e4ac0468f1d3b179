"""Change histories in words: one audit-log entry as who, when (local time) and what changed.

django-auditlog stores every value as text: a choice as its code, a foreign key as the bare id,
a boolean as "True", no value as "None", a time in UTC. A person reads none of those. `describe()`
turns each (field, old, new) into the field's translated verbose name and both values as the
page shows them: a choice by its label, a related row by its name, Kyllä/Ei, dates and times in
Finnish notation and local time, numbers by `cooperation.base.numbers`, no value as "–".
Every history page (bodies, agreements, procurement, monitoring) renders these rows through
templates/includes/history_table.html.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from .numbers import format_number

EMPTY = "–"
MAX_VALUE = 160  # a long text is shown by its beginning; the page itself shows the whole text

ACTIONS = {
    LogEntry.Action.CREATE: pgettext_lazy("history action", "Added"),
    LogEntry.Action.UPDATE: pgettext_lazy("history action", "Changed"),
    LogEntry.Action.DELETE: pgettext_lazy("history action", "Removed"),
    LogEntry.Action.ACCESS: pgettext_lazy("history action", "Opened"),
}
# Suffixes of the language versions of a text (name_fi, heading_sv): shown with the language.
LANGUAGE_SUFFIXES = {"_fi": gettext_lazy("in Finnish"), "_sv": gettext_lazy("in Swedish"),
                     "_en": gettext_lazy("in English")}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    entry: LogEntry
    when: dt.datetime
    who: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)

    @property
    def when_text(self) -> str:
        return local_time_text(self.when)


def describe(entries) -> list[HistoryRow]:
    """The rows of the entries in their order; related rows are looked up once per model."""
    entries = list(entries)
    names = _related_names(entries)
    return [_row(entry, names) for entry in entries]


def _row(entry: LogEntry, names: dict) -> HistoryRow:
    model = entry.content_type.model_class() if entry.content_type_id else None
    subject_kind = capfirst(str(model._meta.verbose_name)) if model else ""
    subject = f"{subject_kind}: {entry.object_repr}" if subject_kind else entry.object_repr
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        change = _change(model, name, values, names, created=entry.action == LogEntry.Action.CREATE)
        if change:
            changes.append(change)
    actor = entry.actor
    who = str(actor) if actor else _("the system (import or scheduled task)")
    return HistoryRow(entry=entry, when=timezone.localtime(entry.timestamp), who=who,
                      action=str(ACTIONS.get(entry.action, entry.get_action_display())),
                      subject=subject, changes=changes)


def field_label(model, name: str) -> str:
    """The field's translated verbose name; a language version names its language."""
    model_field = _field(model, name)
    if model_field is not None and hasattr(model_field, "verbose_name"):
        return capfirst(str(model_field.verbose_name))
    if model_field is not None:  # a reverse relation (a many-to-many seen from the other side)
        return capfirst(str(model_field.related_model._meta.verbose_name_plural))
    for suffix, language in LANGUAGE_SUFFIXES.items():
        base = _field(model, name.removesuffix(suffix)) if name.endswith(suffix) else None
        if base is not None:
            return f"{capfirst(str(base.verbose_name))} ({language})"
    return capfirst(name.replace("_", " "))


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _change(model, name: str, values, names: dict, *, created: bool) -> Change | None:
    model_field = _field(model, name)
    if model_field is not None and model_field.auto_created and not model_field.concrete:
        return None  # a reverse relation: auditlog writes "app.Model.None", the other side has the change
    if model_field is not None and not model_field.concrete and not model_field.many_to_many:
        return None  # a generic relation (the search documents): auditlog writes its manager's repr
    label = field_label(model, name)
    if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
        verb = {"add": _("added"), "delete": _("removed")}.get(values.get("operation"), _("changed"))
        objects = ", ".join(str(o) for o in values.get("objects", [])) or EMPTY
        return Change(label, "", f"{verb}: {objects}")
    if not isinstance(values, list | tuple) or len(values) != 2:
        return Change(label, "", _display(model_field, values, names))
    old, new = (_display(model_field, value, names) for value in values)
    if created and new == EMPTY:
        return None  # a new row: only the fields that were given a value
    return Change(label, "" if created else old, new)


def _is_empty(value) -> bool:
    return value is None or value in ("", "None", "null", "[]", "{}")


def _display(model_field, value, names: dict) -> str:
    if _is_empty(value):
        return EMPTY
    text = str(value)
    if model_field is None:
        return _cut(text)
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    if choices:
        by_text = {str(key): label for key, label in choices.items()}
        return str(by_text.get(text, text))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if text in ("True", "true", "1") else _("No")
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model
        name = names.get((related, text))
        if name is None:
            return _("%(kind)s (removed)") % {"kind": related._meta.verbose_name}
        return _cut(name)
    if isinstance(model_field, models.DateTimeField):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=dt.UTC)  # auditlog keeps times naive in UTC
        return local_time_text(moment)
    if isinstance(model_field, models.DateField):
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return text
        return f"{day.day}.{day.month}.{day.year}"
    if isinstance(model_field, models.DecimalField | models.FloatField):
        try:
            return format_number(Decimal(text), None)
        except InvalidOperation:
            return text
    if isinstance(model_field, models.IntegerField) and text.lstrip("-").isdigit():
        return format_number(int(text), 0)
    return _cut(text)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _related_names(entries) -> dict:
    """{(model, id text): str(row)} for every foreign key value in the entries, one query per model."""
    wanted: dict = {}
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        for name, values in (entry.changes_dict or {}).items():
            model_field = _field(model, name)
            if isinstance(model_field, models.ForeignKey) and isinstance(values, list | tuple):
                ids = wanted.setdefault(model_field.related_model, set())
                ids.update(str(v) for v in values if not _is_empty(v))
    names = {}
    for related, ids in wanted.items():
        manager = related._base_manager
        pk_field = related._meta.pk
        valid = []
        for value in ids:
            try:
                valid.append(pk_field.to_python(value))
            except Exception:  # noqa: S112 - a malformed id in an old entry: shown as removed
                continue
        for obj in manager.filter(pk__in=valid):
            names[(related, str(obj.pk))] = str(obj)
    return names


def local_time_text(moment: dt.datetime) -> str:
    """1.12.2026 14.30 in Helsinki time (English pages: 14:30)."""
    local = timezone.localtime(moment)
    clock = f"{local:%H:%M}" if (get_language() or "fi")[:2] == "en" else f"{local:%H.%M}"
    return f"{local.day}.{local.month}.{local.year} {clock}"
