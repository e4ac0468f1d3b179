"""REST endpoints of monitoring, added to /api/v1/ by cooperation.api.build_router.

areas (read: every known area of Statistics Finland's classification), metrics (read),
observations (read with filters; bulk ingest with a token, the same validation as file imports),
targets (read; edited on the pages), reports (list, request, download).
"""

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import FileResponse, Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from . import services
from .areas import AreaRegistry, user_area_codes
from .imports import ImportRefused, parse_month
from .models import ImportBatch, Metric, Observation, ReferenceArea, ReportRequest, Target


class HasModelPerm(permissions.BasePermission):
    """Reads need the model's view permission; writes the add permission (roles, see apps.py)."""

    def has_permission(self, request, view):
        model = view.perm_model
        action_name = "view" if request.method in permissions.SAFE_METHODS else "add"
        return request.user.is_authenticated and request.user.has_perm(
            f"monitoring.{action_name}_{model._meta.model_name}")


class AreaSerializer(serializers.ModelSerializer):
    employment_area = serializers.SerializerMethodField(
        help_text="For a municipality: the code of its employment area on ?on= (default today); "
                  "null in Åland, outside the reform.")

    class Meta:
        model = ReferenceArea
        fields = ["id", "code", "kind", "name_fi", "name_sv", "region_code", "responsible_code", "employment_area",
                  "population", "valid_from", "valid_until"]

    def get_employment_area(self, obj) -> str | None:
        if obj.kind != ReferenceArea.Kind.MUNICIPALITY:
            return None
        return self.context["registry"].employment_area_of(obj.code, self.context["on"])


ON_PARAMETER = OpenApiParameter("on", OpenApiTypes.DATE, description="The day whose employment areas the "
                                "municipalities' `employment_area` gives, YYYY-MM-DD (default today)")


@extend_schema_view(
    list=extend_schema(parameters=[ON_PARAMETER, OpenApiParameter(
        "kind", OpenApiTypes.STR, enum=[k.value for k in ReferenceArea.Kind], description="Only areas of this kind")]),
    retrieve=extend_schema(parameters=[ON_PARAMETER]),
)
class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Every known area: municipalities (with their employment area on ?on=YYYY-MM-DD), employment
    areas, regions and the whole country. Filter with ?kind=municipality|area|region|country."""

    serializer_class = AreaSerializer
    lookup_field = "code"
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        queryset = ReferenceArea.objects.order_by("kind", "code")
        kind = self.request.query_params.get("kind")
        return queryset.filter(kind=kind) if kind else queryset

    def get_serializer_context(self):
        import datetime as dt

        from django.utils import timezone
        from rest_framework.exceptions import ValidationError

        context = super().get_serializer_context()
        raw = self.request.query_params.get("on") if self.request else None
        try:
            context["on"] = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise ValidationError({"on": f"Impossible date {raw!r}; give YYYY-MM-DD."}) from None
        context["registry"] = AreaRegistry()
        return context


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = Metric
        fields = ["id", "number", "code", "name_fi", "name_sv", "name_en", "unit", "decimals", "good_direction",
                  "source_kind", "statfin_table", "source_code", "breakdown", "description"]


class MetricViewSet(viewsets.ReadOnlyModelViewSet):
    """The monitoring metrics catalogue (active metrics), with units, decimals and sources; by `code`."""

    serializer_class = MetricSerializer
    queryset = Metric.objects.filter(is_active=True)
    lookup_field = "code"
    permission_classes = [HasModelPerm]
    perm_model = Metric


class ObservationSerializer(serializers.ModelSerializer):
    metric = serializers.SlugRelatedField(slug_field="code", read_only=True)
    month = serializers.DateField(format="%Y-%m")

    class Meta:
        model = Observation
        fields = ["id", "metric", "area_code", "month", "breakdown", "value", "suppressed", "status", "source",
                  "updated_at"]


class MonthFilter(filters.CharFilter):
    def filter(self, qs, value):
        if not value:
            return qs
        month = parse_month(value)
        if month is None:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({self.field_name: f"Impossible month {value!r}; give YYYY-MM."})
        return qs.filter(**{f"month__{self.lookup_expr}": month})


class ObservationFilter(filters.FilterSet):
    metric = filters.CharFilter(field_name="metric__code")
    area = filters.CharFilter(field_name="area_code")
    month_from = MonthFilter(field_name="month", lookup_expr="gte")
    month_to = MonthFilter(field_name="month", lookup_expr="lte")

    class Meta:
        model = Observation
        fields = ["metric", "area", "month_from", "month_to"]


class BulkRowSerializer(serializers.Serializer):
    area_code = serializers.CharField()
    month = serializers.CharField()
    metric = serializers.CharField()
    value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    status = serializers.CharField(required=False, allow_blank=True)
    source = serializers.CharField(required=False, allow_blank=True)


OBSERVATION_EXAMPLE = OpenApiExample("The unemployment rate of Lahti in February 2026", response_only=True, value={
    "id": 91544, "metric": "unemployment-rate", "area_code": "KU398", "month": "2026-02", "breakdown": "",
    "value": "14.3", "suppressed": False, "status": "", "source": "StatFin 12r5",
    "updated_at": "2026-03-25T06:10:00+02:00"})


@extend_schema_view(retrieve=extend_schema(examples=[OBSERVATION_EXAMPLE]))
class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Monthly values of the metrics per area; filter by `metric`, `area` and a month range."""

    serializer_class = ObservationSerializer
    # The order of the unique constraint's index (metric, area, month, breakdown): a page reads the
    # index instead of sorting ~360 000 rows by the metric's code through a join.
    queryset = Observation.objects.select_related("metric").order_by("metric_id", "area_code", "month", "breakdown")
    filterset_class = ObservationFilter
    permission_classes = [HasModelPerm]
    perm_model = Observation

    @extend_schema(
        request=inline_serializer("BulkIngest", {"rows": BulkRowSerializer(many=True)}),
        responses=inline_serializer("BulkResult", {"new": serializers.IntegerField(),
                                                    "changed": serializers.IntegerField(),
                                                    "unchanged": serializers.IntegerField()}),
        summary="Add or update observations in bulk",
        description="All or nothing, idempotent. Either {\"rows\": [...]} in the portal CSV's columns, or a "
                    "StatFin JSON-stat 2.0 dataset as the body. Errors name the row or cell (400).",
    )
    @action(detail=False, methods=["post"], parser_classes=[JSONParser])
    def bulk(self, request, format=None):
        if not ImportBatch.can_be_made_by(request.user):
            return Response({"detail": "You may not import monitoring data."}, status=status.HTTP_403_FORBIDDEN)
        body = request.data
        if isinstance(body, dict) and body.get("class") == "dataset":
            import json

            content = json.dumps(body).encode()
        elif isinstance(body, dict) and isinstance(body.get("rows"), list):
            content = rows_to_csv(body["rows"])
        else:
            return Response({"errors": ["Send {\"rows\": [...]} or a JSON-stat 2.0 dataset."]},
                            status=status.HTTP_400_BAD_REQUEST)
        try:
            result = services.import_content(content=content, file_name="api", acting_user=request.user,
                                             fmt_label="api", allowed_areas=user_area_codes(request.user))
        except ImportRefused as refused:
            return Response({"errors": refused.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"new": len(result.new), "changed": len(result.changed), "unchanged": result.unchanged})


