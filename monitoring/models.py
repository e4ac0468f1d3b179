"""Reference areas, metric catalogue, observations, imports, targets, commentary and monthly reports.

An observation's area is a StatFin-style code (KU398 municipality, TA098 employment area hosted
by Hollola, MK07 region, SSS whole country) naming a `ReferenceArea`: Statistics Finland's
classification loaded from monitoring/reference/ by data migrations. Areas are not parties: a
municipality that is no party is still a known area, so whole-country StatFin files import as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cooperation.base.filenames import file_name
from cooperation.base.history import local_time_text
from cooperation.base.numbers import format_number, format_with_unit
from cooperation.base.visibility import VisibilityQuerySet, VisibilityRuleMixin, protected

# The value columns are DecimalField(max_digits=16, decimal_places=4): what fits, and nothing
# finer than they keep (a value that would be rounded silently is refused instead).
MAX_ABS_VALUE = Decimal(10) ** 12
VALUE_PRECISION = Decimal("0.0001")


class ReferenceArea(models.Model):
    """A known area: a municipality, an employment area, a region or the whole country."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        EMPLOYMENT_AREA = "area", _("employment area")
        REGION = "region", _("region")
        COUNTRY = "country", _("whole country")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("KU398, TA098, MK07 or SSS."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    region_code = models.CharField(_("region"), max_length=10, blank=True,
                                   help_text=_("A municipality's region (MK07)."))
    responsible_code = models.CharField(_("responsible municipality"), max_length=10, blank=True,
                                        help_text=_("An employment area's responsible municipality (KU098)."))
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True,
        help_text=_("A municipality's population (Statistics Finland); an employment area's "
                    "default peer group compares its centre municipality's."))
    classification = models.CharField(_("classification"), max_length=100, blank=True,
                                      help_text=_("The file the row was last loaded from."))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("reference area")
        verbose_name_plural = _("reference areas")
        ordering = ["kind", "name_fi"]

    def __str__(self) -> str:
        return f"{self.name_fi} ({self.code})"

    @property
    def name(self) -> str:
        if (translation.get_language() or "fi")[:2] == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi

    @property
    def is_mainland(self) -> bool:
        """Åland (MK21) is outside the employment-area reform of laki 380/2023."""
        return self.region_code != "MK21"


class AreaMembershipQuerySet(models.QuerySet):
    def on(self, day: dt.date) -> AreaMembershipQuerySet:
        return self.filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class AreaMembership(models.Model):
    """A municipality's membership in an employment area over a period (areas change over time)."""

    area = models.ForeignKey(ReferenceArea, on_delete=models.CASCADE, related_name="members",
                             limit_choices_to={"kind": "area"}, verbose_name=_("employment area"))
    municipality = models.ForeignKey(ReferenceArea, on_delete=models.CASCADE, related_name="employment_areas",
                                     limit_choices_to={"kind": "municipality"}, verbose_name=_("municipality"))
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    certain = models.BooleanField(_("confirmed from an official source"), default=False)

    objects = AreaMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("employment-area membership")
        verbose_name_plural = _("employment-area memberships")
        ordering = ["area__name_fi", "municipality__name_fi"]
        constraints = [models.UniqueConstraint(fields=["municipality", "start"], name="area_membership_unique_start")]

    def __str__(self) -> str:
        return f"{self.municipality.name_fi} ∈ {self.area.name_fi}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})
        if self.municipality_id and self.municipality.kind != ReferenceArea.Kind.MUNICIPALITY:
            raise ValidationError({"municipality": _("Only a municipality can be a member.")})
        if self.area_id and self.area.kind != ReferenceArea.Kind.EMPLOYMENT_AREA:
            raise ValidationError({"area": _("Choose an employment area.")})
        if self.municipality_id:
            far = dt.date(9999, 12, 31)
            clash = (AreaMembership.objects.filter(municipality_id=self.municipality_id)
                     .exclude(pk=self.pk)
                     .filter(Q(start__isnull=True) | Q(start__lte=self.end or far),
                             Q(end__isnull=True) | Q(end__gte=self.start or dt.date.min))
                     .select_related("area").first())
            if clash:
                raise ValidationError({"start": _("%(municipality)s already belongs to %(area)s in this period.")
                                       % {"municipality": self.municipality.name_fi, "area": clash.area.name_fi}})


