"""Shared pieces of the REST API: permission classes and validation that matches the forms."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from rest_framework import permissions, serializers

from .limits import DATE_MAX, DATE_MIN


class ModelCleanMixin:
    """Run the model's clean() so the API refuses exactly what the forms refuse."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = self.instance or model()
        for name, value in attrs.items():
            if not isinstance(getattr(model, name, None), property):
                setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


class ReadForMembersWriteWithModelPerms(permissions.DjangoModelPermissions):
    """Any logged-in person reads; writes need the model permission (and the object rule)."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": [], "HEAD": [], "OPTIONS": []}

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        can_edit = getattr(obj, "can_be_edited_by", None)
        return can_edit(request.user) if can_edit else True


class ObjectRulePermission(permissions.BasePermission):
    """Defer to the model's own rules: obj.can_be_viewed_by(user) / obj.can_be_edited_by(user)."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            rule = getattr(obj, "can_be_viewed_by", None)
        else:
            rule = getattr(obj, "can_be_edited_by", None)
        return bool(rule(request.user)) if rule else False


def exception_handler(exc, context):
    """DRF's handler, plus: a deletion the data model refuses answers 409 with the reason.

    Deleting a party that agreements still name raises ProtectedError deep in the ORM; without
    this it answered 500. The message is the one pages show (cooperation.base.middleware).
    """
    from django.db.models import ProtectedError, RestrictedError
    from rest_framework import status
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_exception_handler

    from .middleware import refused_deletion_message

    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": refused_deletion_message(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class YearFilter(filters.NumberFilter):
    """?year=YYYY within the years a date may have (cooperation.base.limits); else 400, never 500."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", DATE_MIN.year)
        kwargs.setdefault("max_value", DATE_MAX.year)
        kwargs.setdefault("decimal_places", 0)  # ?year=2026.5 is a 400 too
        super().__init__(*args, **kwargs)
