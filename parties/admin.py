from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from .models import (
    ApiToken,
    ApiTokenUse,
    ContactPerson,
    EmploymentArea,
    EmploymentAreaMembership,
    EmploymentAuthority,
    Party,
    PartyName,
    PartySuccession,
    User,
)


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    autocomplete_fields = ["user"]


class SuccessorInline(admin.TabularInline):
    model = PartySuccession
    fk_name = "predecessor"
    extra = 0
    verbose_name = _("successor")
    verbose_name_plural = _("successors")
    autocomplete_fields = ["successor"]


class FormerNameInline(admin.TabularInline):
    model = PartyName
    extra = 0


@admin.register(Party)
class PartyAdmin(GuardedModelAdmin):
    list_display = ["name_fi", "kind", "business_id", "municipality_code", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["name_fi", "name_sv", "business_id", "municipality_code"]
    inlines = [ContactInline, FormerNameInline, SuccessorInline]


class MembershipInline(admin.TabularInline):
    model = EmploymentAreaMembership
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(EmploymentArea)
class EmploymentAreaAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "responsible_municipality", "valid_from", "valid_until"]
    inlines = [MembershipInline]
    autocomplete_fields = ["responsible_municipality"]


@admin.register(EmploymentAuthority)
class EmploymentAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "party", "employment_area", "valid_from"]


@admin.register(PartySuccession)
class PartySuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date", "source"]
    autocomplete_fields = ["predecessor", "successor"]


class PortalUserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "party")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = PortalUserCreationForm
    form = PortalUserChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "party", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_service_account", "groups", "party"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["party"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "title", "party", "language")}),
        (_("Roles and rights"), {"fields": ("is_active", "is_staff", "is_superuser", "is_service_account", "groups",
                                                "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "party")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with `manage.py create_service_token` (the key is shown once); here they
    are seen, revoked (set "revoked") and their use followed."""

    list_display = ["name", "user", "prefix", "scopes", "expires_at", "revoked_at", "last_used_at", "last_used_ip"]
    list_filter = ["revoked_at"]
    fields = ["user", "name", "prefix", "scopes", "created_at", "created_by", "expires_at", "revoked_at",
              "last_used_at", "last_used_ip"]
    readonly_fields = ["user", "prefix", "scopes", "created_at", "created_by", "last_used_at", "last_used_ip"]

    def has_add_permission(self, request):
        return False


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    list_display = ["at", "token", "method", "path", "ip_address", "allowed"]
    list_filter = ["allowed", "method"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