class Metric(models.Model):
    """Seurantamittari: one of the 20 metrics of the pilot agreement 3.9, or a supporting figure."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("per cent")
        COUNT = "count", _("count")
        DAYS = "days", _("days")
        EURO = "euro", _("euro")
        INDEX = "index", _("index")

    class Direction(models.TextChoices):
        LOWER = "lower", _("lower is better")
        HIGHER = "higher", _("higher is better")
        NEUTRAL = "neutral", _("neither")

    class SourceKind(models.TextChoices):
        STATFIN = "statfin", _("Statistics Finland StatFin (PxWeb)")
        KEHA_URA = "keha_ura", _("KEHA centre / URA report")
        KELA = "kela", _("Kela")
        SURVEY = "survey", _("Survey")
        MANUAL = "manual", _("Entered by hand")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum of the municipalities")
        RATIO = "ratio", _("sum of numerators over sum of denominators")
        NONE = "none", _("not aggregable: only from the source")

    number = models.PositiveSmallIntegerField(
        _("number in the agreement"), null=True, blank=True, unique=True,
        help_text=_("1–20 as in the pilot agreement 3.9; empty for supporting figures."),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    good_direction = models.CharField(_("good direction"), max_length=10, choices=Direction.choices)
    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    statfin_table = models.CharField(_("StatFin table"), max_length=20, blank=True)
    source_code = models.CharField(
        _("source content code"), max_length=60, blank=True,
        help_text=_("The content code in the source, e.g. TYOTOSUUS in StatFin table 12r5."),
    )
    breakdown = models.CharField(
        _("breakdown"), max_length=30, blank=True, help_text=_("e.g. service_line for metrics 8–10")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    key_figure_order = models.PositiveSmallIntegerField(
        _("key figure order"), null=True, blank=True,
        help_text=_("The headline metrics on the dashboard and the report's summary page, in this order "
                    "(1–6), chosen by the knowledge-management group; empty: not a key figure."),
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.NONE,
        help_text=_("How employment-area, region and authority figures are computed from municipalities."),
    )
    numerator = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("numerator"), help_text=_("For a ratio: the count above the line."))
    denominator = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("denominator"),
                                    help_text=_("For a ratio: the count below the line."))
    jump_threshold = models.DecimalField(
        _("jump threshold"), max_digits=8, decimal_places=2, null=True, blank=True,
        help_text=_("An import flags a change from the previous month beyond this for confirmation: "
                    "percentage points for a percentage, per cent of the previous value otherwise."),
    )

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = [models.F("number").asc(nulls_last=True), "code"]
        constraints = [
            models.UniqueConstraint(fields=["source_code"], condition=~Q(source_code=""),
                                    name="metric_unique_source_code"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name

    @property
    def name(self) -> str:
        lang = (translation.get_language() or "fi")[:2]
        return {"sv": self.name_sv, "en": self.name_en}.get(lang) or self.name_fi

    @property
    def has_national_feed(self) -> bool:
        return self.source_kind == self.SourceKind.STATFIN

    @property
    def unit_symbol(self) -> str:
        return {"percent": "%", "euro": "€"}.get(self.unit, "")

    @property
    def must_be_whole(self) -> bool:
        """A count of people or events has no fractions."""
        return self.unit == self.Unit.COUNT

    def value_bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The range a value (observation or target) can sensibly take, by unit: a share is 0–100 %,
        counts, days and euros are never negative. None = open end (an index has its own scale)."""
        if self.unit == self.Unit.PERCENT:
            return Decimal(0), Decimal(100)
        if self.unit == self.Unit.INDEX:
            return None, None
        return Decimal(0), None

    def value_problem(self, value: Decimal) -> str | None:
        """Why this metric cannot take the value (observation or target), in words; None when it can.

        The one check every write path uses: the imports (file and bulk API), the hand-entry form
        and its service, the targets. Stored values have four decimals and fit 12 integer digits
        (the column's precision), stay within the unit's range (value_bounds), and counts are whole."""
        if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
            return _("The value %(value)s is out of range.") % {"value": format_number(value, None) or str(value)}
        if value != value.quantize(VALUE_PRECISION):
            return _("Give the value with at most four decimals.")
        low, high = self.value_bounds()
        shown = format_number(value, None)  # as the person writes numbers: "120,5", "−5"
        if low is not None and value < low:
            return _("%(value)s is below %(low)s, impossible for “%(metric)s” (unit: %(unit)s).") % {
                "value": shown, "low": format_number(low, None), "metric": self.name, "unit": self.get_unit_display()}
        if high is not None and value > high:
            return _("%(value)s is above %(high)s, impossible for “%(metric)s” (unit: %(unit)s).") % {
                "value": shown, "high": format_number(high, None), "metric": self.name,
                "unit": self.get_unit_display()}
        if self.must_be_whole and value != value.to_integral_value():
            return _("%(value)s is not a whole number, impossible for “%(metric)s” (a count).") % {
                "value": shown, "metric": self.name}
        return None

    def format(self, value) -> str:
        """A value with the catalogue's decimals and unit, written as the page's language writes
        numbers (cooperation.base.numbers: "10,3 %" in Finnish and Swedish, "10.3%" in English)."""
        if value is None:
            return ""
        return format_with_unit(value, self.unit, self.decimals)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def validate_month_not_in_future(month: dt.date | None) -> None:
    """A month that has not begun yet has no figures: refused on forms, in the API and on the command line."""
    if month and month_start(month) > timezone.localdate():
        raise ValidationError(_("The month cannot be in the future."), code="future")


