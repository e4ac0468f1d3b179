from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from .models import (
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
    list_filter = ["is_active", "is_staff", "groups", "party"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["party"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "title", "party", "language")}),
        (_("Roles and rights"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "party")}),)
