"""Django admin of procurement. Protected models list through their `visible_to` rule (VisibleInAdminMixin);
staff transfers further only those whose names the person may see, as before."""

from django.contrib import admin

from cooperation.base.visibility import VisibleInAdminMixin

from . import models


class CostShareInline(admin.TabularInline):
    model = models.CostShare
    extra = 0
    autocomplete_fields = ["party"]


class StageInline(admin.TabularInline):
    model = models.ProcurementStage
    extra = 0


class ContractInline(admin.TabularInline):
    model = models.ProcurementContract
    extra = 0
    autocomplete_fields = ["supplier"]


class MilestoneInline(admin.TabularInline):
    model = models.PaymentMilestone
    extra = 0


@admin.register(models.JointProcurement)
class JointProcurementAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "lead_party", "procedure", "cpv_code", "estimated_value", "hilma_notice_number"]
    list_filter = ["procedure", "contract_type"]
    search_fields = ["title", "cpv_code", "hilma_notice_number"]
    autocomplete_fields = ["lead_party"]
    inlines = [CostShareInline, StageInline, ContractInline, MilestoneInline]


@admin.register(models.ProcurementNeed)
class NeedAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "party", "cpv_code", "estimated_value", "status", "created_at"]
    list_filter = ["status", "party"]
    search_fields = ["title", "service_type", "cpv_code"]


@admin.register(models.CoordinationProposal)
class ProposalAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "status", "created_at"]
    filter_horizontal = ["needs"]


@admin.register(models.Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "business_id", "email"]
    search_fields = ["name", "business_id"]


class AdmissionInline(admin.TabularInline):
    model = models.DPSAdmission
    extra = 0
    autocomplete_fields = ["supplier"]


@admin.register(models.DPSCategory)
class DPSCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "procurement"]
    inlines = [AdmissionInline]


@admin.register(models.DisruptionReport)
class DisruptionAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["title", "reporting_party", "contract", "reported_on", "answer_due", "answered_on", "resolved_on"]
    list_filter = ["reporting_party"]


class QuotaInline(admin.TabularInline):
    model = models.Quota
    extra = 0
    can_delete = False
    readonly_fields = ["party", "customer_count", "amount"]


@admin.register(models.QuotaSplit)
class QuotaSplitAdmin(admin.ModelAdmin):
    # Splits are made by the service (exact to the cent) and never edited by hand.
    list_display = ["appropriation", "version", "counts_on", "created_at", "superseded_at"]
    inlines = [QuotaInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Appropriation)
class AppropriationAdmin(admin.ModelAdmin):
    list_display = ["item", "year", "amount", "warning_levels"]


@admin.register(models.QuotaEntry)
class QuotaEntryAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["appropriation", "party", "kind", "amount", "date", "description"]
    list_filter = ["kind", "appropriation"]


class AllocationInline(admin.TabularInline):
    model = models.TransferAllocation
    extra = 0


@admin.register(models.TransferPlan)
class TransferPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "total_person_years", "base_person_years", "temporary_person_years", "temporary_until"]
    inlines = [AllocationInline]


@admin.register(models.StaffTransfer)
class StaffTransferAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ["plan", "to_municipality", "resource", "person_years", "starts_on", "ends_on"]
    list_filter = ["plan", "resource", "to_municipality"]

    def get_queryset(self, request):
        # The change form shows the name: only rows whose names the person may see (the one name rule).
        return super().get_queryset(request).names_visible_to(request.user)
