"""REST endpoints of workgroups, added to /api/v1/ by cooperation.api.build_router.

Lists are filtered with the same `visible_to(user)` querysets as the pages (the meetings' agenda
items too). Anonymous clients get the open data: bodies, published meetings with their public items
and the public decisions of published minutes (the `open_data()` part of the same rules). Writes go
through workgroups.services, which check the model rules and record the caller as the audit actor.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cooperation.base import decision_metrics
from cooperation.base.api import ModelCleanMixin, ObjectRulePermission, YearFilter
from cooperation.base.pagination import OFFSET_PAGES, CappedPageNumberPagination, DeepPageRefused, keyset_paginate

from . import services
from .models import ActionItem, AgendaItem, Body, Decision, Meeting, Membership
from .ordering import DECISION_KEYSET, DECISION_ORDER
from .personal_data import redact, reveal
from .search import search_decisions


def readable(model, user):
    """The rows the caller may read: the model's rule for a person, its open data for anonymous clients."""
    if user.is_authenticated:
        return model.objects.visible_to(user)
    return model.objects.open_data()  # visibility: anonymous clients get the public part of the same rule


class RegisterWritesMixin:
    """Writes of the register (bodies, memberships) go through services.register_save / register_delete,
    so the caller is the audit actor also with token authentication."""

    def perform_create(self, serializer):
        serializer.instance = services.register_save(obj=serializer.Meta.model(**serializer.validated_data),
                                                     acting_user=self.request.user)

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        services.register_save(obj=instance, acting_user=self.request.user)

    def perform_destroy(self, instance):
        services.register_delete(obj=instance, acting_user=self.request.user)


class ReadOpenWriteAdmin(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads (open data); writes need the model permission (administrators)."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": [], "HEAD": [], "OPTIONS": []}


class BodySerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "kind", "name_fi", "name_sv", "short_name", "parent", "mandate", "legal_basis",
                  "quorum_minimum", "quorum_requires_chair", "active"]


class BodyViewSet(RegisterWritesMixin, viewsets.ModelViewSet):
    """Bodies are public information: anyone reads, administrators write."""

    queryset = Body.objects.order_by("kind", "name_fi")
    serializer_class = BodySerializer
    permission_classes = [ReadOpenWriteAdmin]
    filterset_fields = ["kind", "parent", "active"]


class BodyMembershipSerializer(ModelCleanMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "body", "term", "user", "person_name", "name", "title", "role", "voting", "party",
                  "deputy_for", "start", "end"]
        extra_kwargs = {"user": {"write_only": True}}


class MembershipViewSet(RegisterWritesMixin, viewsets.ModelViewSet):
    """Who sits in which body (public to logged-in people); administrators manage the register."""

    serializer_class = BodyMembershipSerializer
    permission_classes = [permissions.IsAuthenticated, permissions.DjangoModelPermissions]
    filterset_fields = ["body", "role", "party"]

    def get_queryset(self):
        return Membership.objects.visible_to(self.request.user).select_related("user").order_by("body", "role", "pk")

    def get_permissions(self):
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.IsAuthenticated()]
        return super().get_permissions()


class AgendaItemBriefSerializer(serializers.ModelSerializer):
    section = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "publicity", "secrecy_ground", "section"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_section(self, item):
        decision = getattr(item, "decision", None)
        return decision.section if decision else None


