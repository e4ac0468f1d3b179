"""What a person may enter into any date or text field of the portal: one rule, every write path.

A meeting dated year 0001 or a 3 MB text field used to be stored and then broke every page,
feed and PDF that shows it (a local-time conversion overflows, a PDF renders for a minute).
So every DateField/DateTimeField and TextField of the portal's own models gets the same
validators here, when its model class is prepared: forms and the admin (model full_clean),
the API (DRF copies model validators into serializer fields) and the services and imports that
call full_clean() all refuse the same values with a message naming the field. Fields the portal
fills itself (auto_now, auto_now_add) are left alone.

The bounds are deliberately generous: the cooperation began in the 2020s, but agreements and
parties can refer to older decisions; nothing real is before 1990 or after 2100. Texts are
capped at TEXT_MAX_LENGTH characters: about 25 printed pages, well above any real decision or
description, and small enough that a PDF of many such texts renders in bounded time.
"""

import datetime
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(1990, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
TEXT_MAX_LENGTH = 50_000

_PORTAL_ROOT = Path(__file__).resolve().parent.parent.parent


@deconstructible
class SaneDateValidator:
    """A date (or the date part of a datetime) between DATE_MIN and DATE_MAX."""

    message = _("Enter a date between %(min)s and %(max)s.")
    code = "date_out_of_range"

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if isinstance(value, datetime.datetime) else value
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValidationError(
                self.message, code=self.code,
                params={"min": DATE_MIN.strftime("%-d.%-m.%Y"), "max": DATE_MAX.strftime("%-d.%-m.%Y")},
            )

    def __eq__(self, other):
        return isinstance(other, SaneDateValidator)


sane_date = SaneDateValidator()
text_size = MaxLengthValidator(TEXT_MAX_LENGTH)


def is_portal_model(model) -> bool:
    """The portal's own models (not Django's, not a library's, not a migration's fake model)."""
    path = getattr(sys.modules.get(model.__module__), "__file__", None)
    if not path:
        return False
    resolved = Path(path).resolve()
    return resolved.is_relative_to(_PORTAL_ROOT) and "site-packages" not in resolved.parts


def limit_entered_fields(sender, **kwargs) -> None:
    """class_prepared receiver: put the shared validators on the model's entered fields.

    They go into the field's validator list, not its constructor arguments, so migrations do
    not record them: the rule lives here only, and changing a bound needs no migration.
    """
    if sender._meta.abstract or not is_portal_model(sender):
        return
    for field in sender._meta.local_fields:
        if isinstance(field, models.DateField):  # DateTimeField is a DateField
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            if sane_date not in field.validators:
                field.validators.append(sane_date)
        elif isinstance(field, models.TextField) and not any(
                isinstance(v, MaxLengthValidator) for v in field.validators):
            field.validators.append(text_size)
