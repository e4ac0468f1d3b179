from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from cooperation.base.api import ModelCleanMixin, ReadForMembersWriteWithModelPerms

from .models import EmploymentArea, EmploymentAreaMembership, Party, PartyName, PartySuccession


class PartyNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyName
        fields = ["id", "name_fi", "name_sv", "valid_from", "valid_until", "source"]


class PredecessorSerializer(serializers.ModelSerializer):
    party = serializers.IntegerField(source="predecessor_id", read_only=True)
    name_fi = serializers.CharField(source="predecessor.name_fi", read_only=True)

    class Meta:
        model = PartySuccession
        fields = ["id", "party", "name_fi", "effective_date", "duties", "source", "note"]


class SuccessorSerializer(serializers.ModelSerializer):
    party = serializers.IntegerField(source="successor_id", read_only=True)
    name_fi = serializers.CharField(source="successor.name_fi", read_only=True)

    class Meta:
        model = PartySuccession
        fields = ["id", "party", "name_fi", "effective_date", "duties", "source", "note"]


class PartySerializer(ModelCleanMixin, serializers.ModelSerializer):
    statfin_code = serializers.CharField(read_only=True)
    # The names before the current one, and the successions on both sides, with their dates.
    former_names = PartyNameSerializer(source="names", many=True, read_only=True)
    predecessors = PredecessorSerializer(source="successions_in", many=True, read_only=True)
    successors = SuccessorSerializer(source="successions_out", many=True, read_only=True)

    class Meta:
        model = Party
        fields = [
            "id", "kind", "name_fi", "name_sv", "business_id", "municipality_code", "statfin_code",
            "postal_address", "street_address", "postal_code", "post_office", "website",
            "valid_from", "valid_until", "notes", "former_names", "predecessors", "successors",
        ]


class PartyFilter(filters.FilterSet):
    name = filters.CharFilter(field_name="name_fi", lookup_expr="icontains")

    class Meta:
        model = Party
        fields = ["kind", "business_id", "municipality_code", "name"]


class PartyViewSet(viewsets.ModelViewSet):
    """Parties: every logged-in person reads; portal administrators write."""

    queryset = Party.objects.order_by("name_fi").prefetch_related(
        "names",
        Prefetch("successions_in", queryset=PartySuccession.objects.select_related("predecessor")),
        Prefetch("successions_out", queryset=PartySuccession.objects.select_related("successor")),
    )
    serializer_class = PartySerializer
    permission_classes = [ReadForMembersWriteWithModelPerms]
    filterset_class = PartyFilter


class MembershipSerializer(serializers.ModelSerializer):
    municipality_name = serializers.CharField(source="municipality.name_fi", read_only=True)

    class Meta:
        model = EmploymentAreaMembership
        fields = ["id", "municipality", "municipality_name", "start", "end"]


class EmploymentAreaSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = EmploymentArea
        fields = ["id", "name_fi", "name_sv", "responsible_municipality", "valid_from", "valid_until", "memberships"]


class EmploymentAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Employment areas (työllisyysalueet) with their member municipalities and periods: read only."""

    queryset = EmploymentArea.objects.prefetch_related("memberships__municipality").order_by("name_fi")
    serializer_class = EmploymentAreaSerializer


def register(router) -> None:
    router.register("parties", PartyViewSet, basename="party")
    router.register("employment-areas", EmploymentAreaViewSet, basename="employment-area")