class MeetingListSerializer(serializers.ModelSerializer):
    """A meeting in a list: no agenda (a page of 50 meetings would carry ~1 000 items); `url` gives it."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="meeting-detail")

    class Meta:
        model = Meeting
        fields = ["id", "url", "body", "title", "starts_at", "ends_at", "location", "status", "status_display",
                  "locked_at", "published_at"]


class MeetingSerializer(MeetingListSerializer):
    """One meeting with the agenda items the caller may see."""

    items = serializers.SerializerMethodField()

    class Meta(MeetingListSerializer.Meta):
        fields = [*MeetingListSerializer.Meta.fields, "items"]

    @extend_schema_field(AgendaItemBriefSerializer(many=True))
    def get_items(self, meeting):
        # Prefetched through AgendaItemQuerySet.visible_to (MeetingViewSet.get_queryset).
        return AgendaItemBriefSerializer(meeting.visible_items, many=True).data


class MeetingFilter(filters.FilterSet):
    year = YearFilter(field_name="starts_at", lookup_expr="year")

    class Meta:
        model = Meeting
        fields = ["body", "status", "year"]


MEETING_EXAMPLE = OpenApiExample("A published meeting of the steering group", response_only=True, value={
    "id": 41, "url": "https://portal.example/groups/meetings/41/", "body": 1,
    "title": "Ohjausryhmä 3/2026", "starts_at": "2026-03-10T13:00:00+02:00", "ends_at": "2026-03-10T15:00:00+02:00",
    "location": "Lahden kaupungintalo, Harjukatu 31", "status": "published", "status_display": "Pöytäkirja julkaistu",
    "locked_at": "2026-03-16T09:12:00+02:00", "published_at": "2026-03-17T08:00:00+02:00",
    "items": [{"id": 310, "order": 1, "title": "Työllisyyspalvelujen seurantaraportti 2/2026",
               "publicity": "public", "secrecy_ground": "", "section": "§ 12"}]})
DECISION_EXAMPLE = OpenApiExample("A decision of the steering group", response_only=True, value={
    "id": 1207, "body": 1, "section": "§ 12", "section_year": 2026, "section_number": 12,
    "title": "Työllisyyspalvelujen seurantaraportti 2/2026", "meeting": 41,
    "meeting_date": "2026-03-10T13:00:00+02:00", "register_number": "LAH/1234/00.04.01/2026",
    "resolution": "approved", "resolution_display": "Hyväksytty ehdotuksen mukaan",
    "text": "Ohjausryhmä merkitsi seurantaraportin tiedoksi.", "dissent": "", "locked": True})


@extend_schema_view(retrieve=extend_schema(examples=[MEETING_EXAMPLE]))
class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings: members see their bodies' meetings; everyone (also anonymous) sees published ones."""

    permission_classes = [permissions.AllowAny]
    filterset_class = MeetingFilter

    def get_serializer_class(self):
        return MeetingListSerializer if self.action == "list" else MeetingSerializer

    def get_queryset(self):
        user = self.request.user
        meetings = readable(Meeting, user).order_by("-starts_at", "-pk")
        if self.action == "list":
            return meetings
        items = readable(AgendaItem, user).select_related("decision").order_by("order")
        return meetings.prefetch_related(Prefetch("items", queryset=items, to_attr="visible_items"))


class LinkedMetricSerializer(serializers.Serializer):
    """A metric (in an area) the decision aims to move (cooperation.base.decision_metrics; monitoring keeps them)."""

    metric = serializers.CharField(source="metric_code")
    metric_name = serializers.CharField()
    area = serializers.CharField(source="area_code")
    area_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=["up", "down"])
    target_value = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    target_date = serializers.DateField(allow_null=True)


