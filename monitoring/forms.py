import datetime as dt
from decimal import InvalidOperation
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parties.models import EmploymentAuthority

from .areas import AreaRegistry, authority_area_codes
from .imports import parse_month, parse_number
from .models import Metric, Target, validate_month_not_in_future

# A municipality, employment area or region. Plain "Area" is the programme's cooperation area
# ("kokonaisuus") in the catalogue, hence the context.
AREA_LABEL = pgettext_lazy("statistical area", "Area")


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"invalid": _("Give the month as YYYY-MM, e.g. 2025-10.")}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_(
        "StatFin PxWeb JSON-stat 2.0 (.json) or the portal's CSV (.csv: area_code, month, metric, value, status, "
        "source; also as Excel saves it with ';' and decimal comma)."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.PORTAL_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most %(mb)d MB).")
                                        % {"mb": settings.PORTAL_UPLOAD_MAX_BYTES // (1024 * 1024)})
        name = Path(upload.name or "").name
        if Path(name).suffix.lower() not in {".json", ".csv", ".txt"} or len(name) > 200:
            raise forms.ValidationError(_("Only .json and .csv files can be imported."))
        head = upload.read(2048)
        upload.seek(0)
        # Content check (magic bytes): text, not a spreadsheet, archive or PDF.
        if head.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or b"\x00" in head:
            raise forms.ValidationError(_("The file is not a text file; save it as CSV or JSON."))
        return upload


class ObservationForm(forms.Form):
    metric = forms.ModelChoiceField(label=_("Metric"), queryset=Metric.objects.none())
    area_code = forms.ChoiceField(label=AREA_LABEL)
    month = MonthField(label=_("Month"))
    value = forms.CharField(label=_("Value"), required=False, help_text=_("Decimal comma or point."))
    suppressed = forms.BooleanField(label=_("Suppressed (too few cases to publish)"), required=False)

    def __init__(self, *args, allowed_areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only metrics without a national feed are entered by hand.
        self.fields["metric"].queryset = Metric.objects.filter(is_active=True).exclude(source_kind="statfin")
        registry = AreaRegistry()
        codes = sorted(registry.by_code if allowed_areas is None else allowed_areas & set(registry.by_code),
                       key=registry.sort_key)
        if allowed_areas is None:
            codes = [c for c in codes if not c.startswith("MK") or c == "MK07"]
        self.fields["area_code"].choices = [(c, f"{registry.by_code[c].name} ({c})") for c in codes]

    def clean_month(self):
        month = self.cleaned_data["month"]
        validate_month_not_in_future(month)
        return month

    def clean(self):
        data = super().clean()
        raw, suppressed = (data.get("value") or "").strip(), data.get("suppressed")
        if suppressed and raw:
            self.add_error("value", _("Leave the value empty when it is suppressed."))
        elif not suppressed and not raw:
            self.add_error("value", _("Give a value or mark it suppressed."))
        elif raw:
            try:
                data["value"] = parse_number(raw)
            except InvalidOperation:
                self.add_error("value", _("“%(raw)s” is not a number.") % {"raw": raw[:40]})
            else:
                # The same check the imports make (huge, negative, over-precise), on the model.
                if data.get("metric") and (problem := data["metric"].value_problem(data["value"])):
                    self.add_error("value", problem)
        else:
            data["value"] = None
        return data


class ReportRequestForm(forms.Form):
    month = MonthField(label=_("Month"))
    authority = forms.ModelChoiceField(label=_("Scope"), queryset=EmploymentAuthority.objects.all(),
                                       required=False, empty_label=_("Steering group (both authorities)"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES, initial="fi")

    def clean_month(self):
        month = self.cleaned_data["month"]
        validate_month_not_in_future(month)
        return month


class CommentaryForm(forms.Form):
    text = forms.CharField(label=_("Commentary"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)


class TargetForm(forms.ModelForm):
    """A target over whole months: the first month's first day to the last month's last day, because
    observations (and so the report's "target in force") are monthly. Validation by field is on the
    model (Target.clean), so the admin refuses the same things."""

    value = forms.CharField(label=_("Target value"), max_length=30,
                            help_text=_("In the metric's unit; decimal comma or point."))
    area_code = forms.ChoiceField(label=AREA_LABEL, required=False)
    period_start = MonthField(label=_("First month"), help_text=_("YYYY-MM, e.g. 2026-01."))
    period_end = MonthField(label=_("Last month"), help_text=_("YYYY-MM; the target applies to the whole month."))

    class Meta:
        model = Target
        fields = ["metric", "kind", "area_code", "value", "period_start", "period_end", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.filter(is_active=True)
        if self.instance.pk:
            # A target belongs to its metric; another metric's target is a new target.
            self.fields["metric"].disabled = True
            self.initial["period_start"] = f"{self.instance.period_start:%Y-%m}"
            self.initial["period_end"] = f"{self.instance.period_end:%Y-%m}"
            self.initial["value"] = f"{self.instance.value.normalize():f}".replace(".", ",")
        registry = AreaRegistry()
        codes = [c for c in authority_area_codes(None) if c in registry.by_code]
        current = self.instance.area_code
        if current and current not in codes:
            codes.append(current)  # keep an area set in the admin selectable
        self.fields["area_code"].choices = [("", _("Every area"))] + [
            (c, f"{registry.by_code[c].name} ({c})" if c in registry.by_code else c) for c in codes]

    def clean_value(self):
        raw = self.cleaned_data["value"].strip()
        try:
            return parse_number(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("“%(raw)s” is not a number.") % {"raw": raw[:40]}) from None

    def clean_period_end(self):
        month = self.cleaned_data["period_end"]
        return month_end(month) if month else month


def month_end(month):
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


class MonthSelectForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class PeerGroupForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("Peer areas"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose up to 15 employment areas. Choose none to return to the default."))

    def __init__(self, *args, authority_area, registry: AreaRegistry, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ReferenceArea

        field = self.fields["areas"]
        field.queryset = (ReferenceArea.objects
                          .filter(kind=ReferenceArea.Kind.EMPLOYMENT_AREA, valid_until__isnull=True)
                          .exclude(pk=authority_area.pk).order_by("name_fi"))
        field.label_from_instance = lambda area: registry.name(area.code)
