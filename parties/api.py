from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from cooperation.base.api import ModelCleanMixin, ReadForMembersWriteWithModelPerms

from .models import EmploymentArea, EmploymentAreaMembership, Party


class PartySerializer(ModelCleanMixin, serializers.ModelSerializer):
    statfin_code = serializers.CharField(read_only=True)

    class Meta:
        model = Party
        fields = [
            "id", "kind", "name_fi", "name_sv", "business_id", "municipality_code", "statfin_code",
            "postal_address", "street_address", "postal_code", "post_office", "website",
            "valid_from", "valid_until", "notes",
        ]


class PartyFilter(filters.FilterSet):
    name = filters.CharFilter(field_name="name_fi", lookup_expr="icontains")

    class Meta:
        model = Party
        fields = ["kind", "business_id", "municipality_code", "name"]


class PartyViewSet(viewsets.ModelViewSet):
    """Parties: every logged-in person reads; portal administrators write."""

    queryset = Party.objects.order_by("name_fi")
    serializer_class = PartySerializer
    permission_classes = [ReadForMembersWriteWithModelPerms]
    filterset_class = PartyFilter


class MembershipSerializer(serializers.ModelSerializer):
    municipality_name = serializers.CharField(source="municipality.name_fi", read_only=True)

    class Meta:
        model = EmploymentAreaMembership
        fields = ["municipality", "municipality_name", "start", "end"]


class EmploymentAreaSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = EmploymentArea
        fields = ["id", "name_fi", "name_sv", "responsible_municipality", "valid_from", "valid_until", "memberships"]


class EmploymentAreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = EmploymentArea.objects.prefetch_related("memberships__municipality").order_by("name_fi")
    serializer_class = EmploymentAreaSerializer


def register(router) -> None:
    router.register("parties", PartyViewSet, basename="party")
    router.register("employment-areas", EmploymentAreaViewSet, basename="employment-area")