class DecisionSerializer(serializers.ModelSerializer):
    section = serializers.CharField(read_only=True)
    title = serializers.CharField(source="agenda_item.title", read_only=True)
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    meeting_date = serializers.DateTimeField(source="agenda_item.meeting.starts_at", read_only=True)
    register_number = serializers.CharField(source="agenda_item.matter.register_number", read_only=True,
                                            default=None, allow_null=True)
    resolution_display = serializers.CharField(source="get_resolution_display", read_only=True)
    locked = serializers.BooleanField(source="is_locked", read_only=True)
    linked_metrics = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "body", "section", "section_year", "section_number", "title", "meeting", "meeting_date",
                  "register_number", "resolution", "resolution_display", "text", "dissent", "locked",
                  "linked_metrics"]
        read_only_fields = ["body", "section_year", "section_number"]

    def to_representation(self, decision):
        """For anonymous clients (open data) the texts as the public web shows them: personal data marked
        in the minutes ("[[name]]") without the marks, and removed once the appeal period has ended
        (kuntalaki 140 §, workgroups.public). People who are logged in get the texts as stored, marks
        included, so that a text read and written back keeps them."""
        data = super().to_representation(decision)
        request = self.context.get("request")
        if request is None or request.user.is_authenticated:
            return data
        ends = decision.agenda_item.meeting.appeal_period_ends()
        removed = ends is not None and timezone.now() >= ends
        for field in ("text", "dissent"):
            if data.get(field):
                data[field] = redact(data[field]) if removed else reveal(data[field])
        return data

    @extend_schema_field(LinkedMetricSerializer(many=True))
    def get_linked_metrics(self, decision):
        # Read once for the whole page of a list (the context is shared by the list's rows).
        links = self.context.get("linked_metrics")
        if links is None or decision.pk not in links.get("_ids", ()):
            page = self.parent.instance if self.parent is not None and self.parent.instance is not None \
                else [decision]
            ids = [d.pk for d in page]
            request = self.context.get("request")
            links = {"_ids": set(ids), **decision_metrics.linked_metrics(ids, getattr(request, "user", None))}
            self.context["linked_metrics"] = links
        return LinkedMetricSerializer(links.get(decision.pk, []), many=True).data

    def update(self, instance, validated_data):
        # Same path as the page: the service checks the secretary's right and the lock.
        try:
            return services.decision_record(
                item=instance.agenda_item, acting_user=self.context["request"].user,
                resolution=validated_data.get("resolution", instance.resolution),
                text=validated_data.get("text", instance.text),
                dissent=validated_data.get("dissent", instance.dissent),
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class DecisionFilter(filters.FilterSet):
    year = YearFilter(field_name="section_year")
    text = filters.CharFilter(method="filter_text", label="Full-text search")

    class Meta:
        model = Decision
        fields = ["body", "year", "resolution", "text"]

    def filter_text(self, queryset, name, value):
        # Anonymous clients read open data: marked personal data is not searchable there.
        user = getattr(self.request, "user", None)
        return search_decisions(queryset, value, personal=bool(user and user.is_authenticated))


class DecisionPagination(CappedPageNumberPagination):
    """Numbered pages while the list is at most 200 rows or the page is one of the first four; beyond,
    `next` / `previous` carry `after=` / `before=` (the sort key of the last / first row), so a deep
    page costs what the first does. A page number past the first four of a longer list is 404."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        try:
            self.page = keyset_paginate(request.query_params, queryset, DECISION_KEYSET,
                                        per_page=self.get_page_size(request))
        except DeepPageRefused:
            raise NotFound(f"Page numbers go up to {OFFSET_PAGES} on a list this long; follow `next`.") from None
        return list(self.page.object_list)

    def _link(self, query: str | None) -> str | None:
        if query is None:
            return None
        return self.request.build_absolute_uri(self.request.path + (f"?{query}" if query else ""))

    def get_paginated_response(self, data):
        page = self.page
        keyed = getattr(page, "keyset", False)
        if not keyed:
            return super().get_paginated_response(data)
        return Response({
            "count": page.paginator.count,
            "count_capped": page.paginator.count_capped,
            "next": self._link(page.next_query) if page.has_next() else None,
            "previous": self._link(page.previous_query) if page.has_previous() else None,
            "results": data,
        })


@extend_schema_view(retrieve=extend_schema(examples=[DECISION_EXAMPLE]))
class DecisionViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions. Open data: anyone reads the public decisions of published minutes. Members read their
    bodies' decisions; the body's secretary may revise a decision until the minutes lock."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    pagination_class = DecisionPagination
    http_method_names = ["get", "patch", "head", "options"]

    def get_permissions(self):
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated(), ObjectRulePermission()]

    def get_queryset(self):
        return readable(Decision, self.request.user).select_related(
            "body", "agenda_item__meeting", "agenda_item__matter",
        ).order_by(*DECISION_ORDER)


class ActionItemSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner_display", read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "body", "decision", "title", "description", "owner", "owner_body", "owner_name", "party",
                  "due_date", "status", "status_note", "completed_at"]
        read_only_fields = ["body", "decision", "title", "description", "owner", "owner_body", "party",
                            "due_date", "completed_at"]

    def update(self, instance, validated_data):
        return services.action_item_set_status(
            item=instance, acting_user=self.context["request"].user,
            status=validated_data.get("status", instance.status), note=validated_data.get("status_note", ""),
        )


class ActionItemViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Action items of the person's bodies and their own; owners update the status (PATCH)."""

    serializer_class = ActionItemSerializer
    permission_classes = [permissions.IsAuthenticated, ObjectRulePermission]
    filterset_fields = ["body", "status", "party", "owner"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return ActionItem.objects.visible_to(self.request.user).select_related("owner", "owner_body").order_by(
            "due_date", "pk")


def register(router) -> None:
    router.register("bodies", BodyViewSet, basename="body")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("action-items", ActionItemViewSet, basename="action-item")