def rows_to_csv(rows: list) -> bytes:
    """JSON rows → the portal CSV, so the API validates exactly like a file import."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["area_code", "month", "metric", "value", "status", "source"])
    for row in rows:
        row = row if isinstance(row, dict) else {}
        value = row.get("value")
        writer.writerow([row.get("area_code", ""), row.get("month", ""), row.get("metric", ""),
                         "" if value is None else str(value), row.get("status", ""), row.get("source", "API")])
    return out.getvalue().encode()


class TargetSerializer(serializers.ModelSerializer):
    metric = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "metric", "kind", "area_code", "value", "period_start", "period_end", "note"]


class TargetFilter(filters.FilterSet):
    metric = filters.CharFilter(field_name="metric__code")
    area = filters.CharFilter(field_name="area_code")
    on = filters.DateFilter(method="in_force_on", help_text="Targets in force on this day (YYYY-MM-DD).")

    class Meta:
        model = Target
        fields = ["metric", "kind", "area", "on"]

    def in_force_on(self, qs, _name, value):
        return qs.filter(period_start__lte=value, period_end__gte=value)


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Read only: targets are written on the monitoring pages, where the overlap rule is checked."""

    serializer_class = TargetSerializer
    queryset = Target.objects.select_related("metric").order_by("metric__code", "area_code", "period_start")
    filterset_class = TargetFilter
    permission_classes = [HasModelPerm]
    perm_model = Target


class ReportSerializer(serializers.ModelSerializer):
    month = serializers.CharField(help_text="YYYY-MM")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRequest
        fields = ["id", "month", "authority", "language", "version", "status", "created_at", "finished_at",
                  "checksum", "size", "error", "download_url"]
        read_only_fields = ["version", "status", "created_at", "finished_at", "checksum", "size", "error"]

    def get_download_url(self, obj) -> str | None:
        if obj.status != ReportRequest.Status.READY:
            return None
        return self.context["request"].build_absolute_uri(f"/api/v1/monitoring/reports/{obj.pk}/download/")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["month"] = f"{instance.month:%Y-%m}"
        return data

    def validate_month(self, value):
        month = parse_month(value)
        if month is None:
            raise serializers.ValidationError("Give the month as YYYY-MM.")
        return month


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Monthly monitoring reports: request one (rendered by the worker), follow its status, download the PDF."""

    serializer_class = ReportSerializer
    permission_classes = [HasModelPerm]
    perm_model = ReportRequest

    def get_queryset(self):
        return ReportRequest.objects.visible_to(self.request.user).select_related("authority")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.report_request(month=data["month"], authority=data.get("authority"),
                                                          language=data.get("language", "fi"),
                                                          acting_user=self.request.user)
        except ModelValidationError as error:  # the model's rules, by field (e.g. a month in the future)
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None, format=None):
        """Download the report's PDF.

        The PDF/UA document with its data as an attached CSV; 404 until the report is ready. The
        download is recorded.
        """
        report = self.get_object()
        if not report.is_downloadable:
            raise Http404
        services.report_download_record(report=report, acting_user=request.user, via="api")
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.download_name(),
                            content_type="application/pdf")


def register(router) -> None:
    """Register this app's viewsets on the shared router."""
    router.register("monitoring/areas", AreaViewSet, basename="monitoring-area")
    router.register("monitoring/metrics", MetricViewSet, basename="monitoring-metric")
    router.register("monitoring/observations", ObservationViewSet, basename="monitoring-observation")
    router.register("monitoring/targets", TargetViewSet, basename="monitoring-target")
    router.register("monitoring/reports", ReportViewSet, basename="monitoring-report")
