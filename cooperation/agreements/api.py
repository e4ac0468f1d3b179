"""REST endpoints of agreements (/api/v1/agreements/) and the programme (/api/v1/programme/).

Same rules as the pages: everyone logged in reads; non-public attachments only to the parties'
representatives; writes (signatures, amendments) by the parties' contact people and administrators,
through the same services as the pages.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from parties.models import Party

from . import services
from .models import (
    Accession,
    Agreement,
    AgreementParty,
    Amendment,
    Attachment,
    CooperationArea,
    Dispute,
    Indicator,
    Measure,
    Objective,
    Programme,
    ProgrammeVersion,
    Section,
    SectionChange,
    Signature,
    Withdrawal,
)


class AgreementMembershipSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name_fi", read_only=True)
    role = serializers.CharField(read_only=True, help_text="party, responsible_municipality, "
                                 "administrative_responsible")

    class Meta:
        model = AgreementParty
        fields = ["id", "party", "party_name", "role", "designation", "joined_on", "left_on"]


class AgreementSignatureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signature
        fields = ["id", "party", "signatory", "signatory_title", "signed_on", "place", "method",
                  "authorising_body", "authorising_date", "authorising_section", "note", "accession"]
        read_only_fields = ["id", "accession"]


class AgreementSectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "number", "heading_fi", "heading_sv", "text_fi", "text_sv"]


class AgreementAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "number", "title_fi", "title_sv", "publicity", "secrecy_ground", "note"]


class AgreementSectionChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SectionChange
        fields = ["id", "number", "heading_before", "heading_after", "text_before", "text_after"]


class AgreementAmendmentSerializer(serializers.ModelSerializer):
    changes = AgreementSectionChangeSerializer(many=True, read_only=True)

    class Meta:
        model = Amendment
        fields = ["id", "number", "title", "explanation", "decision", "decision_reference", "decided_on",
                  "effective_on", "changes"]


class AgreementAccessionSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True)
    class Meta:
        model = Accession
        fields = ["id", "party", "role", "conditions", "decision", "decision_reference", "decided_on", "effective_on"]


class AgreementWithdrawalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Withdrawal
        fields = ["id", "party", "reason", "decision", "decision_reference", "decided_on", "effective_on"]


class AgreementDisputeSerializer(serializers.ModelSerializer):
    negotiation_deadline = serializers.DateField(read_only=True)
    escalation_route = serializers.CharField(read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = ["id", "subject", "invited_by", "invited_party", "invitation_date", "negotiation_deadline",
                  "escalation_route", "status", "resolved_on", "escalated_on"]

    def get_status(self, obj) -> str:
        return obj.status_on()


class AgreementListSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="letter_of_intent, cooperation, sub_agreement, "
                                 "municipal_cooperation, other")
    state = serializers.SerializerMethodField()
    parties = AgreementMembershipSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "kind", "title_fi", "title_sv", "short_name", "state", "valid_from", "valid_until",
                  "end_condition_fi", "end_condition_met_on", "terminated_on", "superseded_by", "parent", "parties"]

    def get_state(self, obj) -> str:
        return obj.state_on()


class AgreementDetailSerializer(AgreementListSerializer):
    signatures = AgreementSignatureSerializer(many=True, read_only=True)
    sections = AgreementSectionSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    amendments = AgreementAmendmentSerializer(many=True, read_only=True)
    accessions = AgreementAccessionSerializer(many=True, read_only=True)
    withdrawals = AgreementWithdrawalSerializer(many=True, read_only=True)
    disputes = AgreementDisputeSerializer(many=True, read_only=True)

    class Meta(AgreementListSerializer.Meta):
        fields = [*AgreementListSerializer.Meta.fields, "legal_basis", "purpose", "dispute_negotiation_months",
                  "dispute_forum", "signatures", "sections", "attachments", "amendments", "accessions",
                  "withdrawals", "disputes"]

    @extend_schema_field(AgreementAttachmentSerializer(many=True))
    def get_attachments(self, obj) -> list[dict]:
        return AgreementAttachmentSerializer(obj.visible_attachments(self.context["request"].user), many=True).data


class AgreementSectionEditSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20)
    heading_fi = serializers.CharField(max_length=300)
    text_fi = serializers.CharField(allow_blank=True)
    heading_sv = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    text_sv = serializers.CharField(required=False, allow_blank=True, default="")


class AgreementAmendmentWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    decision_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    effective_on = serializers.DateField()
    changes = AgreementSectionEditSerializer(many=True)


class AgreementSignatureWriteSerializer(serializers.Serializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all())
    signatory = serializers.CharField(max_length=200)
    signatory_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signed_on = serializers.DateField()
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    authorising_body = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    authorising_date = serializers.DateField(required=False, allow_null=True, default=None)
    authorising_section = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _detail_queryset(user):
    disputes = Dispute.objects.visible_to(user).select_related("agreement")
    return Agreement.objects.visible_to(user).select_related("superseded_by").prefetch_related(
        Prefetch("memberships", queryset=AgreementParty.objects.select_related("party")),
        "signatures", "sections", Prefetch("amendments", queryset=Amendment.objects.prefetch_related(
            "changes")), "accessions", "withdrawals", Prefetch("disputes", queryset=disputes),
    )


def _run_service(call):
    try:
        return call()
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


AGREEMENT_EXAMPLE = OpenApiExample("The cooperation agreement in force", response_only=True, value={
    "id": 2, "kind": "municipal_cooperation", "title_fi": "Päijät-Hämeen työllisyysalueen yhteistoimintasopimus",
    "title_sv": "Samarbetsavtal för Päijänne-Tavastlands sysselsättningsområde", "short_name": "Yhteistoimintasopimus",
    "state": "in_force", "valid_from": "2025-01-01", "valid_until": None, "end_condition_fi": "",
    "end_condition_met_on": None, "terminated_on": None, "superseded_by": None, "parent": None,
    "parties": [{"party": 3, "party_name": "Lahden kaupunki", "role": "responsible_municipality", "designation": "",
                 "joined_on": "2025-01-01", "left_on": None}]})


@extend_schema_view(list=extend_schema(examples=[AGREEMENT_EXAMPLE]))
class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Agreements with their parties, signatures, sections, attachments and history."""

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            return Agreement.objects.visible_to(user).with_parties().order_by("pk")
        return _detail_queryset(user).order_by("pk")

    def get_serializer_class(self):
        return AgreementListSerializer if self.action == "list" else AgreementDetailSerializer

    @extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="The day (default today)")],
                   responses=AgreementMembershipSerializer(many=True))
    @action(detail=True, methods=["get"])
    def parties(self, request, pk=None, format=None):
        """Who was a party on a given day (?on=YYYY-MM-DD)."""
        agreement = self.get_object()
        day = timezone.localdate()
        if request.query_params.get("on"):
            field = serializers.DateField()
            try:
                day = field.to_internal_value(request.query_params["on"])
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"on": exc.detail}) from exc
        return Response(AgreementMembershipSerializer(agreement.memberships_on(day), many=True).data)

    @extend_schema(request=AgreementSignatureWriteSerializer, responses={201: AgreementSignatureSerializer})
    @action(detail=True, methods=["post"])
    def signatures(self, request, pk=None, format=None):
        """Record a party's signature of the agreement.

        The agreement's contact persons record their party's signature; 201 with the signature.
        """
        agreement = self.get_object()
        data = AgreementSignatureWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        signature = _run_service(lambda: services.record_signature(
            agreement=agreement, acting_user=request.user, **data.validated_data))
        return Response(AgreementSignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgreementAmendmentWriteSerializer, responses={201: AgreementAmendmentSerializer})
    @action(detail=True, methods=["post"])
    def amendments(self, request, pk=None, format=None):
        """Record an amendment to the agreement.

        The decision behind it, the day it takes effect and the sections it changes; 201 with the
        amendment. The consolidated text follows from the amendments.
        """
        agreement = self.get_object()
        data = AgreementAmendmentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        changes = [services.SectionEdit(**c) for c in values.pop("changes")]
        amendment = _run_service(lambda: services.record_amendment(
            agreement=agreement, acting_user=request.user, changes=changes, **values))
        return Response(AgreementAmendmentSerializer(amendment).data, status=status.HTTP_201_CREATED)


class ProgrammeIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "name_fi", "name_sv", "metric_code", "area_code", "unit", "baseline_value",
                  "baseline_period", "target_value", "target_period"]


class ProgrammeMeasureSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="planned, in_progress, delayed, done, cancelled")
    class Meta:
        model = Measure
        fields = ["id", "title", "objective", "area", "owner", "owner_text", "starts_on", "due_on", "status",
                  "status_note"]


class ProgrammeObjectiveSerializer(serializers.ModelSerializer):
    indicators = ProgrammeIndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["id", "number", "title_fi", "title_sv", "indicators"]


class ProgrammeAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = CooperationArea
        fields = ["id", "code", "name_fi", "name_sv", "description_fi", "responsible_group"]


class ProgrammeVersionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="draft, adopted, superseded")
    objectives = ProgrammeObjectiveSerializer(many=True, read_only=True)
    areas = ProgrammeAreaSerializer(many=True, read_only=True)
    measures = ProgrammeMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeVersion
        fields = ["id", "version", "status", "adopted_on", "decision_reference", "period", "summary",
                  "objectives", "areas", "measures"]


class ProgrammeSerializer(serializers.ModelSerializer):
    versions = ProgrammeVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "title_fi", "title_sv", "agreement", "versions"]


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """The employment promotion programme: versions, objectives, areas, measures and indicators."""

    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        if not self.request.user.is_authenticated:
            return Programme.objects.none()
        return Programme.objects.prefetch_related(
            Prefetch("versions", queryset=ProgrammeVersion.objects.prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.prefetch_related("indicators")),
                "areas", "measures")),
        ).order_by("pk")


def register(router) -> None:
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("programme", ProgrammeViewSet, basename="programme")

