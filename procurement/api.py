"""REST endpoints of procurement, added to /api/v1/ by cooperation.api.build_router.

Same rules as the pages: list querysets are filtered by the person (visible_to), object writes
defer to the model rules (ObjectRulePermission), serializers run model.clean(), and every write goes
through procurement.services (the model rule again, one transaction, the API caller as the audit
actor). A service's PermissionDenied is a 403, its ValidationError a 400.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation.base.api import ModelCleanMixin, ObjectRulePermission
from cooperation.base.query_params import plain_int

from . import models, services
from .ocds import record_package, release_package
from .selectors import quota_rows


def _unsaved(serializer, **extra):
    """The serializer's row with the validated values applied, not saved: the service saves it."""
    instance = serializer.instance if serializer.instance is not None else serializer.Meta.model()
    for name, value in {**serializer.validated_data, **extra}.items():
        setattr(instance, name, value)
    return instance


def _through_service(serializer, call):
    """Run a service; its row becomes the serializer's instance (the response body)."""
    try:
        serializer.instance = call()
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class IsMemberOrCoordinator(permissions.BasePermission):
    def has_permission(self, request, view):
        return models.is_member(request.user) or models.is_coordinator(request.user)


class CostShareSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name_fi", read_only=True)

    class Meta:
        model = models.CostShare
        fields = ["id", "party", "party_name", "percent"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.ProcurementStage
        fields = ["id", "stage", "date", "decision", "decision_reference", "note"]


class ContractSerializer(serializers.ModelSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    supplier_business_id = serializers.CharField(source="supplier.business_id", read_only=True)

    class Meta:
        model = models.ProcurementContract
        fields = ["id", "title", "supplier", "supplier_name", "supplier_business_id", "terms", "value", "signed_on",
                  "starts_on", "ends_on"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.PaymentMilestone
        fields = ["id", "title", "description", "amount", "sequence"]


class ProcurementSerializer(ModelCleanMixin, serializers.ModelSerializer):
    cost_shares = CostShareSerializer(many=True, required=False)
    stages = StageSerializer(many=True, read_only=True)
    contracts = ContractSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    ocid = serializers.CharField(read_only=True)

    class Meta:
        model = models.JointProcurement
        fields = ["id", "ocid", "title", "description", "lead_party", "proposal", "cpv_code", "contract_type",
                  "estimated_value", "procedure", "hilma_notice_number", "cost_shares", "stages", "contracts",
                  "milestones"]

    def validate_cost_shares(self, value):
        shares = {row["party"]: row["percent"] for row in value}
        if len(shares) != len(value):
            raise serializers.ValidationError("A party can have only one cost share.")
        try:
            services.validate_cost_shares(shares)
        except services.ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value

    def validate(self, attrs):
        attrs = {**attrs}
        shares = attrs.pop("cost_shares", None)
        attrs = super().validate(attrs)
        if shares is not None:
            attrs["cost_shares"] = shares
        return attrs


class CoordinatorWrites(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return models.is_coordinator(request.user)


PROCUREMENT_EXAMPLE = OpenApiExample("A dynamic purchasing system for employment coaching", response_only=True, value={
    "id": 7, "ocid": "ocds-xxxxxx-7", "title": "Työhönvalmennuksen dynaaminen hankintajärjestelmä",
    "description": "Tulosperusteinen työhönvalmennus työttömille työnhakijoille.", "lead_party": 3, "proposal": None,
    "cpv_code": "79600000-0", "contract_type": "social_health", "estimated_value": "2400000.00", "procedure": "dps",
    "hilma_notice_number": "2026-012345",
    "cost_shares": [{"party": 3, "party_name": "Lahden kaupunki", "percent": "62.50"},
                    {"party": 5, "party_name": "Hollolan kunta", "percent": "37.50"}],
    "stages": [{"stage": "contract", "date": "2026-03-02", "decision": None, "decision_reference": "",
                "note": ""}],
    "contracts": [], "milestones": [{"title": "Työllistynyt 6 kuukaudeksi", "description": "", "amount": "1500.00",
                                     "sequence": 1}]})


@extend_schema_view(retrieve=extend_schema(examples=[PROCUREMENT_EXAMPLE]))
class ProcurementViewSet(viewsets.ModelViewSet):
    """Joint procurements: members read; the procurement group writes. `ocds/` gives the OCDS release
    package, `ocds-record/` the record package with the release history."""

    serializer_class = ProcurementSerializer
    permission_classes = [IsMemberOrCoordinator, CoordinatorWrites, ObjectRulePermission]
    filterset_fields = ["procedure", "lead_party", "cpv_code"]

    def get_queryset(self):
        return (models.JointProcurement.objects.visible_to(self.request.user).select_related("lead_party")
                .prefetch_related("cost_shares__party", "stages", "milestones",
                                  Prefetch("contracts", queryset=models.ProcurementContract.objects
                                           .select_related("supplier")))
                .order_by("-created_at", "-pk"))

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        rows = data.pop("cost_shares", None)
        shares = {row["party"]: row["percent"] for row in rows} if rows is not None else None
        procurement = serializer.instance if serializer.instance is not None else models.JointProcurement()
        for name, value in data.items():
            setattr(procurement, name, value)
        _through_service(serializer, lambda: services.procurement_save(
            procurement=procurement, cost_shares=shares, acting_user=self.request.user))

    perform_create = perform_update = _save

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def ocds(self, request, pk=None, format=None):
        """The procurement as an OCDS release package.

        OCDS 1.1 release package (uri, publishedDate, publisher, version, extensions) with the
        procurement's current release; the release's id and date change only when its data does.
        """
        return Response(release_package([self.get_object()], uri=request.build_absolute_uri()))

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="ocds-record", url_name="ocds-record")
    def ocds_record(self, request, pk=None, format=None):
        """The procurement as an OCDS record package.

        OCDS 1.1 record package: every release published so far (oldest first) and the compiled
        release (the current state).
        """
        procurement = self.get_object()
        release_uri = request.build_absolute_uri(reverse("procurement-ocds", args=[procurement.pk]))
        return Response(record_package(procurement, uri=request.build_absolute_uri(), release_uri=release_uri))


class NeedSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = models.ProcurementNeed
        fields = ["id", "party", "title", "service_type", "cpv_code", "target_groups", "estimated_volume",
                  "estimated_value", "needed_from", "needed_until", "justification", "status", "created_at"]
        read_only_fields = ["party", "status", "created_at"]


class NeedViewSet(viewsets.ModelViewSet):
    """Procurement needs: a party's people see and edit their own; the procurement group sees all."""

    serializer_class = NeedSerializer
    permission_classes = [IsMemberOrCoordinator, permissions.DjangoModelPermissions, ObjectRulePermission]
    filterset_fields = ["party", "status", "cpv_code"]

    def get_queryset(self):
        return models.ProcurementNeed.objects.visible_to(self.request.user).order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        if not self.request.user.party_id:
            raise serializers.ValidationError({"party": "Your account is not linked to an organisation."})
        self.perform_update(serializer)

    def perform_update(self, serializer):
        _through_service(serializer, lambda: services.need_save(need=_unsaved(serializer),
                                                                acting_user=self.request.user))


class DisruptionSerializer(ModelCleanMixin, serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = models.DisruptionReport
        fields = ["id", "contract", "reporting_party", "title", "description", "occurred_on", "reported_on",
                  "forwarded_on", "answer_due", "supplier_answer", "answered_on", "resolution", "resolved_on",
                  "status", "late"]
        read_only_fields = ["reporting_party", "reported_on", "forwarded_on", "answer_due", "supplier_answer",
                            "answered_on", "resolution", "resolved_on"]

    def get_late(self, obj) -> bool:
        return obj.is_late()


class DisruptionViewSet(viewsets.ModelViewSet):
    """Disruption reports on suppliers: a party's people report and see their own; the procurement
    group sees all and records the supplier's answer and the resolution."""

    serializer_class = DisruptionSerializer
    permission_classes = [IsMemberOrCoordinator, permissions.DjangoModelPermissions, ObjectRulePermission]

    def get_queryset(self):
        return models.DisruptionReport.objects.visible_to(self.request.user).order_by("-reported_on", "-pk")

    def perform_create(self, serializer):
        if not self.request.user.party_id:
            raise serializers.ValidationError({"reporting_party": "Your account is not linked to an organisation."})
        self.perform_update(serializer)

    def perform_update(self, serializer):
        _through_service(serializer, lambda: services.disruption_save(report=_unsaved(serializer),
                                                                      acting_user=self.request.user))


class QuotaSerializer(serializers.Serializer):
    appropriation = serializers.CharField()
    appropriation_id = serializers.IntegerField()
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    authority = serializers.CharField()
    authority_id = serializers.IntegerField()
    customers = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    usage_percent = serializers.DecimalField(max_digits=8, decimal_places=1)
    warning = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class QuotaViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Quotas of the current splits with usage; `?year=2026` (default: all years)."""

    serializer_class = QuotaSerializer
    permission_classes = [IsMemberOrCoordinator]

    def get_queryset(self):
        return models.Appropriation.objects.order_by("-year", "item")

    @extend_schema(parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Only this year's "
                                                "appropriations, e.g. 2026 (default: all years)")])
    def list(self, request, *args, **kwargs):
        appropriations = self.get_queryset()
        year = plain_int(request.query_params.get("year"), max_digits=4)
        if year is not None:
            appropriations = appropriations.filter(year=year)
        page = self.paginate_queryset(quota_rows(appropriations))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class StaffTransferSerializer(ModelCleanMixin, serializers.ModelSerializer):
    official_name = serializers.CharField(max_length=200)

    class Meta:
        model = models.StaffTransfer
        fields = ["id", "plan", "official_name", "consent_date", "from_office", "to_municipality", "resource",
                  "person_years", "starts_on", "ends_on"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Names only for HR and administrators of the parties involved: the rule is
        # StaffTransferQuerySet.names_visible_to; listed rows carry its answer (with_name_visibility).
        visible = instance.__dict__.get("name_visible")
        if visible is None:
            visible = instance.name_visible_to(self.context["request"].user)
        if not visible:
            data["official_name"] = None
        return data


class StaffTransferViewSet(viewsets.ModelViewSet):
    """Staff transfers of a transfer plan; the official's name only to HR and the administrators of
    the parties involved (null for others)."""

    serializer_class = StaffTransferSerializer
    permission_classes = [permissions.IsAuthenticated, permissions.DjangoModelPermissions, ObjectRulePermission]
    filterset_fields = ["plan", "to_municipality", "resource"]

    def get_queryset(self):
        user = self.request.user
        return (models.StaffTransfer.objects.visible_to(user).with_name_visibility(user)
                .select_related("plan", "to_municipality").order_by("plan", "starts_on", "pk"))

    def perform_create(self, serializer):
        # The own-organisation rule is StaffTransfer.can_be_created_by; the service refuses (403).
        _through_service(serializer, lambda: services.staff_transfer_save(transfer=_unsaved(serializer),
                                                                          acting_user=self.request.user))

    perform_update = perform_create


def register(router) -> None:
    router.register("procurements", ProcurementViewSet, basename="procurement")
    router.register("procurement-needs", NeedViewSet, basename="procurement-need")
    router.register("disruption-reports", DisruptionViewSet, basename="disruption-report")
    router.register("quotas", QuotaViewSet, basename="quota")
    router.register("staff-transfers", StaffTransferViewSet, basename="staff-transfer")
