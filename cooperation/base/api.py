"""Shared pieces of the REST API: permission classes and validation that matches the forms."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, serializers


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