class ImportBatch(models.Model):
    """One import: an uploaded file (kept for preview, then applied), an API call or a form entry."""

    class Format(models.TextChoices):
        JSONSTAT = "jsonstat", _("StatFin JSON-stat 2.0")
        CSV = "csv", _("portal CSV")
        FORM = "form", _("form")
        API = "api", _("API")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("waiting for confirmation")
        APPLIED = "applied", _("applied")
        DISCARDED = "discarded", _("discarded")

    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content = models.BinaryField(_("content"), blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="metric_imports", verbose_name=_("imported by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("new values"), default=0)
    updated_count = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged values"), default=0)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.file_name} ({local_time_text(self.created_at)})"

    @staticmethod
    def can_be_made_by(user) -> bool:
        """Importing figures: officials and administrators (roles in apps.py)."""
        return bool(user.is_authenticated and user.has_perm("monitoring.add_importbatch"))

    def can_be_handled_by(self, user) -> bool:
        """Seeing, applying or discarding a preview: the person who uploaded it (administrators: any)."""
        return self.can_be_made_by(user) and (self.created_by_id == user.pk
                                               or user.has_perm("monitoring.change_metric"))


class ObservationQuerySet(models.QuerySet):
    def for_months(self, first: dt.date, last: dt.date) -> ObservationQuerySet:
        return self.filter(month__gte=first, month__lte=last)

    def totals(self) -> ObservationQuerySet:
        """Without breakdown rows (e.g. service lines of metrics 8–10)."""
        return self.filter(breakdown="")


class Observation(models.Model):
    """A value of a metric for an area and month. Suppressed values have no value, never 0."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="observations",
                               verbose_name=_("metric"))
    area_code = models.CharField(_("area"), max_length=10, db_index=True)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    breakdown = models.CharField(_("breakdown"), max_length=40, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    status = models.CharField(_("status mark"), max_length=10, blank=True, help_text=_('e.g. "..." in StatFin'))
    source = models.CharField(_("source"), max_length=200, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="observations", verbose_name=_("import batch"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["metric", "area_code", "month"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "area_code", "month", "breakdown"],
                                    name="observation_unique_cell"),
            models.CheckConstraint(condition=Q(suppressed=True, value__isnull=True) | Q(suppressed=False,
                                   value__isnull=False), name="observation_value_xor_suppressed"),
        ]
        indexes = [models.Index(fields=["month", "metric"])]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.area_code} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Give the month, not a day.")})
        if self.metric_id and self.value is not None and (problem := self.metric.value_problem(self.value)):
            raise ValidationError({"value": problem})

    @staticmethod
    def can_be_entered_by(user) -> bool:
        """Entering a figure by hand (the form limits the areas to the person's own)."""
        return bool(user.is_authenticated and user.has_perm("monitoring.add_observation"))


class TargetQuerySet(models.QuerySet):
    def overlapping(self, *, metric_id: int, area_code: str, start: dt.date, end: dt.date) -> TargetQuerySet:
        """Targets of the same metric and area whose period shares at least one day with start–end.

        The kind does not matter: the report shows one target per metric and area and month, so two
        targets in force at once would make it pick one silently."""
        return self.filter(metric_id=metric_id, area_code=area_code, period_start__lte=end, period_end__gte=start)


class Target(models.Model):
    """A national or programme target for a metric over a period (optionally for one area).

    Edited on the monitoring pages (monitoring.target_views) and in the admin; both validate with
    clean() below. services.target_save re-checks under a lock on the metric row, so two people
    saving overlapping targets at the same moment cannot both succeed."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national target")
        PROGRAMME = "programme", _("programme target")

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="targets", verbose_name=_("metric"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROGRAMME)
    area_code = models.CharField(_("area"), max_length=10, blank=True, help_text=_("Empty: every area."))
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["metric", "period_start"]
        constraints = [models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                              name="target_period_in_order")]

    def __str__(self) -> str:
        period = f"{self.period_start:%m/%Y}–{self.period_end:%m/%Y}"
        return f"{self.metric.name}: {self.metric.format(self.value)} ({period})"

    def can_be_saved_by(self, user) -> bool:
        return bool(user.is_authenticated and user.has_perm(
            "monitoring.change_target" if self.pk else "monitoring.add_target"))

    def can_be_deleted_by(self, user) -> bool:
        return bool(user.is_authenticated and user.has_perm("monitoring.delete_target"))

    @property
    def period_label(self) -> str:
        start, end = self.period_start, self.period_end
        return f"{start.day}.{start.month}.{start.year}–{end.day}.{end.month}.{end.year}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period must end after it starts.")
        if self.metric_id and self.value is not None and (problem := self._value_problem()):
            errors["value"] = problem
        period_ok = self.period_start and self.period_end and "period_end" not in errors
        if self.metric_id and period_ok and (problem := self._overlap_problem()):
            errors["period_start"] = problem
        if errors:
            raise ValidationError(errors)

    def _value_problem(self) -> str | None:
        """The value outside what the metric can take, in words naming the limit."""
        return self.metric.value_problem(self.value)

    def _overlap_problem(self) -> str | None:
        """Another target of the same metric and area in force on a day of this period, named."""
        clash = (Target.objects.overlapping(metric_id=self.metric_id, area_code=self.area_code,
                                            start=self.period_start, end=self.period_end)
                 .exclude(pk=self.pk).order_by("period_start").first())
        if clash is None:
            return None
        return _(
            "This period overlaps another target for the same metric and area: %(kind)s %(value)s, "
            "%(period)s. Shorten or remove that target first, or choose another period."
        ) % {"kind": clash.get_kind_display(), "value": self.metric.format(clash.value),
             "period": clash.period_label}


class Commentary(models.Model):
    """The knowledge-management group's commentary on a month; it goes into the report."""

    month = models.DateField(_("month"), unique=True)
    text = models.TextField(_("commentary"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("written by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commentary")
        verbose_name_plural = _("commentaries")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"

    @staticmethod
    def can_be_written_by(user) -> bool:
        """The knowledge-management working group and administrators (roles in apps.py)."""
        return bool(user.is_authenticated and user.has_perm("monitoring.change_commentary"))


class ReportRequestQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> ReportRequestQuerySet:
        """The one rule of who sees report requests and downloads their PDFs: every list, page,
        download, status poll, API call, dashboard panel and e-mail goes through here."""
        return self if can_download_reports(user) else self.none()


def can_download_reports(user) -> bool:
    """Steering group and the parties' officials (see docs/permissions.md)."""
    return bool(user.is_authenticated and user.has_perm("monitoring.view_reportrequest"))


def report_audience():
    """The audience of a monthly report: every active person `can_download_reports` admits (the
    download right does not depend on the report). The report is rendered once for all of them, so
    its content is what every one of them may see (reports.report_context reads with these readers).

    The same people as ModelBackend's `with_perm` (superusers, the permission through a group or
    given directly), asked as two EXISTS: `with_perm`'s OR across outer joins made PostgreSQL join the
    permission tables again for each of 10 000 people (3 s at ten years of use; this: milliseconds)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user_model = get_user_model()
    permission = Permission.objects.filter(content_type__app_label="monitoring", codename="view_reportrequest")
    via_group = user_model.groups.through.objects.filter(user=OuterRef("pk"), group__permissions__in=permission)
    given = user_model.user_permissions.through.objects.filter(user=OuterRef("pk"), permission__in=permission)
    # Only what the rules read of a reader (the few whose rules the intersection asks, see
    # VisibilityQuerySet.visible_to_every): building 3 000 full people and their parties cost 0.1 s.
    return (user_model.objects.filter(Q(is_superuser=True) | Exists(via_group) | Exists(given), is_active=True)
            .only("id", "email", "is_superuser", "is_staff", "is_active", "party_id", "language").order_by("pk"))


@protected
class ReportRequest(VisibilityRuleMixin, models.Model):
    """A monthly report: a row first, then the worker renders it. One row = one version."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RENDERING = "rendering", _("rendering")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    month = models.DateField(_("month"))
    authority = models.ForeignKey("parties.EmploymentAuthority", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("employment authority"),
                                  help_text=_("Empty: the steering group's report covering both authorities."))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="fi")
    version = models.PositiveIntegerField(_("version"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("last sent to the worker"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("rendering started"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    # Touched by the rendering worker every few seconds; a stale one means the worker was lost.
    heartbeat_at = models.DateTimeField(_("last sign of the rendering worker"), null=True, blank=True,
                                        editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="monitoring/reports/", blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["month", "authority", "language", "version"],
                                    name="report_unique_version"),
            models.UniqueConstraint(fields=["month", "language", "version"], condition=Q(authority__isnull=True),
                                    name="report_unique_version_steering"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.scope_label} v{self.version}"

    @property
    def scope_label(self) -> str:
        return str(self.authority) if self.authority_id else str(_("Steering group"))

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @staticmethod
    def can_be_requested_by(user) -> bool:
        """Requesting a report: officials and administrators (roles in apps.py)."""
        return bool(user.is_authenticated and user.has_perm("monitoring.add_reportrequest"))

    def clean(self) -> None:
        try:
            validate_month_not_in_future(self.month)
        except ValidationError as error:
            raise ValidationError({"month": error}) from None

    def download_name(self) -> str:
        """raportti-ohjausryhma-2026-11-v1.pdf, rapport-styrgruppen-…, report-steering-group-…: in the
        report's language, the authority by its name (cooperation.base.filenames)."""
        with translation.override(self.language):
            scope = str(self.authority) if self.authority_id else "steering-group"
            return file_name("report", scope, f"{self.month:%Y-%m}", f"v{self.version}", extension="pdf")


class ReportDownload(models.Model):
    """Who downloaded which report version, when (downloads are logged)."""

    report = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="downloads",
                               verbose_name=_("report"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                             verbose_name=_("person"))
    via = models.CharField(_("via"), max_length=10, default="web")
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.report} – {self.user} {local_time_text(self.at)}"


class ReportSubscription(models.Model):
    """A person who gets an e-mail with the link when a monthly report is ready."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("person"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return str(self.user)


class StatFinFetch(models.Model):
    """One query of a StatFin PxWeb table, scheduled or asked for on the monitoring page: a row first,
    then the worker fetches and imports all or nothing. Provenance: table, query, time, batch."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("fetching")
        APPLIED = "applied", _("imported")
        UNCHANGED = "unchanged", _("no new figures")
        FAILED = "failed", _("failed")

    table = models.CharField(_("StatFin table"), max_length=20)
    query = models.JSONField(_("query"), default=dict, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("import batch"))
    new_count = models.PositiveIntegerField(_("new values"), default=0)
    changed_count = models.PositiveIntegerField(_("changed values"), default=0)
    jump_count = models.PositiveIntegerField(_("values to check"), default=0)
    error = models.TextField(_("error"), blank=True)
    error_texts = models.JSONField(_("error in each language"), default=dict, blank=True,
                                   help_text=_("The reason in each of the portal's languages (language code → text)."))

    class Meta:
        verbose_name = _("StatFin fetch")
        verbose_name_plural = _("StatFin fetches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.table} {local_time_text(self.created_at)}"

    @property
    def error_text(self) -> str:
        """The reason in the reader's language (the worker stores it in each of the portal's)."""
        return self.error_texts.get((translation.get_language() or "fi")[:2]) or self.error

    @staticmethod
    def can_be_requested_by(user) -> bool:
        """Fetching now: whoever may import figures (officials, administrators)."""
        return ImportBatch.can_be_made_by(user)


class PeerGroup(models.Model):
    """The employment areas an authority compares itself with (vertailuryhmä), chosen in a page by the
    knowledge-management working group. Without a row the default applies (monitoring.standing)."""

    authority_area = models.OneToOneField(
        ReferenceArea, on_delete=models.PROTECT, related_name="peer_group", limit_choices_to={"kind": "area"},
        verbose_name=_("employment authority's area"))
    areas = models.ManyToManyField(ReferenceArea, related_name="+", blank=True, limit_choices_to={"kind": "area"},
                                   verbose_name=_("peer areas"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    MAX_AREAS = 15

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")

    def __str__(self) -> str:
        return str(self.authority_area.name_fi)

    def clean(self) -> None:
        if self.authority_area_id and self.authority_area.kind != ReferenceArea.Kind.EMPLOYMENT_AREA:
            raise ValidationError({"authority_area": _("Choose an employment area.")})

    @staticmethod
    def clean_areas(authority_area: ReferenceArea, areas) -> None:
        """The chosen peers: employment areas, not the authority's own, at most MAX_AREAS."""
        areas = list(areas)
        if any(a.kind != ReferenceArea.Kind.EMPLOYMENT_AREA for a in areas):
            raise ValidationError({"areas": _("Choose employment areas only.")})
        if any(a.pk == authority_area.pk for a in areas):
            raise ValidationError({"areas": _("The authority's own area is not its own peer.")})
        if len(areas) > PeerGroup.MAX_AREAS:
            raise ValidationError({"areas": _("Choose at most %(n)d areas.") % {"n": PeerGroup.MAX_AREAS}})

    @staticmethod
    def can_be_changed_by(user) -> bool:
        return bool(user.is_authenticated and user.has_perm("monitoring.change_peergroup"))

class DecisionMetricLinkQuerySet(VisibilityQuerySet):
    def visible_to(self, user) -> DecisionMetricLinkQuerySet:
        """A link is part of its decision: seen by exactly those who see the decision."""
        from workgroups.models import Decision

        return self.filter(decision__in=Decision.objects.visible_to(user))

    def open_data(self) -> DecisionMetricLinkQuerySet:
        """The links of published public decisions (the open API's part of the same rule)."""
        from workgroups.models import Decision

        # visibility: the open API's part of Decision's own rule (public decisions of published minutes)
        return self.filter(decision__in=Decision.objects.open_data())


@protected
class DecisionMetricLink(VisibilityRuleMixin, models.Model):
    """A metric (in an area) that a decision aims to move, the intended direction and an optional target.

    Data of the decision: the body's secretary names it when recording the decision or later (also
    after the minutes lock: it annotates the decision, it does not change what was decided, so a
    correction of the decision keeps it). Written through services.decision_links_save (audited)."""

    class Direction(models.TextChoices):
        DOWN = "down", _("down")
        UP = "up", _("up")

    decision = models.ForeignKey("workgroups.Decision", on_delete=models.CASCADE, related_name="metric_links",
                                 verbose_name=_("decision"))
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="decision_links",
                               verbose_name=_("metric"))
    area = models.ForeignKey(ReferenceArea, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("area"))
    direction = models.CharField(_("intended direction"), max_length=4, choices=Direction.choices)
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("linked by"))
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    objects = DecisionMetricLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric linked to a decision")
        verbose_name_plural = _("metrics linked to decisions")
        ordering = ["decision", "metric__number", "area__code"]
        constraints = [models.UniqueConstraint(fields=["decision", "metric", "area"],
                                               name="decision_metric_link_unique")]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.metric.code} {self.area.code} {self.direction}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.metric_id and not self.metric.is_active:
            errors["metric"] = _("“%(metric)s” is no longer monitored; choose an active metric.") % {
                "metric": self.metric.name}
        if self.area_id and self.area.kind == ReferenceArea.Kind.COUNTRY:
            errors["area"] = _("The whole country is the comparison; choose the area the decision concerns.")
        if self.metric_id and self.target_value is not None and (problem := self.metric.value_problem(
                self.target_value)):
            errors["target_value"] = problem
        if self.target_date and self.decision_id:
            decided = timezone.localtime(self.decision.agenda_item.meeting.starts_at).date()
            if self.target_date < decided:
                errors["target_date"] = _("The target date cannot be before the decision (%(day)s).") % {
                    "day": f"{decided.day}.{decided.month}.{decided.year}"}
        if errors:
            raise ValidationError(errors)
