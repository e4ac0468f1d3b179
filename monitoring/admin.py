from django.contrib import admin

from cooperation.base.visibility import VisibleInAdminMixin

from . import services
from .models import (
    AreaMembership,
    Commentary,
    ImportBatch,
    Metric,
    Observation,
    ReferenceArea,
    ReportDownload,
    ReportRequest,
    StatFinFetch,
    Target,
)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("number", "code", "name_fi", "unit", "good_direction", "source_kind", "source_code", "is_active",
                    "key_figure_order")
    # The knowledge-management group picks the dashboard's key figures here.
    list_editable = ("key_figure_order",)
    search_fields = ("code", "name_fi", "name_sv", "name_en", "source_code")
    list_filter = ("source_kind", "unit", "is_active", "aggregation")
    raw_id_fields = ("numerator", "denominator")


@admin.register(ReferenceArea)
class ReferenceAreaAdmin(admin.ModelAdmin):
    """Read here, changed by `manage.py load_classification` (the file keeps the source and date)."""

    list_display = ("code", "kind", "name_fi", "name_sv", "region_code", "valid_until")
    list_filter = ("kind", "region_code")
    search_fields = ("code", "name_fi", "name_sv")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AreaMembership)
class AreaMembershipAdmin(ReferenceAreaAdmin):
    list_display = ("municipality", "area", "start", "end", "certain")
    list_filter = ("certain",)
    search_fields = ("municipality__name_fi", "area__name_fi")
    list_select_related = ("municipality", "area")


@admin.register(StatFinFetch)
class StatFinFetchAdmin(ReferenceAreaAdmin):
    list_display = ("created_at", "table", "status", "new_count", "changed_count", "jump_count", "error")
    list_filter = ("status", "table")
    search_fields = ("table", "error")


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ("metric", "area_code", "month", "breakdown", "value", "suppressed", "source", "batch")
    list_filter = ("metric", "suppressed")
    search_fields = ("area_code",)
    raw_id_fields = ("batch", "entered_by")
    list_select_related = ("metric", "batch")


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("metric", "kind", "area_code", "value", "period_start", "period_end")

    # Through the services, as on the pages: the overlap re-check under a lock, the rule, the audit actor.
    def save_model(self, request, obj, form, change):
        services.target_save(target=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.target_delete(target=obj, acting_user=request.user)


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ("month", "written_by", "updated_at")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "format", "file_name", "status", "created_by", "created_count", "updated_count")
    exclude = ("content",)


@admin.register(ReportRequest)
class ReportRequestAdmin(VisibleInAdminMixin, admin.ModelAdmin):
    list_display = ("month", "authority", "language", "version", "status", "created_at", "finished_at")
    list_filter = ("status",)


admin.site.register(ReportDownload)
