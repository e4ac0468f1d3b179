import datetime as dt
from decimal import Decimal

import factory

from monitoring.models import Commentary, Metric, Observation, ReportRequest, Target


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Metric
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-metric-{n}")
    name_fi = factory.Sequence(lambda n: f"Testimittari {n}")
    name_sv = factory.Sequence(lambda n: f"Testmätare {n}")
    name_en = factory.Sequence(lambda n: f"Test metric {n}")
    unit = Metric.Unit.COUNT
    good_direction = Metric.Direction.LOWER
    source_kind = Metric.SourceKind.MANUAL


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    metric = factory.SubFactory(MetricFactory)
    area_code = "KU398"
    month = dt.date(2025, 10, 1)
    value = Decimal("10.0")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    metric = factory.SubFactory(MetricFactory)
    value = Decimal("10")
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2026, 12, 31)


class CommentaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commentary

    month = dt.date(2025, 10, 1)
    text = "Työttömyys laski."


class ReportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRequest

    month = dt.date(2025, 10, 1)
    version = factory.Sequence(lambda n: n + 1)
